package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;
import org.massaged.device.program.ProgramCatalogue;

/**
 * Every shipped program on every shipped profile for a full 15 minutes at the home maximum, with heat, against
 * a small physical model (motor lag and current, pad temperature) reporting at 10 Hz: no plausibility or
 * output-verification check may fire on a healthy device, and the invariants hold on every tick.
 */
class ShippedProfilesTest {

    private static final long TICK = Duration.ofMillis(20).toNanos();
    private static final Instant WALL = Instant.parse("2026-11-20T18:00:00Z");

    /** Like the simulator's defaults: 3000 rpm at full steps, 300 ms lag, 80..900 mA, pad 22 °C + 30 K. */
    private static final class Physics {
        final Map<String, Double> rpm = new HashMap<>();
        double pad = 22.0;

        void step(DeviceProfile profile, Setpoints setpoints, double seconds) {
            for (Zone zone : profile.zones()) {
                int steps = setpoints.zoneSteps().getOrDefault(zone.id(), 0);
                double target = 3000.0 * steps / zone.actuator().steps();
                double now = rpm.getOrDefault(zone.id(), 0.0);
                rpm.put(zone.id(), now + (target - now) * (1 - Math.exp(-seconds / 0.3)));
            }
            double equilibrium = setpoints.heaterOn() ? 52.0 : 22.0;
            pad += (equilibrium - pad) * (1 - Math.exp(-seconds / 60.0));
        }

        Readings readings(DeviceProfile profile, Setpoints setpoints) {
            Map<String, Double> rpms = new HashMap<>();
            Map<String, Double> currents = new HashMap<>();
            boolean tach = profile.sensor(SensorKind.TACHOMETER).isPresent();
            boolean current = profile.sensor(SensorKind.MOTOR_CURRENT).isPresent();
            for (Zone zone : profile.zones()) {
                double speed = rpm.getOrDefault(zone.id(), 0.0);
                int steps = setpoints.zoneSteps().getOrDefault(zone.id(), 0);
                if (tach) {
                    rpms.put(zone.id(), speed);
                }
                if (current) {
                    currents.put(zone.id(), steps == 0 ? 0.0 : 80 + 820 * speed / 3000);
                }
            }
            Map<String, Double> temperatures = profile.heater().isPresent()
                    ? Map.of(profile.heater().get().sensor(), pad) : Map.of();
            return new Readings(setpoints.zoneSteps(), rpms, currents, temperatures,
                    profile.hasOccupancySensor() ? Optional.of(true) : Optional.empty(), setpoints.heaterOn());
        }
    }

    @Test
    void everyShippedProgramPlaysCleanlyOnEveryShippedProfile() {
        ProfileCatalogue profiles = ProfileCatalogue.builtIn();
        ProgramCatalogue programs = ProgramCatalogue.builtIn(profiles);
        assertThat(profiles.ids()).contains("body-massager-serial", "lumbar-duo-serial", "body-massager-gpio");
        int played = 0;
        for (DeviceProfile profile : profiles.all()) {
            for (Program program : programs.all()) {
                EngineConfig config = new EngineConfig(profile, programs.byId(), program.id(), false,
                        RemoteStartPolicy.ALLOWED);
                SessionEngine engine;
                try {
                    engine = new SessionEngine(config, UsageHistory.empty(), 0);
                } catch (IllegalArgumentException notPlayableHere) {
                    continue;
                }
                play(profile, program, engine);
                played++;
            }
        }
        assertThat(played).isGreaterThanOrEqualTo(profiles.all().size() * 3);
    }

    private static void play(DeviceProfile profile, Program program, SessionEngine engine) {
        String what = program.id() + " on " + profile.id();
        Physics physics = new Physics();
        long now = 0;
        Setpoints last = engine.tick(now, WALL);
        engine.observe(physics.readings(profile, last), now);
        int homeMax = profile.drivableZones().stream().mapToInt(zone -> zone.actuator().homeMax()).min().orElseThrow();
        CommandResult started = engine.handle(new Command.Start(Origin.LOCAL_INPUT, Optional.empty(),
                Optional.of(Duration.ofMinutes(15)), OptionalInt.of(homeMax), Optional.of(true)), now, WALL);
        assertThat(started.isRejected()).as(what + ": " + started.message()).isFalse();
        Map<String, Double> previous = new HashMap<>(engine.snapshot().zoneLevels());
        int tick = 0;
        while (engine.snapshot().phase() != Phase.COOLDOWN && engine.snapshot().phase() != Phase.IDLE) {
            now += TICK;
            physics.step(profile, last, TICK / 1e9);
            if (++tick % 5 == 0) {
                engine.observe(physics.readings(profile, last), now);
            }
            last = engine.tick(now, WALL.plusNanos(now));
            SessionSnapshot snap = engine.snapshot();
            assertThat(snap.fault()).as(what + " at " + now / 1_000_000_000 + " s").isEmpty();
            assertThat(last.heaterSetpointCelsius()).isLessThanOrEqualTo(41.0);
            for (Zone zone : profile.zones()) {
                double level = snap.zoneLevels().get(zone.id());
                if (!zone.drivable()) {
                    assertThat(last.zoneSteps().get(zone.id())).as(what + ": S8").isZero();
                }
                assertThat(level).as(what + ": S2").isLessThanOrEqualTo(zone.actuator().homeMax());
                assertThat(level - previous.get(zone.id())).as(what + ": ramp")
                        .isLessThanOrEqualTo(zone.actuator().rampUpLevelsPerSecond() * TICK / 1e9 + 1e-9);
                previous.put(zone.id(), level);
            }
            if (!last.allOff()) {
                assertThat(now).as(what + ": S1").isLessThanOrEqualTo(Duration.ofMinutes(15).toNanos());
            }
            assertThat(now).isLessThan(Duration.ofMinutes(16).toNanos());
        }
        assertThat(last.allOff()).isTrue();
        List<SessionEvent> events = engine.drainEvents();
        assertThat(events).filteredOn(SessionEvent.Ended.class::isInstance).singleElement()
                .satisfies(ended -> assertThat(((SessionEvent.Ended) ended).cause().text()).as(what).isEqualTo("duration-elapsed"));
        assertThat(events).filteredOn(SessionEvent.Faulted.class::isInstance).as(what).isEmpty();
    }
}
