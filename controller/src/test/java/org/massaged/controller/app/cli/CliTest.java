package org.massaged.controller.app.cli;

import org.massaged.controller.safety.StartChoice;

import org.massaged.controller.safety.Cause;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.local.LocalControlServer;
import org.massaged.controller.app.local.RecordingPort;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.session.Journal;
import org.massaged.device.profile.DeviceProfile;

/** The command line against the local channel, with the control thread stood in for by a recording port. */
class CliTest {

    @TempDir
    Path directory;

    private final RecordingPort port = new RecordingPort();
    private final RecordingAssembly assembly = new RecordingAssembly();
    private LocalControlServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = LocalControlServer.start(directory.resolve("control.sock"), port);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        assertThat(massaged("--help")).isZero();

        assertThat(out.toString()).contains("run", "status", "start", "stop", "estop", "reset", "level", "journal",
                "profiles", "programs",
                "mqtt", "doctor", "Exit codes:", "4  the daemon is not running or not reachable");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "status", "start", "stop", "estop", "reset", "level", "too-much", "pause",
                "resume", "journal", "mqtt", "doctor")) {
            out.getBuffer().setLength(0);
            assertThat(massaged(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Usage: massaged " + command, "Exit codes:");
        }
        out.getBuffer().setLength(0);
        assertThat(massaged("mqtt", "clean", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: massaged mqtt clean");
    }

    @Test
    void startSendsEveryOptionAsOneCliCommand() {
        int code = massaged("start", "--program", "gentle", "--minutes", "12", "--level", "3", "--heat",
                "--socket", socket());

        assertThat(code).isZero();
        assertThat(port.submitted).containsExactly(new Command.Start(Origin.CLI, Optional.of("gentle"),
                Optional.of(Duration.ofMinutes(12)), OptionalInt.of(3), Optional.of(true)));
        assertThat(out.toString()).startsWith("accepted: ");
    }

    @Test
    void startWithoutOptionsLeavesEveryChoiceToTheProfile() {
        assertThat(massaged("start", "--no-heat", "--socket", socket())).isZero();

        assertThat(port.submitted).containsExactly(new Command.Start(Origin.CLI, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.of(false)));
    }

    @Test
    void aRejectionExitsOneAndSaysWhyOnStandardError() {
        port.answer = command -> CommandResult.rejected("rest", "Rest 12 more minutes before the next session.");

        int code = massaged("start", "--socket", socket());

        assertThat(code).isEqualTo(ExitCodes.REJECTED);
        assertThat(err.toString()).contains("rejected (rest): Rest 12 more minutes before the next session.");
    }

    @Test
    void anAdjustmentIsStillSuccess() {
        port.answer = command -> CommandResult.adjusted("level-capped", "Level 9 is above homeMax; 6 instead.");

        assertThat(massaged("level", "9", "--socket", socket())).isZero();
        assertThat(port.submitted).containsExactly(new Command.SetLevel(Origin.CLI, 9));
        assertThat(out.toString()).contains("adjusted (level-capped): Level 9 is above homeMax; 6 instead.");
    }

    @Test
    void eachSessionCommandReachesTheControlThread() {
        for (String command : List.of("stop", "estop", "reset", "too-much", "pause", "resume")) {
            assertThat(massaged(command, "--socket", socket())).as(command).isZero();
        }
        assertThat(port.submitted).containsExactly(new Command.Stop(Origin.CLI), new Command.EmergencyStop(Origin.CLI),
                new Command.Reset(Origin.CLI), new Command.TooMuch(Origin.CLI), new Command.Pause(Origin.CLI),
                new Command.Resume(Origin.CLI));
    }

    @Test
    void everyNameAndValueOfTheGeneratedCommandsReachesTheControlThreadAsTheTablesCommand() {
        Map<List<String>, Command> expected = new java.util.LinkedHashMap<>();
        expected.put(List.of("emergency-stop"), new Command.EmergencyStop(Origin.CLI));
        expected.put(List.of("skip-step"), new Command.SkipStep(Origin.CLI));
        expected.put(List.of("skip"), new Command.SkipStep(Origin.CLI));
        expected.put(List.of("program", "kneading"), new Command.SetProgram(Origin.CLI, "kneading"));
        expected.put(List.of("duration", "12"), new Command.SetDuration(Origin.CLI, Duration.ofMinutes(12)));
        expected.put(List.of("level", "3"), new Command.SetLevel(Origin.CLI, 3));
        expected.put(List.of("heat", "on"), new Command.SetHeat(Origin.CLI, true));
        expected.put(List.of("heat", "off"), new Command.SetHeat(Origin.CLI, false));
        expected.forEach((args, command) -> {
            port.submitted.clear();
            List<String> line = new ArrayList<>(args);
            line.addAll(List.of("--socket", socket()));
            assertThat(massaged(line.toArray(String[]::new))).as("%s", args).isZero();
            assertThat(port.submitted).as("%s", args).containsExactly(command);
        });
        assertThat(massaged("heat", "maybe", "--socket", socket())).isEqualTo(ExitCodes.USAGE);
        assertThat(massaged("skip", "now", "--socket", socket())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void statusReadsLikeADashboard() {
        port.snapshot = new SessionSnapshot(Phase.RUNNING, new Cause.Asked(Cause.Act.START, Origin.CLI), Optional.of("gentle"), 1, 4,
                Optional.of("palm-circling"), Map.of("back", 2.5), 3, 6, 348, 252, true, true, Map.of("pad", 38.5),
                Optional.of(true), Optional.empty(), 2, 20, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));

        assertThat(massaged("status", "--socket", socket())).isZero();

        assertThat(out.toString()).contains("phase    running (start:cli)", "program  gentle, step 2 of 4 (palm-circling)",
                "level    3 (ceiling 6)", "zones    back 2.5", "time     4:12 elapsed, 5:48 remaining",
                "heat     on (requested), pad 38.5 °C", "seat     occupied", "today    2 sessions, 20 min",
                "fault    none", "next     gentle, 10 min, level 2, heat off");
    }

    @Test
    void statusShowsTheDaysDoseAgainstItsLimitAndTheLastSession() {
        port.snapshot = new SessionSnapshot(Phase.IDLE, Cause.Event.DURATION_ELAPSED, Optional.empty(), 0, 0,
                Optional.empty(), Map.of("back", 0.0), 3, 6, 0, 0, false, false, Map.of(),
                Optional.empty(), Optional.empty(), 1, 10, 0,
                new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false),
                Optional.of(new org.massaged.controller.safety.DoseToday(0.3141, Optional.of(0.5),
                        org.massaged.device.profile.Vibration.Weighting.ISO_2631_1_WC)),
                Optional.of(new org.massaged.controller.safety.LastSession("gentle",
                        java.time.Instant.parse("2026-11-20T07:10:00Z"), java.time.Duration.ofSeconds(600), "completed",
                        "duration-elapsed", 4)));

        assertThat(massaged("status", "--socket", socket())).isZero();

        assertThat(out.toString()).contains("dose     A(8) 0.31 m/s² of the 0.50 m/s² daily limit",
                "last     gentle, completed after 10:00 at 2026-11-20T07:10:00Z");
    }

    @Test
    void statusWithoutASessionShowsTheNextStartAsTheDaemonHoldsIt() {
        port.snapshot = new SessionSnapshot(Phase.IDLE, Cause.Event.DURATION_ELAPSED, Optional.empty(), 0, 0,
                Optional.empty(), Map.of("back", 0.0), 3, 6, 0, 0, false, false, Map.of("pad", 24.0),
                Optional.of(true), Optional.empty(), 1, 10, 0,
                new StartChoice("knots", java.time.Duration.ofMinutes(12), 4, true));

        assertThat(massaged("status", "--socket", socket())).isZero();

        assertThat(out.toString()).contains("next     knots, 12 min, level 4, heat on (ceiling 6)")
                .doesNotContain("level    3");
    }

    @Test
    void statusAsJsonIsTheDaemonsAnswer() throws Exception {
        assertThat(massaged("status", "--json", "--socket", socket())).isZero();

        JsonNode answer = new ObjectMapper().readTree(out.toString());
        assertThat(answer.get("result").asText()).isEqualTo("accepted");
        assertThat(answer.get("state").get("phase").asText()).isEqualTo("idle");
    }

    @Test
    void globalOptionsMayComeFirst() throws Exception {
        assertThat(massaged("--json", "--socket", socket(), "stop")).isZero();

        assertThat(new ObjectMapper().readTree(out.toString()).get("result").asText()).isEqualTo("accepted");
    }

    @Test
    void aDaemonThatIsNotRunningIsExitCodeFourWithAHint() {
        int code = massaged("status", "--socket", directory.resolve("absent.sock").toString());

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("massaged is not running here", "absent.sock", "--socket");
    }

    @Test
    void theSocketComesFromTheConfigurationWhenNotGiven() throws Exception {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: p\nlocalControl:\n  socket: " + socket() + "\n");

        assertThat(massaged("--config", config.toString(), "stop")).isZero();
        assertThat(port.submitted).containsExactly(new Command.Stop(Origin.CLI));
    }

    @Test
    void runRefusesAnInvalidConfigurationBeforeAnythingIsAssembled() throws Exception {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: p\ntickHz: 1000\n");

        int code = massaged("run", "--config", config.toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains(config + ":2:9: tickHz: got \"1000\", expected an integer from 10 to 100");
        assertThat(assembly.calls).isEmpty();
    }

    @Test
    void runRefusesAMissingConfiguration() {
        int code = massaged("run", "--config", directory.resolve("none.yaml").toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("none.yaml: no such file");
        assertThat(assembly.calls).isEmpty();
    }

    @Test
    void runWithAProfileTheAssemblerRefusesStopsBeforeHardware() throws Exception {
        Path config = directory.resolve("config.yaml");
        Path journal = directory.resolve("journal.jsonl");
        Files.writeString(config, "profile: no-such-profile\njournal: " + journal + "\n");

        int code = massaged("run", "--config", config.toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("unknown profile no-such-profile");
        assertThat(assembly.calls).containsExactly("profile no-such-profile");
        assertThat(Journal.read(journal).safetyEvents()).singleElement()
                .isInstanceOfSatisfying(org.massaged.controller.session.JournalEntry.ConfigRefused.class, refused -> {
                    assertThat(refused.source()).isEqualTo("profile no-such-profile");
                    assertThat(refused.reason()).isEqualTo("unknown profile no-such-profile");
                });
    }

    @Test
    void simulateWithoutTheSimulatorSaysWhereToGetIt() {
        int code = massaged("run", "--simulate");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("--simulate needs the simulator");
    }

    @Test
    void journalShowsRecentSessionsAndSafetyEventsAndToleratesATornLine() throws Exception {
        Path journal = writeJournal();
        Files.writeString(journal, "{\"type\":\"session-sta", java.nio.file.StandardOpenOption.APPEND);

        int code = massaged("journal", "--limit", "1", "--file", journal.toString());

        assertThat(code).isZero();
        // power lost right after a start began to be written: it may have been one, so it counts in full
        assertThat(out.toString()).contains("Recent sessions (1 of 3):", "(torn line 6)  ran 15:00 of 15:00",
                "ended: torn start line (power loss?); counted in full", "Recent safety events (1 of 1):",
                "emergency stop from", "Warning: " + journal + ":6: torn (power loss?): the last line stops mid-way");
    }

    @Test
    void journalAsJsonForScripts() throws Exception {
        Path journal = writeJournal();

        assertThat(massaged("journal", "--json", "--file", journal.toString())).isZero();

        JsonNode answer = new ObjectMapper().readTree(out.toString());
        assertThat(answer.get("sessions")).hasSize(2);
        assertThat(answer.get("sessions").get(0).get("program").asText()).isEqualTo("gentle");
        assertThat(answer.get("sessions").get(0).get("ran_seconds").asLong()).isEqualTo(600);
        assertThat(answer.get("safety_events").get(0).get("type").asText()).isEqualTo("emergency_stop");
        assertThat(answer.get("today").get("used_seconds").asLong()).isEqualTo(1320);
    }

    private Path writeJournal() throws Exception {
        Path file = directory.resolve("journal.jsonl");
        Instant now = Instant.now();
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 1, false, Origin.CLI),
                    now.minusSeconds(3600));
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(10), Cause.Event.DURATION_ELAPSED, 3),
                    now.minusSeconds(3000));
            journal.append(new SessionEvent.Started("lower-back-relief", Duration.ofMinutes(12), 1, true, Origin.MQTT),
                    now.minusSeconds(1500));
            journal.append(new SessionEvent.EmergencyStopped(Origin.CLI), now.minusSeconds(900));
            journal.append(new SessionEvent.Ended("lower-back-relief", Duration.ofMinutes(12), new Cause.Asked(Cause.Act.STOP, Origin.CLI), 4),
                    now.minusSeconds(780));
        }
        return file;
    }

    @Test
    void aWrongCommandLineIsExitCodeTwo() {
        assertThat(massaged("level", "high", "--socket", socket())).isEqualTo(ExitCodes.USAGE);
        assertThat(massaged("launch")).isEqualTo(ExitCodes.USAGE);
        assertThat(port.submitted).isEmpty();
    }

    private String socket() {
        return server.socket().toString();
    }

    private int massaged(String... args) {
        return Cli.execute(args, Map.of(), assembly, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Refuses every profile but records that it was asked. */
    static final class RecordingAssembly implements Assembly {
        final List<String> calls = new ArrayList<>();

        @Override
        public DeviceProfile profile(DaemonConfig config) throws Exception {
            calls.add("profile " + config.profile());
            throw new IllegalArgumentException("unknown profile " + config.profile());
        }

        @Override
        public Daemon.Parts parts(DaemonConfig config, DeviceProfile profile, Runnable healthyTick,
                                  Optional<Device> device) {
            calls.add("parts");
            throw new IllegalStateException("not in this test");
        }
    }
}
