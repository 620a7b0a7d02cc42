package org.massaged.controller.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.Setpoints;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One control tick of the session engine with a busy program (every technique, side by side) on two zones
 * plus an over-spine zone, a heater and a seat switch: what the control thread does 50 times a second.
 *
 * <p>Run (see docs/benchmarks/safety.md):
 * <pre>
 * mvn -q -pl controller -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp "controller/target/test-classes:controller/target/classes:device-profiles/target/classes:$(cat controller/target/bench.classpath)" \
 *     org.openjdk.jmh.Main SessionTickBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionTickBenchmark {

    private static final long TICK = Duration.ofMillis(20).toNanos();
    private static final Instant WALL = Instant.parse("2026-11-20T08:00:00Z");

    private EngineConfig config;
    private SessionEngine engine;
    private long now;
    private Readings readings;
    private Readings[] consistent;
    private Setpoints last;
    private int tickCount;

    @Setup(Level.Iteration)
    public void setUp() {
        config = config();
        readings = readings(true, true);
        // status reports that agree with what was commanded (index: left on ×2 + right on)
        consistent = new Readings[] {readings(false, false), readings(false, true), readings(true, false), readings(true, true)};
        freshSession();
    }

    private void freshSession() {
        now = 1_000_000_000L;
        engine = new SessionEngine(config, UsageHistory.empty(), now);
        engine.observe(readings, now);
        engine.handle(new Command.Start(Origin.LOCAL_INPUT, Optional.of("busy"), Optional.of(Duration.ofMinutes(15)),
                OptionalInt.of(6), Optional.of(false)), now, WALL.plusNanos(now));
        for (int i = 0; i < 500; i++) {
            last = advance();
        }
        engine.drainEvents();
    }

    private static Readings readings(boolean left, boolean right) {
        return new Readings(Map.of("lumbar-left", left ? 120 : 0, "lumbar-right", right ? 120 : 0, "spine", 0), Map.of(),
                Map.of("lumbar-left", left ? 900.0 : 0.0, "lumbar-right", right ? 900.0 : 0.0), Map.of("pad", 36.0),
                Optional.of(true), false);
    }

    private Setpoints advance() {
        now += TICK;
        Setpoints setpoints = engine.tick(now, WALL.plusNanos(now));
        if (engine.snapshot().phase() == Phase.COOLDOWN) {
            freshSession();
        }
        return setpoints;
    }

    /** engine.tick alone. */
    @Benchmark
    public Setpoints tick() {
        now += TICK;
        Setpoints setpoints = engine.tick(now, WALL.plusNanos(now));
        if (++tickCount % 40_000 == 0) {
            freshSession();
        }
        return setpoints;
    }

    /** What the control loop does per tick: tick, drain events, take the snapshot it publishes. */
    @Benchmark
    public void controlTick(Blackhole blackhole) {
        now += TICK;
        blackhole.consume(engine.tick(now, WALL.plusNanos(now)));
        blackhole.consume(engine.drainEvents());
        SessionSnapshot snapshot = engine.snapshot();
        blackhole.consume(snapshot);
        if (snapshot.phase() != Phase.RUNNING && snapshot.phase() != Phase.STARTING) {
            freshSession();
        }
    }

    /** A control tick with a status report from the device in it (plausibility and output checks). */
    @Benchmark
    public void controlTickWithReadings(Blackhole blackhole) {
        now += TICK;
        int on = (last.zoneSteps().get("lumbar-left") > 0 ? 2 : 0) + (last.zoneSteps().get("lumbar-right") > 0 ? 1 : 0);
        engine.observe(consistent[on], now);
        last = engine.tick(now, WALL.plusNanos(now));
        blackhole.consume(last);
        blackhole.consume(engine.drainEvents());
        SessionSnapshot snapshot = engine.snapshot();
        blackhole.consume(snapshot);
        if (snapshot.phase() != Phase.RUNNING && snapshot.phase() != Phase.STARTING) {
            freshSession();
        }
    }

    static EngineConfig config() {
        Actuator actuator = new Actuator(Actuator.ActuatorType.OSCILLATE, 255, 10, 2, 6, 10, 20, Optional.empty(),
                1.0, 1.0, 0, Duration.ofMillis(1000), 3000, Duration.ofSeconds(3));
        List<Zone> zones = List.of(
                new Zone("lumbar-left", "Lumbar left", false, actuator),
                new Zone("spine", "Spine", true, actuator),
                new Zone("lumbar-right", "Lumbar right", false, actuator));
        List<SensorSpec> sensors = List.of(
                new SensorSpec("pad", SensorKind.TEMPERATURE, "°C", -10, 80, 2.0, Duration.ofSeconds(120)),
                new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO),
                new SensorSpec("motor-current", SensorKind.MOTOR_CURRENT, "mA", 0, 2000, 100_000, Duration.ZERO));
        SessionLimits limits = new SessionLimits(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ZERO, Duration.ofHours(24), Duration.ofMinutes(2));
        DeviceProfile profile = new DeviceProfile(1, "bench", "Bench", "massaged", "B", "1",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "bench", 1),
                new SerialTransport(Optional.empty(), 115200, 8, SerialTransport.Parity.NONE, 1, false),
                zones, Optional.of(new Heater(40, 43, "pad", Duration.ofMinutes(3))), sensors, limits);
        List<String> left = List.of("left");
        List<String> right = List.of("right");
        List<String> both = List.of("both");
        Program busy = new Program("busy", "Busy", "every technique", List.of(
                new Step("thumbs left", Technique.THUMB_CIRCLING, left, 0.9, 0.1, false),
                new Step("thumbs right", Technique.THUMB_CIRCLING, right, 0.9, 0.1, false),
                new Step("kneading", Technique.KNEADING, both, 1.0, 0.1, false),
                new Step("knuckling", Technique.KNUCKLING, both, 0.9, 0.1, false),
                new Step("spreads", Technique.BACK_SPREADS, both, 1.0, 0.1, false),
                new Step("tapping", Technique.TAPPING, both, 0.7, 0.1, false),
                new Step("swedish", Technique.SWEDISH, both, 1.0, 0.1, false),
                new Step("shiatsu", Technique.SHIATSU, both, 1.0, 0.2, false),
                new Step("long slow stroke", Technique.LONG_SLOW_STROKE, both, 1.0, 0.1, false)));
        return new EngineConfig(profile, Map.of("busy", busy), "busy", false, RemoteStartPolicy.ALLOWED);
    }
}
