package org.massaged.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultScenarioTest {

    @Test
    void parsesTimedFaultsInOrder() {
        FaultScenario scenario = FaultScenario.parse("s.yaml", """
                - at: 20s
                  fault: clear
                - at: 500ms
                  fault: drop 0.2
                - at: 1m
                  fault: stall back on
                """);
        assertThat(scenario.faults()).extracting(FaultScenario.ScheduledFault::at)
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofMinutes(1));
        assertThat(scenario.faults().get(0).command()).isEqualTo("drop 0.2");
        assertThat(scenario.faults().get(0).line()).isEqualTo(3);
    }

    private static final String DURATION = "expected a duration from 0s to 240h, written with a unit (ms, s, m, h) "
            + "and no sign, e.g. 10m, 1m30s or 500ms";

    @Test
    void anUnknownFaultNamesFileLineAndWhatIsExpected() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", """
                - at: 1s
                  fault: drop 0.2
                - at: 2s
                  fault: explode
                """)).hasMessageStartingWith("s.yaml:4:10: [1].fault: got \"explode\", expected a fault command such as "
                + "drop 0.2 or reset (unknown fault 'explode'; expected one of");
    }

    @Test
    void aBadRateOrDurationIsRejectedWithItsLine() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: drop 2\n"))
                .hasMessage("s.yaml:2:10: [0].fault: got \"drop 2\", expected a fault command such as drop 0.2 or reset "
                        + "('drop 2': rate must be within 0..1)");
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: soon\n  fault: reset\n"))
                .hasMessage("s.yaml:1:7: [0].at: got \"soon\", " + DURATION);
    }

    @Test
    void aNegativeTimeIsRefusedWithItsLineAndTheExpectedForm() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: reset\n- at: -5s\n  fault: clear\n"))
                .hasMessage("s.yaml:3:7: [1].at: got \"-5s\", " + DURATION);
    }

    @Test
    void aNegativeDelayInAFaultCommandIsRefused() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: delay 0.5 -200ms\n"))
                .hasMessageStartingWith("s.yaml:2:10: [0].fault: ")
                .hasMessageContaining("'-200ms' is negative; a duration is never negative");
    }

    @Test
    void everyProblemIsReportedInOnePassInFileOrder() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: -1s\n  fault: reset\n- at: 2s\n  fault: boom\n"))
                .hasMessageStartingWith("s.yaml:1:7: [0].at: got \"-1s\"")
                .hasMessageContaining(System.lineSeparator() + "s.yaml:4:10: [1].fault: got \"boom\"");
    }

    @Test
    void anEmptyScriptHasNoFaults() {
        assertThat(FaultScenario.parse("s.yaml", "# nothing yet\n").faults()).isEmpty();
        assertThat(FaultScenario.parse("s.yaml", "").faults()).isEmpty();
    }

    @Test
    void missingAndUnknownFieldsAreRejected() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n"))
                .hasMessage("s.yaml:1:3: [0].fault: expected the required key \"fault\"");
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: reset\n  when: now\n"))
                .hasMessage("s.yaml:3:3: [0].when: expected no key \"when\" here; known keys: at, fault");
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "at: 1s\n"))
                .hasMessage("s.yaml:1:1: got a mapping, expected a list of entries, each with 'at' and 'fault'");
    }

    @Test
    void aFileIsReadThroughTheSameLayerAsProfiles(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("faults.yaml");
        Files.writeString(file, "- at: 1m30s\n  fault: unplug\n");
        assertThat(FaultScenario.load(file).faults()).extracting(FaultScenario.ScheduledFault::at)
                .containsExactly(Duration.ofSeconds(90));
        assertThatThrownBy(() -> FaultScenario.load(directory.resolve("missing.yaml")))
                .hasMessage(directory.resolve("missing.yaml") + ": expected an existing file (no such file)");
    }

    @Test
    void theControlInterfaceAnswersEveryLine() throws Exception {
        FaultInjector injector = new FaultInjector(new RecordingTarget());
        try (FaultControlServer control = new FaultControlServer(0, injector, () -> "state-text")) {
            assertThat(control.answer("drop 0.25")).isEqualTo("ok");
            assertThat(injector.line().dropRate()).isEqualTo(0.25);
            assertThat(control.answer("delay 0.5 200ms")).isEqualTo("ok");
            assertThat(injector.line().delay()).isEqualTo(Duration.ofMillis(200));
            assertThat(control.answer("state")).isEqualTo("ok state-text");
            assertThat(control.answer("drop lots")).isEqualTo("error: 'drop lots': expected a number at 1, got 'lots'");
            assertThat(control.answer("silent maybe")).isEqualTo("error: 'silent maybe': expected on or off");
            assertThat(control.answer("")).startsWith("error: empty command");
        }
    }

    private static final class RecordingTarget implements FaultTarget {
        public void reset() { }

        public void unplug() { }

        public void replug() { }

        public void protocolMajor(int major) { }

        public void motorStall(String zone, boolean jammed) { }

        public void stuckRelay(String zone, int steps) { }

        public void heaterRunaway(boolean stuckOn) { }

        public void overTemperature(double sensorOffsetKelvin) { }

        public void sensorStuck(boolean stuck) { }

        public void occupied(boolean occupied) { }
    }
}
