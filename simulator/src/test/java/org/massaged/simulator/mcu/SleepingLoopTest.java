package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;
import org.massaged.simulator.physics.MassagerPhysics;

/**
 * The firmware's loop woken only when {@link McuCore#nextTickAt} says it has work (as the real-time simulator runs
 * it) does what the same loop run every tick does: the same faults, within a loop period of each other, the same
 * motor speeds in its statuses, for a random host and random physical faults (a fixed seed, printed; {@code -DsleepingLoop.seed=N} for another). In virtual
 * time: two boards side by side, fed the same frames at the same instants.
 */
class SleepingLoopTest {
    private static final long MS = 1_000_000L;
    private static final long LOOP = 5 * MS;
    private static final DeviceProfile PROFILE = SerialTestProfiles.lumbarDuo(Optional.empty());
    private static final List<String> ZONES = List.of("lumbar-left", "lumbar-right", "spine");

    /** A fault as the host heard it, and when. */
    private record Heard(FaultCode code, long at) {}

    /** One board with its host: the frames it sent, when each fault reached the host, how often its loop ran. */
    private static final class Rig {
        final MassagerPhysics physics = MassagerPhysics.forProfile(PROFILE);
        final List<byte[]> toHost = new ArrayList<>();
        final List<Heard> faults = new ArrayList<>();
        final List<Message.Status> statuses = new ArrayList<>();
        final McuCore mcu;
        final LinkEndpoint host;
        long now;
        long dueAt;
        int loops;

        Rig(long start) {
            now = start;
            mcu = new McuCore(SimulatedBoard.of(PROFILE), physics, toHost::add, 0x1234L, start, message -> { });
            host = new LinkEndpoint(bytes -> mcu.receive(bytes, 0, bytes.length, now), this::heard, 100 * MS, 8);
        }

        private void heard(Message message) {
            if (message instanceof Message.Fault fault) {
                faults.add(new Heard(fault.code(), now));
            } else if (message instanceof Message.Status status) {
                statuses.add(status);
            }
        }

        void tick() {
            loops++;
            mcu.tick(now);
            host.tick(now);
            deliver();
        }

        void deliver() {
            while (!toHost.isEmpty()) {
                byte[] bytes = toHost.remove(0);
                host.receiveBytes(bytes, 0, bytes.length, now);
            }
        }

        void plan() {
            dueAt = mcu.nextTickAt(now, LOOP);
        }
    }

    private final Rig everyLoop = new Rig(10_000 * MS);
    private final Rig sleeping = new Rig(10_000 * MS);

    @Test
    void aLoopThatSleepsUntilItsNextDeadlineActsAsALoopThatRunsEveryTick() {
        long seed = Long.getLong("sleepingLoop.seed", 20261130L);
        System.out.println("SleepingLoopTest seed " + seed);
        Random random = new Random(seed);
        configure();
        for (int step = 0; step < 400; step++) {
            int choice = random.nextInt(100);
            if (choice < 30) {
                int steps = random.nextInt(3) == 0 ? 0 : 100 + random.nextInt(900);
                boolean heat = random.nextInt(4) == 0;
                both(rig -> rig.host.sendReliable(new Message.Setpoint(1000, heat, heat ? 3800 : 0,
                        List.of(steps, steps / 2, 0)), rig.now));
            } else if (choice < 85) {
                both(rig -> rig.host.sendUnreliable(new Message.Heartbeat(1000)));
            } else if (choice < 90) {
                both(rig -> rig.host.sendReliable(new Message.ClearFaults(), rig.now));
            } else if (choice < 95) {
                boolean jam = random.nextBoolean();
                physically(physics -> physics.stall("lumbar-left", jam));
            } else {
                int welded = random.nextInt(3) == 0 ? 600 : 0;
                physically(physics -> physics.weldRelay("lumbar-right", welded));
            }
            runFor((5 + random.nextInt(100)) * LOOP);
        }
        runFor(3000 * MS);

        assertThat(sleeping.faults).as("faults (code, time), seed " + seed).hasSameSizeAs(everyLoop.faults);
        for (int i = 0; i < everyLoop.faults.size(); i++) {
            assertThat(sleeping.faults.get(i).code()).as("fault " + i + ", seed " + seed)
                    .isEqualTo(everyLoop.faults.get(i).code());
            assertThat(Math.abs(sleeping.faults.get(i).at() - everyLoop.faults.get(i).at()))
                    .as("fault " + i + " latched within a loop or two of the other's, seed " + seed)
                    .isLessThanOrEqualTo(2 * LOOP);
        }
        assertThat(everyLoop.faults).extracting(Heard::code).as("the random run met these faults")
                .contains(FaultCode.LEASE_EXPIRED, FaultCode.MOTOR_STALL, FaultCode.STUCK_RELAY);
        assertSameSpeeds(seed);
        System.out.printf("SleepingLoopTest: %d loops run every tick, %d sleeping%n", everyLoop.loops, sleeping.loops);
    }

