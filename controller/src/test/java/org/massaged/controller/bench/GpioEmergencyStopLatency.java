package org.massaged.controller.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.hardware.gpio.GpioDevice;
import org.massaged.controller.hardware.gpio.GpioFixtures;
import org.massaged.controller.hardware.gpio.GpioIds;
import org.massaged.controller.hardware.gpio.Housekeeping;
import org.massaged.controller.hardware.gpio.InputRole;
import org.massaged.controller.hardware.gpio.MockChair;
import org.massaged.controller.safety.Setpoints;

/**
 * Emergency-stop input edge to PWM zero and motor enable off, through the real adapter on Pi4J's mock
 * providers. A measured harness, not a unit test (no timing is asserted anywhere):
 *
 * <pre>
 * mvn -q -pl controller -am test-compile
 * java -cp "controller/target/test-classes:controller/target/classes:$(cat cp.txt)" \
 *     org.massaged.controller.bench.GpioEmergencyStopLatency
 * </pre>
 *
 * <p>Three paths: the edge event (what gpiod delivers on its monitor thread), the edge to the enable line alone
 * (the first write), and an edge the listener never saw, caught by the housekeeping thread's sampling.
 */
public final class GpioEmergencyStopLatency {

    private static final String ZONE = GpioFixtures.ZONE;
    private static final int WARMUP = 20_000;
    private static final int SAMPLES = 50_000;
    private static final int MISSED_EDGE_SAMPLES = 2_000;

    /**
     * The adapter's clock: the system's, plus a skew the harness advances to let the closed circuit settle at
     * once. The clock only times debounce, tachometer and leases; the emergency path never waits for it.
     */
    private static final AtomicLong SKEW = new AtomicLong();

    private GpioEmergencyStopLatency() {
    }

    private static long clock() {
        return System.nanoTime() + SKEW.get();
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        // Every trip logs a warning (after the outputs are cut); a console line per sample would be measured too.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.massaged"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        System.out.println("JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.arch"));
        edgePaths();
        missedEdgePath();
    }

    private static void edgePaths() throws DeviceException {
        MockChair chair = new MockChair(GpioFixtures.transport());
        GpioDevice device = new GpioDevice(GpioFixtures.profile(), chair, GpioEmergencyStopLatency::clock, Housekeeping.manual());
        device.open(event -> { });
        AtomicLong enableOffAt = new AtomicLong();
        chair.output(GpioIds.ENABLE).addListener(event -> {
            if (!chair.enableOn()) {
                enableOffAt.set(System.nanoTime());
            }
        });
        long[] bothOff = new long[SAMPLES];
        long[] enableOff = new long[SAMPLES];
        for (int i = -WARMUP; i < SAMPLES; i++) {
            rearmAndRun(chair, device);
            long edge = System.nanoTime();
            chair.cutEmergencyStopWire();
            long done = System.nanoTime();
            if (chair.enableOn() || chair.dutyPercent() != 0) {
                throw new IllegalStateException("outputs still on after the edge");
            }
            if (i >= 0) {
                bothOff[i] = done - edge;
                enableOff[i] = enableOffAt.get() - edge;
            }
        }
        device.close();
        report("edge event -> enable off and PWM zero", bothOff);
        report("edge event -> enable off (first write)", enableOff);
    }

    private static void missedEdgePath() throws DeviceException {
        MockChair chair = new MockChair(GpioFixtures.transport());
        GpioDevice device = new GpioDevice(GpioFixtures.profile(), chair, GpioEmergencyStopLatency::clock,
                Housekeeping.every(GpioDevice.HOUSEKEEPING_PERIOD));
        device.open(event -> { });
        long[] caught = new long[MISSED_EDGE_SAMPLES];
        for (int i = -MISSED_EDGE_SAMPLES / 10; i < MISSED_EDGE_SAMPLES; i++) {
            rearmAndRun(chair, device);
            long edge = System.nanoTime();
            chair.changeWithoutEdge(InputRole.EMERGENCY_STOP, true);
            while (chair.enableOn() || chair.dutyPercent() != 0) {
                Thread.onSpinWait();
            }
            long done = System.nanoTime();
            if (i >= 0) {
                caught[i] = done - edge;
            }
        }
        device.close();
        report("missed edge, caught by " + GpioDevice.HOUSEKEEPING_PERIOD.toMillis() + " ms sampling", caught);
    }

    /** Wire closed and settled, the latch re-armed by an all-off tick, the motor running. */
    private static void rearmAndRun(MockChair chair, GpioDevice device) {
        chair.mendEmergencyStopWire();
        device.housekeeping();
        SKEW.addAndGet(Duration.ofMillis(GpioFixtures.ESTOP_DEBOUNCE_MS).toNanos());
        device.housekeeping();
        device.apply(Setpoints.off(List.of(ZONE)));
        device.apply(new Setpoints(Map.of(ZONE, 600), false, 0, 1000));
        if (!chair.enableOn()) {
            throw new IllegalStateException("the motor did not start after re-arming");
        }
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-48s n=%d  median %s  p99 %s  p99.9 %s  max %s%n", what, sorted.length,
                micros(sorted[sorted.length / 2]), micros(sorted[(int) (sorted.length * 0.99)]),
                micros(sorted[(int) (sorted.length * 0.999)]), micros(sorted[sorted.length - 1]));
    }

    private static String micros(long nanos) {
        return String.format("%.1f µs", nanos / 1000.0);
    }
}
