package org.massaged.controller.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;

class LocalControlServerTest {

    @TempDir
    Path directory;

    private final RecordingPort port = new RecordingPort();
    private LocalControlServer server;
    private LocalControlClient client;

    @BeforeEach
    void start() throws IOException {
        server = LocalControlServer.start(directory.resolve("control.sock"), port);
        client = new LocalControlClient(server.socket());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aStartReachesTheControlThreadAsACliCommandWithEveryField() throws Exception {
        JsonNode answer = client.sendLine(
                "{\"command\":\"start\",\"program\":\"gentle\",\"minutes\":12,\"level\":3,\"heat\":true,\"transaction\":\"t1\"}");

        assertThat(port.submitted).containsExactly(new Command.Start(Origin.CLI, Optional.of("gentle"),
                Optional.of(Duration.ofMinutes(12)), OptionalInt.of(3), Optional.of(true)));
        assertThat(answer.get("result").asText()).isEqualTo("accepted");
        assertThat(answer.get("transaction").asText()).isEqualTo("t1");
    }

    @Test
    void theControlThreadsVerdictIsPassedOnUnchanged() throws Exception {
        port.answer = command -> CommandResult.adjusted("level-capped", "Level 9 is above homeMax; using 6.");

        JsonNode answer = client.sendLine("{\"command\":\"level\",\"level\":9}");

        assertThat(answer.get("result").asText()).isEqualTo("adjusted");
        assertThat(answer.get("reason").asText()).isEqualTo("level-capped");
        assertThat(answer.get("message").asText()).isEqualTo("Level 9 is above homeMax; using 6.");
        assertThat(port.submitted).containsExactly(new Command.SetLevel(Origin.CLI, 9));
    }

    @Test
    void everyCommandHasAWireName() throws Exception {
        for (String name : new String[] {"stop", "emergency_stop", "reset", "too_much", "pause", "resume", "skip_step"}) {
            client.sendLine("{\"command\":\"" + name + "\"}");
        }
        client.sendLine("{\"command\":\"heat\",\"heat\":false}");

        assertThat(port.submitted).containsExactly(new Command.Stop(Origin.CLI), new Command.EmergencyStop(Origin.CLI),
                new Command.Reset(Origin.CLI), new Command.TooMuch(Origin.CLI), new Command.Pause(Origin.CLI),
                new Command.Resume(Origin.CLI), new Command.SkipStep(Origin.CLI), new Command.SetHeat(Origin.CLI, false));
    }

    @Test
    void statusAnswersTheSnapshot() throws Exception {
        JsonNode answer = client.sendLine("{\"command\":\"status\"}");

        JsonNode state = answer.get("state");
        assertThat(state.get("phase").asText()).isEqualTo("idle");
        assertThat(state.get("zones").get("back").asDouble()).isZero();
        assertThat(state.get("temperatures").get("pad").asDouble()).isEqualTo(24.5);
        assertThat(state.get("sessions_today").asInt()).isEqualTo(1);
        assertThat(state.get("fault").asBoolean()).isFalse();
        assertThat(state.get("fault_code").isNull()).isTrue();
        assertThat(port.submitted).isEmpty();
    }

    @Test
    void badRequestsAreRejectedWithAReasonAndChangeNothing() throws Exception {
        assertRejected("not json", "invalid-json");
        assertRejected("[1,2]", "invalid-json");
        assertRejected("{\"command\":\"stop\"} {\"command\":\"start\"}", "invalid-json");
        assertRejected("{\"command\":\"start\",\"level\":2,\"level\":3}", "invalid-json");
        assertRejected("{\"level\":3}", "missing-field");
        assertRejected("{\"command\":\"launch\"}", "unknown-command");
        assertRejected("{\"command\":\"start\",\"intensity\":3}", "unknown-field");
        assertRejected("{\"command\":\"stop\",\"force\":true}", "unknown-field");
        assertRejected("{\"command\":\"start\",\"level\":\"3\"}", "invalid-field");
        assertRejected("{\"command\":\"start\",\"level\":2.5}", "invalid-field");
        assertRejected("{\"command\":\"start\",\"minutes\":-1}", "invalid-field");
        assertRejected("{\"command\":\"start\",\"heat\":\"yes\"}", "invalid-field");
        assertRejected("{\"command\":\"level\"}", "invalid-field");
        assertRejected("{\"command\":\"heat\"}", "invalid-field");
        assertRejected("{\"command\":\"stop\",\"transaction\":42}", "invalid-field");

        assertThat(port.submitted).isEmpty();
    }

    @Test
    void anOversizedLineIsRefusedAndNothingIsDone() throws Exception {
        String huge = "{\"command\":\"start\",\"program\":\"" + "x".repeat(LocalProtocol.MAX_LINE_BYTES) + "\"}";

        JsonNode answer = client.sendLine(huge);

        assertThat(answer.get("reason").asText()).isEqualTo("too-large");
        assertThat(port.submitted).isEmpty();
    }

    /**
     * Commands run one after another (a script, or the CLI called in a loop) each open a connection; the server
     * frees a slot only once it has seen the last one close. A client that arrives while every slot is still being
     * freed gets one, rather than a spurious "busy".
     */
    @Test
    void aClientArrivingWhileTheOthersAreClosingIsServedNotRefused() throws Exception {
        java.util.List<SocketChannel> held = new java.util.ArrayList<>();
        for (int i = 0; i < LocalControlServer.MAX_CLIENTS; i++) {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
            channel.write(ByteBuffer.wrap("{\"command\":\"status\"}\n".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (countLines(in) < 1) {
                assertThat(channel.read(in)).isNotNegative();
            }
            held.add(channel);
        }
        try (SocketChannel fifth = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            fifth.write(ByteBuffer.wrap("{\"command\":\"pause\"}\n".getBytes(StandardCharsets.UTF_8)));
            fifth.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(8192);
            org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                    .until(() -> fifth.read(in) == 0);   // no answer ("busy") while every slot is taken

            held.get(0).close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                assertThat(fifth.read(in)).isNotNegative();
                return countLines(in) == 1;
            });
            assertThat(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8)).doesNotContain("busy");
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
        assertThat(port.submitted).containsExactly(new Command.Pause(Origin.CLI));
    }

    @Test
    void oneConnectionMayCarrySeveralRequests() throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            channel.write(ByteBuffer.wrap("{\"command\":\"pause\"}\n{\"command\":\"resume\"}\n"
                    .getBytes(StandardCharsets.UTF_8)));
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (countLines(in) < 2) {
                assertThat(channel.read(in)).isNotNegative();
            }
        }
        assertThat(port.submitted).containsExactly(new Command.Pause(Origin.CLI), new Command.Resume(Origin.CLI));
    }

    @Test
    void theSocketIsForTheDaemonsUserAndGroupOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())))
                .isEqualTo("rw-rw----");
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefused() {
        assertThatThrownBy(() -> LocalControlServer.start(server.socket(), port))
                .hasMessageContaining("Another massaged is already listening on " + server.socket());
    }

    @Test
    void aStaleSocketFromACrashIsReplaced() throws Exception {
        Path stale = directory.resolve("stale.sock");
        Files.writeString(stale, "left behind");

        try (LocalControlServer replacement = LocalControlServer.start(stale, port)) {
            assertThat(new LocalControlClient(stale).sendLine("{\"command\":\"status\"}").get("result").asText())
                    .isEqualTo("accepted");
        }
        assertThat(stale).doesNotExist();
    }

    @Test
    void theClientSaysWhatToDoWhenTheDaemonIsNotRunning() {
        assertThatThrownBy(() -> new LocalControlClient(directory.resolve("none.sock")).sendLine("{}"))
                .isInstanceOf(LocalControlException.class)
                .hasMessageStartingWith("massaged is not running here (no control socket at ");
    }

    private void assertRejected(String line, String reason) throws LocalControlException {
        JsonNode answer = client.sendLine(line);
        assertThat(answer.get("result").asText()).as(line).isEqualTo("rejected");
        assertThat(answer.get("reason").asText()).as(line).isEqualTo(reason);
        assertThat(answer.get("message").asText()).as(line).isNotBlank();
    }

    private static int countLines(ByteBuffer buffer) {
        int lines = 0;
        for (int i = 0; i < buffer.position(); i++) {
            if (buffer.get(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
