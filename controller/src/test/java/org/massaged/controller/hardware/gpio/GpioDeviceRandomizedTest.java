package org.massaged.controller.hardware.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Setpoints;

/**
 * Random sequences of ticks, wire cuts and mends, emergency stops and time, with the invariants checked after
 * every step. Fixed seeds; a failure names its seed and the steps that led to it.
 */
class GpioDeviceRandomizedTest {

    private static final long BASE_SEED = 0x6A10_2026L;
    private static final int RUNS = 40;
    private static final int STEPS = 400;

    @Test
    void outputsStayCutWhileTheWireIsOpenAndUntilReArmedWhateverTheSequence() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            long seed = BASE_SEED + run;
            List<String> trail = new ArrayList<>();
            try {
                runOnce(seed, trail);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " after " + trail.size() + " steps; last: "
                        + trail.subList(Math.max(0, trail.size() - 12), trail.size()), e);
            }
        }
    }

    private void runOnce(long seed, List<String> trail) throws Exception {
        Random random = new Random(seed);
        AtomicLong nanos = new AtomicLong(1_000_000_000L + random.nextInt(1_000_000));
        MockChair chair = new MockChair(GpioFixtures.transport());
        List<DeviceEvent> events = new ArrayList<>();
        GpioDevice device = new GpioDevice(GpioFixtures.profile(), chair, nanos::get, Housekeeping.manual());
        device.open(events::add);
        long debounce = Duration.ofMillis(GpioFixtures.ESTOP_DEBOUNCE_MS).toNanos();
        boolean wireOpen = false;
        boolean mustStayOff = false;
        long closedSince = 0;
        long settledAt = nanos.get();      // closed and settled at open; after a cut: the pass that settled it
        int rearmedDrives = 0;
        try {
            for (int step = 0; step < STEPS; step++) {
                int choice = random.nextInt(100);
                if (choice < 45) {
                    int steps = random.nextInt(GpioFixtures.STEPS + 1);
                    boolean heat = random.nextBoolean();
                    trail.add("apply " + steps + (heat ? " heat" : ""));
                    Setpoints setpoints = new Setpoints(Map.of(GpioFixtures.ZONE, steps), heat, 38, 1000);
                    device.apply(setpoints);
                    if (setpoints.allOff() && !wireOpen && settledAt != Long.MAX_VALUE) {
                        mustStayOff = false;
                    }
                    if (!wireOpen && !mustStayOff && steps >= GpioFixtures.OFF_BELOW) {
                        assertThat(chair.enableOn()).as("re-armed and asked to drive, but not driving").isTrue();
                        rearmedDrives++;
                    }
                } else if (choice < 60) {
                    trail.add("apply off");
                    device.apply(Setpoints.off(List.of(GpioFixtures.ZONE)));
                    if (!wireOpen && settledAt != Long.MAX_VALUE) {
                        mustStayOff = false;
                    }
                } else if (choice < 68) {
                    trail.add("cut");
                    chair.cutEmergencyStopWire();
                    wireOpen = true;
                    mustStayOff = true;
                    settledAt = Long.MAX_VALUE;
                } else if (choice < 78) {
                    trail.add("mend");
                    if (wireOpen) {
                        closedSince = nanos.get();
                    }
                    chair.mendEmergencyStopWire();
                    wireOpen = false;
                } else if (choice < 83) {
                    trail.add("emergencyStop()");
                    device.emergencyStop();
                    mustStayOff = true;
                } else {
                    long advance = Duration.ofMillis(random.nextInt(40)).toNanos();
                    trail.add("advance " + advance / 1_000_000 + " ms");
                    nanos.addAndGet(advance);
                    device.housekeeping();
                    if (!wireOpen && nanos.get() - closedSince >= debounce && settledAt == Long.MAX_VALUE) {
                        settledAt = nanos.get();
                    }
                }
                if (wireOpen || mustStayOff) {
                    assertThat(chair.enableOn()).as("enable while the wire is open or not re-armed").isFalse();
                    assertThat(chair.dutyPercent()).as("PWM while the wire is open or not re-armed").isZero();
                    assertThat(chair.heaterOn()).as("heater while the wire is open or not re-armed").isFalse();
                }
                if (chair.enableOn()) {
                    assertThat(chair.dutyPercent()).as("enabled with the PWM at zero").isPositive();
                }
            }
            assertThat(rearmedDrives).as("the sequence never drove the motor: the run proves nothing").isPositive();
        } finally {
            device.close();
        }
    }
}
