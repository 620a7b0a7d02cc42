package org.massaged.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.history.HistoryBounds;
import org.massaged.controller.history.HistoryStore;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.local.RecordingPort;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP surface, over real HTTP against the real server: loopback by default, the token on every
 * request, commands only as same-origin JSON POSTs, the socket's own answers, and the state document pushed byte
 * for byte. The control thread is stood in for by {@link RecordingPort}, as in the socket's tests.
 */
class DashboardTest {

    private static final String TOKEN = "0123456789abcdef0123";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingPort port = new RecordingPort();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Dashboard> started = new ArrayList<>();
    @TempDir
    Path directory;
    private HistoryStore history;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void stop() {
        started.forEach(Dashboard::close);
        ((Logger) LoggerFactory.getLogger(Dashboard.class)).detachAppender(logged);
    }

    private Dashboard start(Optional<String> token) throws IOException {
        history = new HistoryStore(directory.resolve("journal.history"), HistoryBounds.DEFAULT);
        logged.start();
        ((Logger) LoggerFactory.getLogger(Dashboard.class)).addAppender(logged);
        Dashboard dashboard = Dashboard.start(new DaemonConfig.Dashboard(true, DaemonConfig.Dashboard.LOOPBACK, 0,
                token), (command, reply) -> port.submit(command).thenAccept(reply), engine(), history);
        started.add(dashboard);
        return dashboard;
    }

    private static Limits limits() {
        return Limits.of(engine());
    }

    private static EngineConfig engine() {
        ProgramCatalogue programs = ProgramCatalogue.builtIn(ProfileCatalogue.builtIn());
        return (new EngineConfig(ProfileCatalogue.builtIn().find("lumbar-duo-serial").orElseThrow(),
                programs.byId(), ProgramCatalogue.DEFAULT_PROGRAM, false, RemoteStartPolicy.ALLOWED));
    }

    private static String base(Dashboard dashboard) {
        return "http://127.0.0.1:" + dashboard.address().getPort();
    }

