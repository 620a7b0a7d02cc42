package org.massaged.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalContents;
import org.massaged.controller.app.SocketDaemon;

/**
 * What a restart costs the person (S11): the real daemon in its own JVM, stopped mid-session by SIGTERM
 * ({@code systemctl restart}) or killed (a crash, a power cut), then started again. The journal must hold what
 * really ran, and the next start's rest and budget follow from it.
 */
class JournalAcrossRestartsTest {

    private static final Duration REST = Duration.ofMinutes(30); // body-massager-serial's minRest

    @TempDir
    Path directory;

    private Path journal;
    private SocketDaemon daemon;

    /** {@code massaged run --simulate} with its own configuration, control socket and journal in the directory. */
    @BeforeEach
    void daemon() throws Exception {
        journal = directory.resolve("journal.jsonl");
        Path socket = directory.resolve("control.sock");
        Path config = Files.writeString(directory.resolve("config.yaml"), "profile: body-massager-serial\n"
                + "journal: " + journal + "\n"
                + "localControl:\n  socket: " + socket + "\n");
        daemon = new SocketDaemon(config, socket, directory.resolve("daemon.log"), List.of(), "--simulate");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    @Test
    void sigtermMidSessionJournalsTheEndWithTheTimeActuallyRun() throws Exception {
        daemon.start();
        long ran = runASessionForAFewSeconds();

        assertThat(daemon.terminate()).as(daemon.logText()).isZero();

        JournalContents written = Journal.read(journal);
        assertThat(written.warnings()).isEmpty();
        assertThat(written.sessions()).singleElement().satisfies(session -> {
            // stop:system, or on a machine so loaded that the control thread stalled past the lease, the
            // microcontroller's own stop (fault:LEASE_EXPIRED): either way an end, with the time it ran
            assertThat(session.cause()).as(daemon.logText()).isIn("stop:system", "fault:LEASE_EXPIRED");
            assertThat(session.ran()).isBetween(Duration.ofSeconds(ran), Duration.ofSeconds(ran + 20));
        });
        SocketDaemon.Result report = daemon.massaged("journal");
        assertThat(report.text()).contains("ran 0:", " of 10:00", "ended: ").doesNotContain("unfinished");

        daemon.start();
        JsonNode state = state();
        assertThat(state.get("minutes_today").asInt()).as("only what ran counts against the budget").isZero();
        assertThat(state.get("rest_remaining_s").asLong()).as("rest from the real end")
                .isPositive().isLessThanOrEqualTo(REST.toSeconds());
    }

    @Test
    void afterAKillTheSessionCountsToItsLastProgressMarkNotInFull() throws Exception {
        daemon.start();
        long ran = runASessionForAFewSeconds();

        daemon.kill();

        JournalContents written = Journal.read(journal);
        assertThat(written.sessions()).singleElement().satisfies(session -> {
            assertThat(session.cause()).startsWith("unfinished");
            assertThat(session.ran()).as("on the safe side").isGreaterThanOrEqualTo(Duration.ofSeconds(ran))
                    .as("but not by a whole session").isLessThanOrEqualTo(Duration.ofSeconds(60));
        });
        SocketDaemon.Result report = daemon.massaged("journal");
        assertThat(report.text()).contains("ran 0:").contains(" of 10:00").doesNotContain("ran 10:00");

        daemon.start();
        JsonNode state = state();
        assertThat(state.get("minutes_today").asInt()).isLessThanOrEqualTo(1);
        assertThat(state.get("rest_remaining_s").asLong()).isPositive()
                .isLessThanOrEqualTo(REST.plusMinutes(1).toSeconds());
    }

    @Test
    void aTornSessionStartIsCountedAndSaidNotForgotten() throws Exception {
        // power lost a minute ago, right after the start of a session began to be written
        Files.writeString(journal, "{\"at\":\"" + Instant.now().minusSeconds(60)
                + "\",\"type\":\"session-started\",\"program\":\"gen");

        daemon.start();

        SocketDaemon.Result start = daemon.massaged("start");
        assertThat(start.code()).as(start.text()).isEqualTo(1);
        assertThat(start.text()).contains("rejected (resting)");
        assertThat(daemon.logText()).containsOnlyOnce("torn (power loss?)").contains("WARN");
        assertThat(daemon.massaged("journal").text()).contains("(torn line 1)  ran 15:00 of 15:00",
                "Warning: " + journal + ":1: torn (power loss?)");
    }

    /** Starts a 10-minute session, waits until it has run a few seconds; returns how many it has run. */
    private long runASessionForAFewSeconds() throws Exception {
        SocketDaemon.Result started = daemon.massaged("start", "--minutes", "10");
        assertThat(started.code()).as(started.text()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> state().get("phase").asText().equals("running")
                && state().get("elapsed_s").asLong() >= 4);
        return state().get("elapsed_s").asLong();
    }

    private JsonNode state() throws Exception {
        SocketDaemon.Result status = daemon.massaged("status", "--json");
        assertThat(status.code()).as(status.text()).isZero();
        return new ObjectMapper().readTree(status.text()).get("state");
    }
}
