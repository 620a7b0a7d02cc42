package org.massaged.controller.hardware.serial;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of docs/protocol.md §7 "never resume" and §6 "nothing non-zero before the board confirms the stop".
 * Every reason not to resume (an emergency stop, a board fault, a reconnect, a lost link) counts one up; an all-off
 * applied by the control thread clears the reasons it had seen before it read the clock, never one that came
 * after. The emergency path writes here from any thread without a lock: the counter is atomic, the pending stop and
 * its last write are volatile; {@link #clearedBy} belongs to the link's owner.
 */
final class ResumeGuard {
    private final AtomicLong reasons = new AtomicLong();
    private volatile boolean emergencyPending;
    private volatile long lastEmergencyWriteAt;
    private long clearedBy;

    /** The reasons so far: what the control thread reads before anything else in {@code apply}. Any thread. */
    long reasons() {
        return reasons.get();
    }

    /** A reconnect, a fault or a lost link: nothing non-zero until an all-off. Any thread. */
    void addReason() {
        reasons.incrementAndGet();
    }

    /** An emergency stop: a reason not to resume, pending until the board confirms it. Any thread. */
    void emergency() {
        reasons.incrementAndGet();
        emergencyPending = true;
    }

    /** The emergency-stop frame just went out. Any thread. */
    void emergencyWritten(long nowNanos) {
        lastEmergencyWriteAt = nowNanos;
    }

    /** Whether the last emergency-stop frame went out at least {@code periodNanos} ago. */
    boolean emergencyRepeatDue(long nowNanos, long periodNanos) {
        return nowNanos - lastEmergencyWriteAt >= periodNanos;
    }

    /** When the emergency-stop frame is due again at {@code periodNanos}; only meaningful while one is pending. */
    long emergencyRepeatAt(long periodNanos) {
        return lastEmergencyWriteAt + periodNanos;
    }

    boolean emergencyPending() {
        return emergencyPending;
    }

    /** The board confirmed the stop (its FAULT EMERGENCY_STOP, or a STATUS with the stop latched). */
    void emergencyConfirmed() {
        emergencyPending = false;
    }

    /** The control thread applied all-off having seen {@code seen} reasons: those are answered. Owner only. */
    void allOffApplied(long seen) {
        clearedBy = seen;
    }

    /** Whether non-zero setpoints must still be refused. Owner only. */
    boolean holdsOutputsOff() {
        return clearedBy != reasons.get() || emergencyPending;
    }
}