    private HttpResponse<String> get(Dashboard dashboard, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(dashboard) + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Dashboard dashboard, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(dashboard) + "/api/command"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String[] sameOrigin(Dashboard dashboard, String... more) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Origin", base(dashboard)));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    @Test
    void itListensOnLoopbackUnlessConfiguredOtherwise() throws Exception {
        assertThat(DaemonConfig.Dashboard.off().bind()).isEqualTo("127.0.0.1");
        Dashboard dashboard = start(Optional.empty());

        assertThat(dashboard.address().getAddress().isLoopbackAddress()).isTrue();
        HttpResponse<String> page = get(dashboard, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"app.js\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).startsWith("default-src 'self'"));
    }

    @Test
    void aPortInUseIsASentenceNamingTheSetting() throws Exception {
        Dashboard first = start(Optional.empty());

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> Dashboard.start(
                new DaemonConfig.Dashboard(true, DaemonConfig.Dashboard.LOOPBACK, first.address().getPort(),
                        Optional.empty()), (command, reply) -> { }, engine(), history));

        assertThat(refused).isInstanceOf(IOException.class).hasMessageContaining("dashboard.port")
                .hasMessageContaining("127.0.0.1:" + first.address().getPort());
    }

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        Dashboard dashboard = start(Optional.of(TOKEN));

        for (String path : List.of("/", "/app.js", "/style.css", "/api/controls", "/api/events", "/api/state")) {
            assertThat(get(dashboard, path).statusCode()).as(path).isEqualTo(401);
            assertThat(get(dashboard, path, "Authorization", "Bearer wrong-token-wrong-token").statusCode())
                    .as(path).isEqualTo(401);
        }
        HttpResponse<String> command = post(dashboard, "{\"command\":\"stop\"}", sameOrigin(dashboard));
        assertThat(command.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(command.body()).get("reason").asText()).isEqualTo("unauthorized");
        assertThat(port.submitted).isEmpty();

        assertThat(get(dashboard, "/app.js", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(post(dashboard, "{\"command\":\"stop\"}", sameOrigin(dashboard, "Authorization",
                "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
        assertThat(port.submitted).containsExactly(new Command.Stop(Origin.WEB));
    }

    @Test
    void theTokenLoginSetsACookieAndDropsTheTokenFromTheAddress() throws Exception {
        Dashboard dashboard = start(Optional.of(TOKEN));

        assertThat(get(dashboard, "/?token=not-the-token").statusCode()).isEqualTo(401);
        HttpResponse<String> login = get(dashboard, "/?token=" + TOKEN);

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
        String pair = cookie.split(";")[0];
        assertThat(get(dashboard, "/", "Cookie", pair).statusCode()).isEqualTo(200);
        assertThat(get(dashboard, "/api/controls", "Cookie", pair).statusCode()).isEqualTo(200);
    }

    /** Behind a reverse proxy on this machine that speaks TLS to the browser, the cookie is sent over TLS only. */
    @Test
    void behindALocalTlsProxyTheCookieIsSecure() throws Exception {
        Dashboard dashboard = start(Optional.of(TOKEN));

        HttpResponse<String> login = get(dashboard, "/?token=" + TOKEN, "X-Forwarded-Proto", "https");

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow().split("; "))
                .contains("HttpOnly", "SameSite=Strict", "Secure");
        assertThat(get(dashboard, "/?token=" + TOKEN, "X-Forwarded-Proto", "http").headers()
                .firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
    }

    /**
     * Bound to the network, the page's start is a remote one and obeys {@code remoteStart} as MQTT's does; the
     * control thread is a real session engine here, so the answer is the policy's own.
     */
    @Test
    void onTheNetworkAStartFromThePageObeysTheRemoteStartPolicy() throws Exception {
        String address = networkAddress().orElse("0.0.0.0");
        Dashboard dashboard = startWithEngine(address, Optional.of(TOKEN), RemoteStartPolicy.DISABLED);
        String base = "http://" + (address.equals("0.0.0.0") ? "127.0.0.1" : address) + ":"
                + dashboard.address().getPort();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/command"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"start\",\"minutes\":10}"))
                .headers("Content-Type", "application/json", "Origin", base, "Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("result").asText()).as("bound to %s", address).isEqualTo("rejected");
        assertThat(answer.get("reason").asText()).isEqualTo("remote-start-disabled");
        assertThat(port.submitted).singleElement().satisfies(command ->
                assertThat(command.origin()).isEqualTo(Origin.WEB_REMOTE));
    }

    @Test
    void onLoopbackThePageIsLocalUnlessTheRequestCameThroughAProxy() throws Exception {
        Dashboard dashboard = startWithEngine(DaemonConfig.Dashboard.LOOPBACK, Optional.empty(), RemoteStartPolicy.DISABLED);
        String start = "{\"command\":\"stop\"}";

        post(dashboard, start, sameOrigin(dashboard));
        post(dashboard, start, sameOrigin(dashboard, "X-Forwarded-For", "192.0.2.7"));
        post(dashboard, start, sameOrigin(dashboard, "Forwarded", "for=192.0.2.7;proto=https"));
        HttpResponse<String> proxiedStart = post(dashboard, "{\"command\":\"start\"}",
                sameOrigin(dashboard, "X-Forwarded-Proto", "https"));

        assertThat(port.submitted).extracting(Command::origin)
                .containsExactly(Origin.WEB, Origin.WEB_REMOTE, Origin.WEB_REMOTE, Origin.WEB_REMOTE);
        assertThat(JSON.readTree(proxiedStart.body()).get("reason").asText()).isEqualTo("remote-start-disabled");
    }

    /** A dashboard whose commands a real session engine (link up, nothing else) answers. */
    private Dashboard startWithEngine(String bind, Optional<String> token, RemoteStartPolicy policy) throws IOException {
        history = new HistoryStore(directory.resolve("journal.history"), HistoryBounds.DEFAULT);
        EngineConfig config = new EngineConfig(engine().profile(), engine().programs(), engine().defaultProgram(),
                false, policy);
        org.massaged.controller.safety.SessionEngine sessions = new org.massaged.controller.safety.SessionEngine(
                config, org.massaged.controller.safety.UsageHistory.empty(), System.nanoTime());
        sessions.linkUp(System.nanoTime());
        port.answer = command -> {
            synchronized (sessions) {
                return sessions.handle(command, System.nanoTime(), Instant.now());
            }
        };
        Dashboard dashboard = Dashboard.start(new DaemonConfig.Dashboard(true, bind, 0, token),
                (command, reply) -> port.submit(command).thenAccept(reply), config, history);
        started.add(dashboard);
        return dashboard;
    }

    /** An IPv4 address of this machine that is not loopback, if it has one. */
    private static Optional<String> networkAddress() throws IOException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (java.net.SocketException gone) {
                        return false;
                    }
                })
                .flatMap(network -> network.inetAddresses())
                .filter(address -> address instanceof java.net.Inet4Address && !address.isLinkLocalAddress())
                .map(java.net.InetAddress::getHostAddress).findFirst();
    }

    @Test
    void crossSiteRequestsCannotCommand() throws Exception {
        Dashboard dashboard = start(Optional.empty());
        String stop = "{\"command\":\"stop\"}";

        assertRefused(post(dashboard, stop, "Content-Type", "application/json"), 403, "cross-origin");
        assertRefused(post(dashboard, stop, "Content-Type", "application/json", "Origin", "http://evil.example"),
                403, "cross-origin");
        assertRefused(post(dashboard, stop, "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
                403, "cross-origin");
        assertRefused(post(dashboard, stop, "Content-Type", "text/plain", "Origin", base(dashboard)), 415,
                "unsupported-media-type");
        assertRefused(get(dashboard, "/api/command?command=stop"), 405, "method-not-allowed");
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base(dashboard) + "/api/command"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
        assertThat(port.submitted).isEmpty();

        HttpResponse<String> fetchMetadata = post(dashboard, stop, "Content-Type", "application/json",
                "Sec-Fetch-Site", "same-origin");
        assertThat(fetchMetadata.statusCode()).isEqualTo(200);
        assertThat(port.submitted).containsExactly(new Command.Stop(Origin.WEB));
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("result").asText()).isEqualTo("rejected");
        assertThat(answer.get("reason").asText()).isEqualTo(reason);
        assertThat(answer.get("message").asText()).isNotBlank();
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
    }

    @Test
    void aCommandGetsTheSocketsAnswerFromTheSameIntake() throws Exception {
        Dashboard dashboard = start(Optional.empty());
        port.answer = command -> org.massaged.controller.safety.CommandResult.adjusted("level-capped", "Using 6.");

        HttpResponse<String> response = post(dashboard, "{\"command\":\"level\",\"level\":9}", sameOrigin(dashboard));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("result").asText()).isEqualTo("adjusted");
        assertThat(answer.get("reason").asText()).isEqualTo("level-capped");
        assertThat(answer.get("message").asText()).isEqualTo("Using 6.");
        assertThat(port.submitted).containsExactly(new Command.SetLevel(Origin.WEB, 9));
    }

