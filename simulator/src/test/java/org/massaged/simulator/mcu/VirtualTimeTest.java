package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.massaged.simulator.faults.FaultScenario;
import org.junit.jupiter.api.Test;

/** The simulator's virtual-time mode: time moves only with advance(), scenarios run at exact times. */
class VirtualTimeTest {

    @Test
    void aScenarioRunsAtItsVirtualTimes() throws Exception {
        try (VirtualMassager simulator = VirtualMassager.start(SerialTestProfiles.lumbarDuo(Optional.empty()),
                SimulatorOptions.defaults().withVirtualTime().withSeed(7))) {
            simulator.schedule(FaultScenario.parse("scenario", """
                    - at: 2s
                      fault: reset
                    - at: 10m
                      fault: stall lumbar-left on
                    """));
            long boot = simulator.state().bootId();
            simulator.advance(Duration.ofMillis(1995));
            assertThat(simulator.state().bootId()).isEqualTo(boot);
            simulator.advance(Duration.ofMillis(10));
            assertThat(simulator.state().bootId()).isNotEqualTo(boot);

            long started = simulator.nanoTime();
            simulator.advance(Duration.ofMinutes(10));
            assertThat(simulator.nanoTime() - started).isEqualTo(Duration.ofMinutes(10).toNanos());
            assertThat(simulator.physics().elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void advanceIsOnlyForVirtualTime() throws Exception {
        try (VirtualMassager simulator = VirtualMassager.start(SerialTestProfiles.bodyMassager(Optional.empty()),
                SimulatorOptions.defaults())) {
            assertThatThrownBy(() -> simulator.advance(Duration.ofSeconds(1)))
                    .hasMessageContaining("withVirtualTime");
        }
    }
}
