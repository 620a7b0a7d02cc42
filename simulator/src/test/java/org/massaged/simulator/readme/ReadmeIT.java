package org.massaged.simulator.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.cli.OrdinaryUser;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalContents;

/**
 * The README's two commands, exactly as written, from the repository's root, against the jar the build made: as
 * an ordinary user, with a clean HOME and nothing else in the environment, on a machine where massaged has never
 * run (no /run/massaged, no /var/lib/massaged are needed or made). Each command's own temporary directory is a
 * fresh one (through JAVA_TOOL_OPTIONS, so the command line stays the README's) to show what it leaves behind.
 */
class ReadmeIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String JAR = "simulator/target/massaged-sim.jar";

    private Path home;
    private Path tmp;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void cleanAccount() throws IOException {
        assertThat(REPOSITORY.resolve(JAR)).as("the build makes the jar in 'package'").exists();
        home = OrdinaryUser.freshDirectory("massaged-home");
        tmp = OrdinaryUser.freshDirectory("massaged-tmp");
    }

    @AfterEach
    void cleanUp() throws IOException {
        processes.forEach(OrdinaryUser::destroy);
        OrdinaryUser.delete(home);
        OrdinaryUser.delete(tmp);
    }

    @Test
    void theDemoPlaysASessionAndCtrlCStopsItGentlyLeavingNothingBehind() throws Exception {
        Running demo = readme("java -jar " + JAR + " demo");

        demo.awaitLine(line -> line.startsWith("running"));
        OrdinaryUser.signal(demo.process, "INT");

        assertThat(demo.exit()).as(demo.all()).isZero();
        assertThat(demo.out).anyMatch(line -> line.startsWith("stopping"))
                .anyMatch(line -> line.startsWith("Stopped (Ctrl-C): a running session ramped down gently"));
        assertThat(demo.all()).doesNotContain("Exception", "\tat ");
        assertThat(listing(tmp)).as("the demo's temporary directory").isEmpty();
        assertThat(listing(home)).as("the home directory").isEmpty();
    }

    @Test
    void runSimulateWorksForAnOrdinaryUserWithNoSetUpAndTheCommandLineFindsIt() throws Exception {
        boolean systemDirectories = Files.exists(Path.of("/run/massaged")) || Files.exists(Path.of("/var/lib/massaged"));
        Running daemon = readme("java -jar " + JAR + " run --simulate");

        String ready = daemon.awaitLine(line -> line.startsWith("massaged is ready:"));
        Path socket = tmp.resolve("massaged-" + OrdinaryUser.name()).resolve("simulation.sock");
        Path journal = home.resolve(".local/state/massaged/simulation-journal.jsonl");
        assertThat(ready).contains("body-massager-serial (simulated)", "broker tcp://127.0.0.1:",
                "control socket " + socket, "journal " + journal);
        List<String> socketOption = Files.exists(Path.of("/run/massaged")) ? List.of("--socket", socket.toString())
                : List.of();

        Running status = command(socketOption, "status");
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.out).anyMatch(line -> line.startsWith("phase    idle"));
        Running start = command(socketOption, "start", "--minutes", "5");
        assertThat(start.exit()).as(start.all()).isZero();
        assertThat(start.out).anyMatch(line -> line.startsWith("accepted: Session started"));

        OrdinaryUser.signal(daemon.process, "INT");
        assertThat(daemon.exit()).as(daemon.all()).isZero();
        assertThat(daemon.all()).doesNotContain("Exception", "\tat ");
        JournalContents written = Journal.read(journal);
        assertThat(written.sessions()).singleElement()
                .satisfies(session -> assertThat(session.cause()).doesNotContain("unfinished"));
        if (!Files.exists(Path.of("/var/lib/massaged"))) {
            Running shown = command(List.of(), "journal");
            assertThat(shown.exit()).as(shown.all()).isZero();
            assertThat(shown.out).anyMatch(line -> line.startsWith("Recent sessions (1 of 1)"));
        }
        assertThat(socket).as("the socket is removed").doesNotExist();
        if (!systemDirectories) {
            assertThat(Path.of("/run/massaged")).doesNotExist();
            assertThat(Path.of("/var/lib/massaged")).doesNotExist();
        }
    }

    @Test
    void theJarsOwnCommandsSpeakJsonWhenAsked() throws Exception {
        Running demo = start(List.of("java", "-jar", JAR, "demo", "--json", "--speed", "60"));

        assertThat(demo.exit()).as(demo.all()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : demo.out) {
            assertThatCode(() -> lines.add(json.readTree(line)))
                    .as("every line on standard output is a JSON document; this one is not: %s%n%s", line, demo.all())
                    .doesNotThrowAnyException();
        }
        assertThat(demo.err).as(demo.all()).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("logging: "));
        assertThat(lines.get(0).get("event").asText()).isEqualTo("ready");
        assertThat(lines).anyMatch(line -> "cooldown".equals(line.path("phase").asText()));
        assertThat(lines.get(lines.size() - 1).get("outcome").asText()).isEqualTo("ended");

        Running sim = start(List.of("java", "-jar", JAR, "sim", "--profile", "body-massager-serial", "--json"));
        JsonNode ready = json.readTree(sim.awaitLine(line -> !line.isBlank()));
        assertThat(ready.get("event").asText()).isEqualTo("ready");
        assertThat(ready.get("tcp").asInt()).isPositive();
        OrdinaryUser.signal(sim.process, "TERM");
        sim.exit();
    }

    @Test
    void theJarsHelpListsTheDaemonsCommandsAndItsOwn() throws Exception {
        Running help = start(List.of("java", "-jar", JAR, "--help"));

        assertThat(help.exit()).isZero();
        assertThat(help.out).anyMatch(line -> line.startsWith("  run "))
                .anyMatch(line -> line.startsWith("Simulator commands"))
                .anyMatch(line -> line.matches("  demo +Run the daemon against the simulator.*"))
                .anyMatch(line -> line.matches("  sim +Simulate the massager's motor-driver microcontroller.*"));
    }

    /** Runs a command the README shows, checking that the README does show it. */
    private Running readme(String command) throws Exception {
        assertThat(Files.readString(REPOSITORY.resolve("README.md"))).contains(command);
        return start(List.of(command.split(" ")));
    }

    private Running command(List<String> options, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of("java", "-jar", JAR));
        line.addAll(options);
        line.addAll(List.of(args));
        return start(line);
    }

    private Running start(List<String> command) throws IOException {
        Map<String, String> environment = Map.of("HOME", home.toString(), "PATH", OrdinaryUser.path(),
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        Process process = OrdinaryUser.process(environment, command, REPOSITORY).start();
        processes.add(process);
        return new Running(process);
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(Path::toString).toList();
        }
    }

    private static final class Running {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();
        private final List<Thread> readers = new ArrayList<>();

        Running(Process process) {
            this.process = process;
            readers.add(pump(process.getInputStream(), out));
            readers.add(pump(process.getErrorStream(), err));
        }

        private static Thread pump(InputStream stream, List<String> lines) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (!line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                            lines.add(line);
                        }
                    }
                } catch (IOException closed) {
                    // the process is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            return reader;
        }

        String awaitLine(java.util.function.Predicate<String> wanted) {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                if (!process.isAlive() && out.stream().noneMatch(wanted)) {
                    throw new IllegalStateException("exited with " + process.exitValue() + ":\n" + all());
                }
                return out.stream().anyMatch(wanted);
            });
            return out.stream().filter(wanted).findFirst().orElseThrow();
        }

        int exit() throws InterruptedException {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                OrdinaryUser.destroy(process);
                throw new IllegalStateException("still running after 90 s:\n" + all());
            }
            for (Thread reader : readers) {
                reader.join(5000);
            }
            return process.exitValue();
        }

        String all() {
            return String.join("\n", out) + "\n--- stderr ---\n" + String.join("\n", err);
        }
    }
}