    @Test
    void badJsonIsRejectedWithItsReasonAndNoStackTrace() throws Exception {
        Dashboard dashboard = start(Optional.empty());

        for (String body : List.of("{\"command\":", "[1,2]", "{\"command\":\"level\",\"level\":\"high\"}",
                "{\"command\":\"fly\"}", "{\"command\":\"stop\",\"force\":true}")) {
            HttpResponse<String> response = post(dashboard, body, sameOrigin(dashboard));
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.get("result").asText()).as(body).isEqualTo("rejected");
            assertThat(answer.get("message").asText()).as(body).isNotBlank().doesNotContain("Exception");
        }
        assertRefused(post(dashboard, "{\"command\":\"stop\",\"transaction\":\"" + "x".repeat(5000) + "\"}",
                sameOrigin(dashboard)), 413, "too-large");
        byte[] notUtf8 = {'{', (byte) 0xff, '}'};
        HttpResponse<String> binary = http.send(HttpRequest.newBuilder(URI.create(base(dashboard) + "/api/command"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)).headers(sameOrigin(dashboard)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(binary.statusCode()).isEqualTo(400);

        assertThat(port.submitted).isEmpty();
        assertThat(logged.list).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
        assertThat(logged.list).noneMatch(line -> line.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    }

    @Test
    void theControlsComeFromTheTable() throws Exception {
        Dashboard dashboard = start(Optional.empty());

        JsonNode controls = JSON.readTree(get(dashboard, "/api/controls").body()).get("controls");

        List<String> names = new ArrayList<>();
        controls.forEach(control -> names.add(control.get("name").asText()));
        assertThat(names).contains("start", "stop", "emergency_stop", "too_much", "pause", "resume", "level",
                "program", "duration");
        JsonNode level = find(controls, "level");
        assertThat(level.get("min").asInt()).isEqualTo(1);
        assertThat(level.get("max").asInt()).isEqualTo(limits().ceiling());
        assertThat(find(controls, "program").get("options")).isNotEmpty();
    }

    private static JsonNode find(JsonNode controls, String name) {
        for (JsonNode control : controls) {
            if (control.get("name").asText().equals(name)) {
                return control;
            }
        }
        throw new AssertionError("no control " + name);
    }

    @Test
    void theEventsCarryTheStateDocumentByteForByte() throws Exception {
        Dashboard dashboard = start(Optional.empty());
        BlockingQueue<String> lines = listen(dashboard);

        dashboard.onSnapshot(RecordingPort.idle());

        String data = nextData(lines, "state");
        String stamp = JSON.readTree(data).get("updated_at").asText();
        byte[] published = new StateJson().bytes(StateDocument.of(RecordingPort.idle()).at(Instant.parse(stamp)));
        assertThat(data).isEqualTo(new String(published, StandardCharsets.UTF_8));

        BlockingQueue<String> latecomer = listen(dashboard);
        assertThat(nextData(latecomer, "state")).as("a new page gets the current state at once").isEqualTo(data);
    }

    @Test
    void pagesBeyondTheLimitAreToldTheDaemonIsBusy() throws Exception {
        Dashboard dashboard = start(Optional.empty());
        for (int i = 0; i < EventStream.MAX_CLIENTS; i++) {
            listen(dashboard);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> eventsClients(dashboard)
                == EventStream.MAX_CLIENTS);

        assertRefused(get(dashboard, "/api/events"), 503, "busy");
        assertThat(get(dashboard, "/api/controls").statusCode()).as("other requests still served").isEqualTo(200);
    }

    private static int eventsClients(Dashboard dashboard) {
        return dashboard.connectedPages();
    }

    private BlockingQueue<String> listen(Dashboard dashboard) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base(dashboard)
                + "/api/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String nextData(BlockingQueue<String> lines, String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean named = false;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals("event: " + event)) {
                named = true;
            } else if (named && line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new AssertionError("no '" + event + "' event within 5 s");
    }

    /** A session file as docs/history.md describes it: a start, a sample a second, an end. */
    private void recordSession(long id, String program, int seconds) throws IOException {
        recordSession(id, program, seconds, "");
    }

    /** @param exposure what the end line adds: {@code ,"exposure":N}, or nothing (a record from before it was kept) */
    private void recordSession(long id, String program, int seconds, String exposure) throws IOException {
        Path store = directory.resolve("journal.history");
        Files.createDirectories(store);
        Instant started = Instant.now().minusSeconds(600);
        StringBuilder file = new StringBuilder("{\"type\":\"start\",\"id\":" + id + ",\"program\":\"" + program
                + "\",\"started_at\":\"" + started + "\",\"planned_s\":" + seconds
                + ",\"level\":3,\"heat\":true,\"origin\":\"web\"}\n");
        for (int t = 0; t <= seconds; t++) {
            file.append(String.format(java.util.Locale.ROOT, "{\"type\":\"sample\",\"t\":%d.0,\"level\":"
                    + "{\"lumbar-left\":%.2f},\"rpm\":{\"lumbar-left\":%d.0},\"temp\":{\"pad\":%.1f}}%n", t,
                    Math.min(3.0, t / 2.0), 300 * Math.min(3, t / 2), 30 + t / 10.0));
        }
        file.append("{\"type\":\"end\",\"ended_at\":\"" + started.plusSeconds(seconds) + "\",\"ran_s\":" + seconds
                + ",\"ended_by\":\"stop:web\",\"ended_kind\":\"stop\",\"completed\":false,\"max_level\":3,"
                + "\"end_level\":3,\"peak_level\":3" + exposure + "}\n");
        Files.writeString(store.resolve(String.format("session-%06d.jsonl", id)), file);
    }

    @Test
    void theHistoryListsTheSessionsNewestFirstWithTodaysTotals() throws Exception {
        Dashboard dashboard = start(Optional.of(TOKEN));
        recordSession(1, "gentle", 30);
        recordSession(2, "lower-back-relief", 40, ",\"exposure\":1134.25");

        assertThat(get(dashboard, "/api/history").statusCode()).isEqualTo(401);
        HttpResponse<String> listed = get(dashboard, "/api/history", "Authorization", "Bearer " + TOKEN);

        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(listed.body());
        assertThat(body.get("kept").asInt()).isEqualTo(2);
        assertThat(body.get("sessions").findValuesAsText("program")).containsExactly("lower-back-relief", "gentle");
        assertThat(body.get("sessions").get(0).get("ended_by").asText()).isEqualTo("stop:web");
        assertThat(body.get("sessions").get(0).get("exposure").asDouble()).isEqualTo(1134.25);
        assertThat(body.get("sessions").get(1).get("exposure").isNull()).as("unknown, not zero").isTrue();
        assertThat(body.get("today").get("sessions").asInt()).isEqualTo(2);
        assertThat(body.get("today").get("ran_s").asInt()).isEqualTo(70);
    }

    @Test
    void aSessionsGraphPlotsItsRecordedLevelsSpeedsAndTemperatures() throws Exception {
        Dashboard dashboard = start(Optional.empty());
        recordSession(7, "gentle", 20);

        JsonNode body = JSON.readTree(get(dashboard, "/api/history/7").body());

        assertThat(body.get("session").get("id").asInt()).isEqualTo(7);
        String svg = body.get("svg").asText();
        assertThat(svg).startsWith("<svg").contains("class=\"level\" data-zone=\"lumbar-left\"",
                "class=\"rpm\" data-zone=\"lumbar-left\"", "class=\"temp\" data-zone=\"pad\"");
        java.util.regex.Matcher level = java.util.regex.Pattern.compile("class=\"level\"[^>]*points=\"([^\"]*)\"")
                .matcher(svg);
        assertThat(level.find()).isTrue();
        assertThat(level.group(1).split(" ")).hasSize(21).contains("0.000,0.000", "4.000,2.000", "20.000,3.000");
        assertRefused(get(dashboard, "/api/history/8"), 404, "not-found");
        assertRefused(get(dashboard, "/api/history/..%2Fjournal"), 404, "not-found");
    }

    @Test
    void thePreviewIsTheEnginesDryRunOfThatStart() throws Exception {
        Dashboard dashboard = start(Optional.empty());

        JsonNode body = JSON.readTree(get(dashboard, "/api/preview?program=lower-back-relief&minutes=6&level=4")
                .body());

        assertThat(body.get("result").asText()).isEqualTo("accepted");
        assertThat(body.get("level").asInt()).isEqualTo(4);
        assertThat(body.get("ended_by").asText()).isEqualTo("duration-elapsed");
        assertThat(body.get("ran_s").asInt()).isBetween(355, 360);
        assertThat(body.get("length_s").asDouble()).isBetween(355.0, 380.0);
        assertThat(body.get("peak_level").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(4);
        assertThat(body.get("svg").asText()).startsWith("<svg").contains("class=\"envelope\"");

        JsonNode unknown = JSON.readTree(get(dashboard, "/api/preview?program=no-such-program").body());
        assertThat(unknown.get("result").asText()).isEqualTo("rejected");
        assertThat(unknown.has("svg")).isFalse();
        assertRefused(get(dashboard, "/api/preview?minutes=lots"), 400, "invalid-field");
    }
}
