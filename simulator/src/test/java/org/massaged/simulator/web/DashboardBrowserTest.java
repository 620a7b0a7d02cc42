package org.massaged.simulator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.web.Dashboard;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless chromium, driven through its chromedriver) against the real
 * daemon driving the virtual massager over TCP: the page loads, shows the idle state, shows a rejected command's
 * reason, starts a session and follows it, and its emergency stop brings the simulated motor to zero. Screenshots
 * at phone and desktop widths go to target/screenshots (docs/ has copies).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PROFILE = "body-massager-serial";
    private static final Duration PAGE = Duration.ofSeconds(15);

    @TempDir
    static Path directory;

    private VirtualMassager massager;
    private Daemon.Parts parts;
    private Daemon daemon;
    private ChromeDriver browser;
    private String address;

    @BeforeAll
    void start() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser tests need Debian's chromium and chromedriver: apt-get install chromium "
                        + "chromium-driver (.ci/run installs them)").isTrue();
        DeviceProfile profile = withoutRest(ProfileCatalogue.builtIn().find(PROFILE).orElseThrow());
        massager = VirtualMassager.start(profile, SimulatorOptions.defaults());
        DaemonConfig config = new ConfigLoader(Map.of()).loadForSimulation(Optional.empty(), PROFILE);
        config = new DaemonConfig(config.profile(), Optional.empty(), Optional.empty(), config.defaultProgram(),
                config.device(), Optional.empty(), directory.resolve("journal.jsonl"), false,
                config.remoteStartPolicy(), new DaemonConfig.LocalControl(false, directory.resolve("sock")),
                config.tickHz(), true)
                .withDashboard(new DaemonConfig.Dashboard(true, DaemonConfig.Dashboard.LOOPBACK, 0, Optional.empty()));
        parts = new DaemonAssembler().parts(config, profile, () -> { },
                Optional.of(LinkDevice.tcp(profile, "127.0.0.1", massager.tcpPort())), Clocks.accelerated(5));
        daemon = Daemon.start(parts);
        Dashboard dashboard = parts.observers().stream().filter(Dashboard.class::isInstance)
                .map(Dashboard.class::cast).findFirst().orElseThrow();
        address = "http://127.0.0.1:" + dashboard.address().getPort() + "/";
        browser = chromium();
    }

    static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.close();
            parts.closeObserversAndJournal();
        }
        if (massager != null) {
            massager.close();
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    @Order(1)
    void thePageShowsTheLiveStateAndTheControlsOfTheTable() {
        browser.get(address);

        await().atMost(PAGE).until(() -> text("phase").startsWith("idle"));
        await().atMost(PAGE).until(() -> text("link").equals("live"));
        assertThat(browser.findElements(By.cssSelector("#start-program option"))).isNotEmpty();
        assertThat(browser.findElement(By.id("action-too_much")).getText()).isEqualTo("Too much");
        assertThat(browser.findElement(By.id("emergency-stop")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#zones li"))).isNotEmpty();
    }

    @Test
    @Order(2)
    void aRejectedCommandShowsItsReason() {
        browser.findElement(By.id("action-resume")).click();

        await().atMost(PAGE).until(() -> text("answer").startsWith("rejected"));
        assertThat(text("answer")).isEqualTo("rejected (not-paused): The session is not paused.");
        assertThat(browser.findElement(By.id("answer")).getAttribute("class")).isEqualTo("rejected");
    }

    @Test
    @Order(3)
    void aSessionStartedOnThePageIsFollowedAndTheEmergencyStopBringsTheMotorToZero() {
        WebElement minutes = browser.findElement(By.id("start-minutes"));
        minutes.clear();
        minutes.sendKeys("5");
        browser.findElement(By.id("start-button")).click();

        await().atMost(PAGE).until(() -> text("answer").startsWith("accepted"));
        await().atMost(PAGE).until(() -> text("phase").startsWith("running"));
        await().atMost(PAGE).until(() -> massager.zoneSteps("back") > 0);
        await().atMost(PAGE).until(() -> (Boolean) browser.executeScript("return [...document.querySelectorAll("
                + "'#zones .zone-level')].some(level => parseFloat(level.textContent) > 0);"));
        assertThat(massager.zoneSteps("back")).as("the motor runs until the click").isPositive();

        long clicked = System.nanoTime();
        browser.findElement(By.id("emergency-stop")).click();
        double toZero = msUntilTheMotorStops(clicked);

        assertThat(massager.zoneSteps("back")).as("the simulated motor").isZero();
        await().atMost(PAGE).until(() -> text("phase").startsWith("emergency_stop"));
        System.out.printf("dashboard: e-stop click -> motor at zero in %.1f ms%n", toZero);
    }

    /**
     * Not a check: the numbers in docs/benchmarks.md. Run with {@code -Ddashboard.bench=20}: that many sessions,
     * each started on the page and ended by its emergency stop.
     */
    @Test
    @Order(4)
    void latencies() {
        int runs = Integer.getInteger("dashboard.bench", 0);
        List<Double> shown = new ArrayList<>();
        List<Double> stopped = new ArrayList<>();
        JavascriptExecutor js = browser;
        for (int i = 0; i < runs; i++) {
            browser.findElement(By.id("action-reset")).click();
            await().atMost(PAGE).until(() -> text("phase").startsWith("idle"));
            Object ms = js.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const phase = document.getElementById('phase');
                    const before = phase.textContent;
                    const observer = new MutationObserver(() => {
                      if (phase.textContent !== before) { observer.disconnect(); done(performance.now() - t0); }
                    });
                    observer.observe(phase, {childList: true, characterData: true, subtree: true});
                    const t0 = performance.now();
                    document.getElementById('start-button').click();""");
            shown.add(((Number) ms).doubleValue());
            await().atMost(PAGE).until(() -> massager.zoneSteps("back") > 0);
            long clicked = System.nanoTime();
            js.executeScript("document.getElementById('emergency-stop').click();");
            stopped.add(msUntilTheMotorStops(clicked));
        }
        List<Double> direct = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < runs; i++) {
            browser.findElement(By.id("action-reset")).click();
            await().atMost(PAGE).until(() -> text("phase").startsWith("idle"));
            browser.findElement(By.id("start-button")).click();
            await().atMost(PAGE).until(() -> massager.zoneSteps("back") > 0);
            long sent = System.nanoTime();
            http.sendAsync(HttpRequest.newBuilder(URI.create(address + "api/command"))
                    .header("Content-Type", "application/json").header("Origin", address.substring(0, address.length() - 1))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"emergency_stop\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            direct.add(msUntilTheMotorStops(sent));
        }
        if (runs > 0) {
            System.out.println("dashboard bench: POST emergency_stop (java.net.http) -> motor at zero (ms) "
                    + summary(direct));
            System.out.println("dashboard bench: start click -> page shows the new phase (ms) " + summary(shown));
            System.out.println("dashboard bench: e-stop click (a script's click() through WebDriver) -> motor at zero"
                    + " (ms) " + summary(stopped));
        }
    }

    /** Screenshots for docs/ of a session started on the page, at desktop and phone widths. */
    @Test
    @Order(5)
    void aRunningSessionAtDesktopAndPhoneWidths() {
        browser.findElement(By.id("action-reset")).click();
        await().atMost(PAGE).until(() -> text("phase").startsWith("idle"));
        browser.findElement(By.id("start-button")).click();
        await().atMost(PAGE).until(() -> text("phase").startsWith("running"));
        await().atMost(PAGE).until(() -> (Boolean) browser.executeScript("return [...document.querySelectorAll("
                + "'#zones .zone-level')].some(level => parseFloat(level.textContent) > 0);"));
        screenshots();
        browser.findElement(By.id("action-stop")).click();
        await().atMost(PAGE).until(() -> text("answer").startsWith("accepted"));
    }

    @Test
    @Order(6)
    void theHistoryListsTheSessionsJustRunAndDrawsOnesGraph() {
        // newest first: the session stopped on the page, then the one ended by its emergency stop
        await().atMost(PAGE).until(() -> endedBy().size() >= 2 && endedBy().get(0).equals("stop:web"));
        assertThat(endedBy().get(1)).isEqualTo("emergency-stop:web");
        assertThat(column(7).get(0)).as("the stopped session's vibration exposure (the profile declares its figures)")
                .matches("\\d+\\.\\d");
        assertThat(text("last-session")).as("the state's last session").contains(" min, stop (");
        assertThat(text("dose")).as("the state's dose (the profile declares its vibration figures)")
                .matches("A\\(8\\) \\d+\\.\\d{3} m/s²");
        // the list is read again after each event: a row found a moment ago may have been replaced
        // scrolled to the middle of the screen first, as a person would: the emergency stop bar stays on top of
        // whatever is at the bottom edge
        await().atMost(PAGE).ignoreExceptions().untilAsserted(() -> {
            WebElement graph = browser.findElements(By.cssSelector("#history-rows tr")).get(0)
                    .findElement(By.tagName("button"));
            browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", graph);
            graph.click();
        });

        await().atMost(PAGE).until(() -> !browser.findElements(By.cssSelector("#history-graph polyline.level"))
                .isEmpty());
        String points = browser.findElement(By.cssSelector("#history-graph polyline.level")).getAttribute("points");
        assertThat(points.split(" ")).as("a sample a second of the session's level").hasSizeGreaterThan(2);
        assertThat(points.split(" ")).anySatisfy(point -> assertThat(Double.parseDouble(point.split(",")[1]))
                .as("the level driven during the session").isPositive());
        assertThat(text("history-summary")).startsWith("Session ");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('history-title').scrollIntoView();");
        screenshot("dashboard-history.png");
    }

    /** The history's "ended by" column, newest first. */
    private List<String> endedBy() {
        return column(6);
    }

    /** A column of the history, newest first, read in one go (the page may replace the rows any time). */
    @SuppressWarnings("unchecked")
    private List<String> column(int number) {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll("
                + "'#history-rows tr td:nth-child(" + number + ")')].map(cell => cell.textContent);");
    }

    @Test
    @Order(7)
    void theProgramPreviewDrawsTheChosenProgramsEnvelope() {
        List<WebElement> programs = browser.findElements(By.cssSelector("#start-program option"));
        String chosen = programs.get(programs.size() - 1).getAttribute("value");
        programs.get(programs.size() - 1).click();
        WebElement minutes = browser.findElement(By.id("start-minutes"));
        minutes.clear();
        minutes.sendKeys("5");
        WebElement level = browser.findElement(By.id("start-level"));
        level.clear();
        level.sendKeys("2");
        browser.findElement(By.id("preview-button")).click();

        await().atMost(PAGE).until(() -> !browser.findElements(By.cssSelector("#preview-graph polyline.envelope"))
                .isEmpty());
        assertThat(text("preview-summary")).startsWith(chosen + " at level 2: ").contains("peak level");
        String points = browser.findElement(By.cssSelector("#preview-graph polyline.envelope")).getAttribute("points");
        String[] last = points.split(" ")[points.split(" ").length - 1].split(",");
        assertThat(Double.parseDouble(last[0])).as("the plan runs about 5 minutes").isBetween(290.0, 320.0);
        assertThat(browser.findElement(By.cssSelector("#preview-graph svg title")).getAttribute("textContent"))
                .contains(chosen);
    }

    /** Watches the simulated motor closely (no sleep): milliseconds from {@code since} until it drives nothing. */
    private double msUntilTheMotorStops(long since) {
        while (massager.zoneSteps("back") != 0 && System.nanoTime() - since < PAGE.toNanos()) {
            Thread.onSpinWait();
        }
        return (System.nanoTime() - since) / 1e6;
    }

    private static String summary(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return "n=" + sorted.size() + " median=" + String.format("%.1f", sorted.get(sorted.size() / 2))
                + " p99=" + String.format("%.1f", sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1))
                + " all=" + sorted;
    }

    /** The running session at desktop and phone widths (the viewport's, as a person sees it). */
    private void screenshots() {
        resizeViewport(1280, 800);
        screenshot("dashboard-desktop.png");
        resizeViewport(390, 844);
        assertThat(browser.findElement(By.id("emergency-stop")).isDisplayed()).as("on a phone too").isTrue();
        screenshot("dashboard-phone.png");
        resizeViewport(1280, 800);
    }

    private void resizeViewport(int width, int height) {
        Dimension window = browser.manage().window().getSize();
        long innerWidth = (Long) browser.executeScript("return window.innerWidth;");
        long innerHeight = (Long) browser.executeScript("return window.innerHeight;");
        browser.manage().window().setSize(new Dimension(width + window.getWidth() - (int) innerWidth,
                height + window.getHeight() - (int) innerHeight));
    }

    private void screenshot(String name) {
        try {
            Path target = Files.createDirectories(Path.of("target/screenshots"));
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DeviceProfile withoutRest(DeviceProfile shipped) {
        return shipped.withSession(shipped.session().withMinRest(Duration.ZERO));
    }
}
