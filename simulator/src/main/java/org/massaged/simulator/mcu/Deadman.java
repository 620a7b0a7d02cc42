package org.massaged.simulator.mcu;

import java.util.Optional;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;

/**
 * The lease of docs/protocol.md §5.2: a non-zero SETPOINT starts it, a HEARTBEAT with a non-zero lease renews it
 * while an output runs, and when its deadline passes with an output still non-zero, every output is cut and
 * LEASE_EXPIRED latched.
 */
final class Deadman {
    private static final long MS = 1_000_000L;

    private long deadline;
    private int leaseMillis;

    /** A non-zero setpoint was obeyed now with this lease. */
    void start(int lease, long nowNanos) {
        leaseMillis = lease;
        deadline = nowNanos + lease * MS;
    }

    /** A heartbeat asked for {@code lease} (0 renews nothing), at most {@code maxLeaseMillis}. */
    void renew(int lease, int maxLeaseMillis, long nowNanos) {
        if (lease > 0) {
            start(Math.min(lease, maxLeaseMillis), nowNanos);
        }
    }

    /** The outputs were cut: no lease runs. */
    void stop(long nowNanos) {
        deadline = nowNanos;
    }

    /** The fault, once the deadline passed while an output runs. */
    Optional<Message.Fault> expired(boolean anyOutput, long nowNanos) {
        if (!anyOutput || nowNanos - deadline < 0) {
            return Optional.empty();
        }
        return Optional.of(new Message.Fault(FaultCode.LEASE_EXPIRED, Message.Fault.NO_INDEX, leaseMillis,
                "lease of " + leaseMillis + " ms expired without renewal"));
    }

    /** When {@link #expired} can next find the lease run out ({@link Long#MAX_VALUE}: no output, no lease). */
    long dueAt(boolean anyOutput) {
        return anyOutput ? deadline : Long.MAX_VALUE;
    }

    /** What STATUS reports as the lease left, in ms. */
    long leftMillis(boolean anyOutput, long nowNanos) {
        return anyOutput ? Math.max(0, (deadline - nowNanos) / MS) : 0;
    }
}
