package org.massaged.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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

    @Test
    void anUnknownFaultNamesFileLineAndWhatIsExpected() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", """
                - at: 1s
                  fault: drop 0.2
                - at: 2s
                  fault: explode
                """)).hasMessageStartingWith("s.yaml:4: field 'fault': unknown fault 'explode'; expected one of");
    }

    @Test
    void aBadRateOrDurationIsRejectedWithItsLine() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: drop 2\n"))
                .hasMessage("s.yaml:2: field 'fault': 'drop 2': rate must be within 0..1");
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: soon\n  fault: reset\n"))
                .hasMessage("s.yaml:1: field 'at': 'soon' is not a duration like 200ms, 2s, 1m or 1h");
    }

    @Test
    void aNegativeTimeIsRefusedWithItsLineAndTheExpectedForm() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: reset\n- at: -5s\n  fault: clear\n"))
                .hasMessage("s.yaml:3: field 'at': '-5s' is negative; a duration is never negative, "
                        + "write it like 200ms, 2s, 1m or 1h");
    }

    @Test
    void aNegativeDelayInAFaultCommandIsRefused() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: delay 0.5 -200ms\n"))
                .hasMessageStartingWith("s.yaml:2: field 'fault': ")
                .hasMessageContaining("'-200ms' is negative");
    }

    @Test
    void missingAndUnknownFieldsAreRejected() {
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n"))
                .hasMessageContaining("s.yaml:1: entry needs both 'at'");
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "- at: 1s\n  fault: reset\n  when: now\n"))
                .hasMessage("s.yaml:3: unknown field 'when'; expected 'at' and 'fault'");
        assertThatThrownBy(() -> FaultScenario.parse("s.yaml", "at: 1s\n"))
                .hasMessage("s.yaml:1: expected a list of {at, fault} entries");
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

        public void occupied(boolean occupied) { }
    }
}
