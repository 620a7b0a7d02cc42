package org.massaged.controller.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.app.cli.Cli;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Setpoints;

/**
 * The real daemon's wiring (configuration, assembler, control thread, journal) records a session, stopped from the
 * command line, into the history beside the configured journal; {@code massaged history} reads it back. A device
 * that accepts everything stands in for the massager; time runs 5 times faster.
 */
class DaemonHistoryTest {

    @TempDir
    Path directory;

    @Test
    void aSessionOfTheRunningDaemonIsInTheHistoryAfterItStops() throws Exception {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\njournal: " + directory.resolve("journal.jsonl")
                + "\nlocalControl:\n  socket: " + directory.resolve("control.sock") + "\n");
        DaemonConfig loaded = new ConfigLoader(Map.of()).load(config);
        DaemonAssembler assembler = new DaemonAssembler();
        Device device = new Device() {
            @Override public void open(DeviceEvents events) { events.post(new DeviceEvent.LinkUp("test device")); }
            @Override public void apply(Setpoints setpoints) { }
            @Override public void emergencyStop() { }
            @Override public void close() { }
        };
        Daemon.Parts parts = assembler.parts(loaded, assembler.profile(loaded), () -> { }, Optional.of(device),
                Clocks.accelerated(5));
        Daemon daemon = Daemon.start(parts);
        await().atMost(Duration.ofSeconds(10)).until(() -> !daemon.submit(new Command.Start(Origin.CLI,
                Optional.of("gentle"), Optional.of(Duration.ofMinutes(5)), OptionalInt.of(3), Optional.of(false)))
                .get().isRejected());
        await().atMost(Duration.ofSeconds(20)).until(() -> daemon.snapshot().elapsedSeconds() >= 20);
        daemon.submit(new Command.Stop(Origin.CLI)).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> !daemon.snapshot().active());
        daemon.close();
        for (SessionObserver observer : parts.observers()) {
            if (observer instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        if (parts.journal() instanceof AutoCloseable journal) {
            journal.close();
        }

        StringWriter out = new StringWriter();
        int code = Cli.execute(new String[] {"--config", config.toString(), "history", "--json"}, Map.of(),
                Cli.defaultAssembly(), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        JsonNode answer = new ObjectMapper().readTree(out.toString());
        assertThat(answer.get("directory").asText()).isEqualTo(directory.resolve("journal.history").toString());
        JsonNode session = answer.get("sessions").get(0);
        assertThat(session.get("program").asText()).isEqualTo("gentle");
        assertThat(session.get("start_level").asInt()).isEqualTo(3);
        assertThat(session.get("ended_by").asText()).isEqualTo("stop:cli");
        assertThat(session.get("ran_s").asLong()).isGreaterThanOrEqualTo(20);

        SessionTrace trace = new HistoryStore(directory.resolve("journal.history"), HistoryBounds.DEFAULT).trace(1).orElseThrow();
        assertThat(trace.problems()).isEmpty();
        // about one a second of engine time (HistoryStoreTest checks the spacing in virtual time); here, at 5 times
        // real time on a busy machine, ticks can come late, so only loosely
        assertThat(trace.samples().size()).isGreaterThanOrEqualTo((int) (session.get("ran_s").asLong() / 3));
        assertThat(trace.samples()).anyMatch(sample -> sample.levels().values().stream().anyMatch(level -> level > 1));
    }
}
