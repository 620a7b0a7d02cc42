package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.local.ControlPort;
import org.massaged.controller.app.local.LocalControlServer;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.program.DeviceSetup;

/**
 * The range checks of every command, through the real command line, the real local channel and the real session
 * engine (body-massager-serial: 5 to 15 minutes, levels from 1, home maximum 6): one rule gives one message, and
 * the message states the range the behaviour keeps. A value inside the stated range is taken as it is; one
 * outside is treated as the message says.
 */
class RangeChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private EnginePort engine;
    private LocalControlServer server;

    @BeforeEach
    void start() throws Exception {
        engine = new EnginePort();
        server = LocalControlServer.start(directory.resolve("control.sock"), engine);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sessionLengthsOutsideTheProfilesRangeAreKeptWithinItAndTheAnswerSaysSo() throws Exception {
        for (int minutes : List.of(5, 10, 15)) {
            JsonNode answer = onFreshEngine("start", "--minutes", Integer.toString(minutes));
            assertThat(answer.get("result").asText()).as("%d min", minutes).isEqualTo("accepted");
        }
        for (int minutes : List.of(1, 2, 4, 16, 30, 61, 600, 100_000)) {
            JsonNode answer = onFreshEngine("start", "--minutes", Integer.toString(minutes));
            assertThat(answer.get("result").asText()).as("%d min", minutes).isEqualTo("adjusted");
            assertThat(answer.get("message").asText()).as("%d min", minutes).contains("is outside 5:00–15:00");
        }
    }

    @Test
    void aLengthThatIsNoLengthIsRefusedWithoutClaimingARange() throws Exception {
        for (int minutes : List.of(0, -1)) {
            JsonNode answer = onFreshEngine("start", "--minutes", Integer.toString(minutes));
            assertThat(answer.get("result").asText()).as("%d min", minutes).isEqualTo("rejected");
            assertThat(answer.get("message").asText()).as("%d min", minutes)
                    .contains("a positive whole number of minutes").doesNotContainPattern("from \\d+ to \\d+");
        }
    }

    @Test
    void levelsBelowOneAreOneRuleWithOneMessage() throws Exception {
        for (String command : List.of("start", "level")) {
            for (int level : List.of(0, -1, -1000)) {
                JsonNode answer = command.equals("start")
                        ? onFreshEngine("start", "--level", Integer.toString(level))
                        : onRunningSession("level", Integer.toString(level));
                assertThat(answer.get("result").asText()).as("%s %d", command, level).isEqualTo("rejected");
                assertThat(answer.get("message").asText()).as("%s %d", command, level)
                        .contains("Level " + level + " is not a level; levels start at 1.");
            }
        }
    }

    @Test
    void levelsAboveTheCeilingAreCappedAtItWhateverTheirSize() throws Exception {
        for (int level : List.of(7, 11, 1001, Integer.MAX_VALUE)) {
            JsonNode answer = onRunningSession("level", Integer.toString(level));
            assertThat(answer.get("result").asText()).as("level %d", level).isEqualTo("adjusted");
            assertThat(answer.get("message").asText()).as("level %d", level).contains("above the ceiling 6");
        }
        assertThat(onRunningSession("level", "6").get("result").asText()).isEqualTo("accepted");
    }

    @Test
    void theCommandLinesOwnNumbersStateTheirRange() {
        CliRun limit = CliRun.massaged("journal", "--limit", "0", "--file", directory.resolve("j.jsonl").toString());
        CliRun quiet = CliRun.massaged("mqtt", "clean", "--quiet-ms", "50");
        CliRun level = CliRun.massaged("programs", "show", "gentle", "--profile", "body-massager-serial", "--level", "9");
        CliRun duration = CliRun.massaged("programs", "show", "gentle", "--profile", "body-massager-serial",
                "--duration", "16m");

        assertThat(limit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(limit.err()).contains("--limit", "at least 1", "got 0");
        assertThat(quiet.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(quiet.err()).contains("--quiet-ms", "from 100 to 60000", "got 50");
        assertThat(level.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(level.err()).contains("--level", "from 1 to 8", "got 9");
        assertThat(duration.err()).contains("5m to 15m");
        assertThat(CliRun.massaged("programs", "show", "gentle", "--profile", "body-massager-serial", "--level", "8")
                .exitCode()).isZero();
    }

    private JsonNode onFreshEngine(String... args) throws Exception {
        engine.reset();
        return send(args);
    }

    private JsonNode onRunningSession(String... args) throws Exception {
        engine.reset();
        assertThat(send("start").get("result").asText()).isEqualTo("accepted");
        return send(args);
    }

    private JsonNode send(String... args) throws Exception {
        String[] withSocket = new String[args.length + 3];
        System.arraycopy(args, 0, withSocket, 0, args.length);
        withSocket[args.length] = "--json";
        withSocket[args.length + 1] = "--socket";
        withSocket[args.length + 2] = server.socket().toString();
        return JSON.readTree(CliRun.massaged(withSocket).out());
    }

    /** The real session engine for the shipped serial profile, link up, answering on the caller's thread. */
    static final class EnginePort implements ControlPort {
        private SessionEngine engine;
        private long now;

        synchronized void reset() throws Exception {
            DeviceSetup setup = DeviceSetup.load("body-massager-serial", Optional.empty(), Optional.empty());
            EngineConfig config = new EngineConfig(setup.profile(), setup.programsById(), "gentle", false,
                    RemoteStartPolicy.ALLOWED);
            now = 1_000_000_000L;
            engine = new SessionEngine(config, UsageHistory.empty(), now);
            engine.linkUp(now);
            engine.tick(now, Instant.now());
        }

        @Override
        public synchronized CompletableFuture<CommandResult> submit(Command command) {
            now += 20_000_000L;
            return CompletableFuture.completedFuture(engine.handle(command, now, Instant.now()));
        }

        @Override
        public synchronized SessionSnapshot snapshot() {
            return engine.snapshot();
        }
    }
}