    @Test
    void aSteadyRunWakesTheLoopForItsStatusesAndChecksOnly() {
        configure();
        both(rig -> rig.host.sendReliable(new Message.Setpoint(1000, false, 0, List.of(500, 300, 0)), rig.now));
        for (int beat = 0; beat < 80; beat++) {
            runFor(250 * MS);
            both(rig -> rig.host.sendUnreliable(new Message.Heartbeat(1000)));
        }
        assertThat(sleeping.faults).isEmpty();
        assertThat(sleeping.mcu.zoneSteps("lumbar-left")).isEqualTo(500);
        assertThat(everyLoop.loops).isGreaterThan(4000);
        // 20 s: a status every 250 ms (80), the kick and the checks' arming; not a loop every 5 ms
        assertThat(sleeping.loops).as("loops in 20 s of a steady run").isLessThan(200);
        assertSameSpeeds(0);
    }

    private void configure() {
        both(rig -> rig.host.sendReliable(new Message.Hello(7, ProtocolVersion.MAJOR, ProtocolVersion.MINOR), rig.now));
        both(rig -> rig.host.sendReliable(ProfileWire.configure(PROFILE, Duration.ofMillis(250)), rig.now));
        runFor(100 * MS);
    }

    /** Each status of the sleeping board shows the speeds the other showed at the nearest instant, within two loops' change. */
    private void assertSameSpeeds(long seed) {
        double loopChange = 2 * (3000.0 * LOOP / 1e9) + 1;   // a full-scale step's change in two loops, rounded
        int compared = 0;
        for (Message.Status status : sleeping.statuses) {
            Message.Status nearest = everyLoop.statuses.stream()
                    .min((a, b) -> Long.compare(Math.abs(a.uptimeMillis() - status.uptimeMillis()),
                            Math.abs(b.uptimeMillis() - status.uptimeMillis())))
                    .orElseThrow();
            if (Math.abs(nearest.uptimeMillis() - status.uptimeMillis()) > LOOP / MS) {
                continue;
            }
            compared++;
            for (int zone = 0; zone < ZONES.size(); zone++) {
                assertThat((double) status.zones().get(zone).rpm()).as("rpm of " + ZONES.get(zone) + " at "
                        + status.uptimeMillis() + " ms, seed " + seed)
                        .isCloseTo(nearest.zones().get(zone).rpm(), org.assertj.core.data.Offset.offset(loopChange));
            }
        }
        assertThat(compared).as("statuses compared").isGreaterThan(sleeping.statuses.size() / 2);
    }

    /** A host frame at this instant, to both boards; the sleeping one catches up first if it is overdue, then replans. */
    private void both(Consumer<Rig> send) {
        send.accept(everyLoop);
        everyLoop.deliver();
        catchUp();
        send.accept(sleeping);
        sleeping.deliver();
        sleeping.plan();
    }

    /** A physical change at this instant: the sleeping board's physics runs up to it first, as the simulator does. */
    private void physically(Consumer<MassagerPhysics> change) {
        change.accept(everyLoop.physics);
        catchUp();
        sleeping.mcu.advancePhysics(sleeping.now);
        change.accept(sleeping.physics);
        sleeping.plan();
    }

    private void catchUp() {
        if (sleeping.now - sleeping.dueAt >= 0) {
            sleeping.tick();
        }
    }

    private void runFor(long nanos) {
        long end = everyLoop.now + nanos;
        while (everyLoop.now < end) {
            everyLoop.now += LOOP;
            everyLoop.tick();
        }
        while (true) {
            long next = Math.max(sleeping.dueAt, sleeping.now);
            if (next > end) {
                sleeping.now = end;
                break;
            }
            sleeping.now = next;
            sleeping.tick();
            sleeping.plan();
        }
    }
}
