package org.massaged.simulator.mcu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.KickStarter;
import org.massaged.device.protocol.Message;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;

/**
 * The zones' drive and its verification (docs/protocol.md §5.4): what each motor is asked, the drive it gets
 * through its kick start, and, from the tachometer, a stalled motor (driven at ≥ off below for 1 s after any kick,
 * turning slower than its stall rpm) and a stuck relay (off for longer than its spin-down, turning faster than its
 * stuck rpm). The rules come from CONFIGURE.
 */
final class OutputMonitor {
    private static final long MS = 1_000_000L;
    private static final long STALL_AFTER_NANOS = 1000 * MS;

    private final SimulatedBoard board;
    private final MassagerPhysics physics;
    private final int[] asked;
    private final int[] drive;
    private final KickStarter[] kicks;
    private final long[] offSince;
    private final long[] drivenSince;

    OutputMonitor(SimulatedBoard board, MassagerPhysics physics) {
        this.board = board;
        this.physics = physics;
        int zones = board.zoneCount();
        this.asked = new int[zones];
        this.drive = new int[zones];
        this.kicks = new KickStarter[zones];
        this.offSince = new long[zones];
        this.drivenSince = new long[zones];
        unconfigure();
    }

    /** A reset: every motor off since now. */
    void reset(long nowNanos) {
        Arrays.fill(offSince, nowNanos);
    }

    /** The kick start of each zone, from CONFIGURE. */
    void configure(Message.Configure configuration) {
        for (int i = 0; i < kicks.length; i++) {
            Message.ZoneConfig zone = configuration.zones().get(i);
            kicks[i] = new KickStarter(zone.kickSteps(), zone.kickMillis() * MS);
        }
    }

    void unconfigure() {
        Arrays.setAll(kicks, i -> KickStarter.none());
    }

    /** A SETPOINT obeyed: every zone's asked drive. */
    void ask(List<Integer> zoneSteps) {
        for (int i = 0; i < asked.length; i++) {
            asked[i] = zoneSteps.get(i);
        }
    }

    /** Every motor off. */
    void cut() {
        Arrays.fill(asked, 0);
    }

    /** What each motor gets now: the asked drive through its kick start. */
    void update(Message.Configure configuration, long nowNanos) {
        for (int i = 0; i < drive.length; i++) {
            KickStarter kick = kicks[i];
            int next = kick.drive(asked[i], nowNanos);
            if (next == 0 && drive[i] != 0) {
                offSince[i] = nowNanos;
            }
            drive[i] = next;
            boolean judged = next > 0 && !kick.kicking() && configuration != null
                    && next >= configuration.zones().get(i).offBelow();
            if (!judged) {
                drivenSince[i] = -1;
            } else if (drivenSince[i] < 0) {
                drivenSince[i] = nowNanos;
            }
        }
    }

    /** Stall and stuck relay, judged by the rpm and times CONFIGURE gave. */
    List<Message.Fault> check(Message.Configure configuration, long nowNanos) {
        List<Message.Fault> faults = new ArrayList<>();
        if (configuration == null) {
            return faults;
        }
        for (int i = 0; i < drive.length; i++) {
            Message.ZoneConfig zone = configuration.zones().get(i);
            String id = board.zoneIds().get(i);
            double rpm = physics.rpm(id);
            if (drive[i] == 0) {
                if (zone.stuckRpm() > 0 && nowNanos - offSince[i] > zone.spinDownMillis() * MS && rpm > zone.stuckRpm()) {
                    faults.add(new Message.Fault(FaultCode.STUCK_RELAY, i, McuCore.clampI16(rpm), "motor " + id
                            + " turns at " + Math.round(rpm) + " rpm, off for longer than its " + zone.spinDownMillis()
                            + " ms spin-down"));
                }
            } else if (zone.stallRpm() > 0 && drivenSince[i] >= 0 && nowNanos - drivenSince[i] >= STALL_AFTER_NANOS
                    && rpm < zone.stallRpm()) {
                faults.add(new Message.Fault(FaultCode.MOTOR_STALL, i, McuCore.clampI16(rpm), "motor " + id
                        + " driven at " + drive[i] + " steps turns at " + Math.round(rpm) + " rpm"));
            }
        }
        return faults;
    }

    /**
     * When {@link #check} or {@link #update} can next find something new, with the motors driven as now and the
     * physics at {@code nowNanos}: one {@code kickTickNanos} on while a kick runs (it ends by time); else when a zone's
     * stall or stuck-relay check is armed and its motor's speed, following its lag, has crossed the limit
     * ({@link Long#MAX_VALUE}: never, unless the drive changes).
     */
    long nextCheckAt(Message.Configure configuration, long nowNanos, long kickTickNanos) {
        if (configuration == null) {
            return Long.MAX_VALUE;
        }
        PhysicsInputs inputs = new PhysicsInputs(drives(), false);
        long next = Long.MAX_VALUE;
        for (int i = 0; i < drive.length; i++) {
            Message.ZoneConfig zone = configuration.zones().get(i);
            String id = board.zoneIds().get(i);
            long due = Long.MAX_VALUE;
            if (kicks[i].kicking()) {
                due = nowNanos + kickTickNanos;
            } else if (drive[i] == 0 && zone.stuckRpm() > 0) {
                due = Math.max(offSince[i] + zone.spinDownMillis() * MS + 1,
                        later(nowNanos, physics.nanosUntilFasterThan(id, zone.stuckRpm(), inputs)));
            } else if (drive[i] != 0 && zone.stallRpm() > 0 && drivenSince[i] >= 0) {
                due = Math.max(drivenSince[i] + STALL_AFTER_NANOS,
                        later(nowNanos, physics.nanosUntilSlowerThan(id, zone.stallRpm(), inputs)));
            }
            next = Math.min(next, due);
        }
        return next;
    }

    /** {@code nanos} after {@code nowNanos}; {@link Long#MAX_VALUE} stays never. */
    static long later(long nowNanos, long nanos) {
        return nanos == Long.MAX_VALUE ? Long.MAX_VALUE : nowNanos + nanos;
    }

    int driven(int zone) {
        return drive[zone];
    }

    boolean anyDriven() {
        return Arrays.stream(drive).anyMatch(steps -> steps != 0);
    }

    /** The drive of each zone by id, for the physics. */
    Map<String, Integer> drives() {
        Map<String, Integer> steps = new HashMap<>();
        for (int i = 0; i < drive.length; i++) {
            steps.put(board.zoneIds().get(i), drive[i]);
        }
        return steps;
    }
}
