package org.massaged.controller.hardware.gpio;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.massaged.device.protocol.KickStarter;

/**
 * The GPIO board's own protection of its outputs, as the microcontroller does on the serial path: the kick start
 * ({@link KickStarter}, docs/protocol.md §5.4), the lease (non-zero outputs the control thread stops renewing are
 * cut), and the emergency-stop latch (outputs stay cut until an all-off apply saw the last stop, with the circuit
 * closed). Every write to the {@link Outputs} happens under one lock; {@link #emergencyStop} may come from any
 * thread: it counts up an atomic, then cuts under the lock.
 */
final class OutputGuard {
    private static final long NO_LEASE = Long.MAX_VALUE;

    /** What the outputs drive after an apply. */
    record Driven(int steps, boolean heaterOn) {
        static final Driven NOTHING = new Driven(0, false);
    }

    private final Object lock = new Object();
    /** Every emergency stop counts one up, from any thread; outputs stay cut until an all-off apply saw it. */
    private final AtomicLong emergencyStops = new AtomicLong();
    private final Consumer<RuntimeException> writeFailed;

    // Guarded by lock.
    private Outputs outputs;
    private long leaseDeadline = NO_LEASE;
    private long rearmedAfter;
    private KickStarter kick = KickStarter.none();

    /** {@code writeFailed} hears of outputs that could not all be written off (the lock is held). */
    OutputGuard(Consumer<RuntimeException> writeFailed) {
        this.writeFailed = writeFailed;
    }

    /** The outputs were opened (at their shutdown values): no lease runs, no stop before now holds them. */
    void open(Outputs opened, KickStarter kickStart) {
        synchronized (lock) {
            outputs = opened;
            leaseDeadline = NO_LEASE;
            rearmedAfter = emergencyStops.get();
            kick = kickStart;
        }
    }

    /** Cuts the outputs and forgets them (close). */
    void close() {
        synchronized (lock) {
            cut();
            outputs = null;
        }
    }

    /** Any thread: the count of emergency stops so far, read by the control thread before anything else. */
    long stopsSoFar() {
        return emergencyStops.get();
    }

    /** Any thread, at once: the latch counts one more stop, and the outputs are cut. */
    void emergencyStop() {
        emergencyStops.incrementAndGet();
        synchronized (lock) {
            cut();
        }
    }

    /**
     * The control thread's setpoints: an all-off with the circuit closed re-arms the latch for the stops it saw;
     * while latched (or the circuit is open) the outputs stay cut; otherwise the motor gets {@code steps} through
     * the kick start, and any non-zero output a lease of {@code leaseNanos}. Empty while closed.
     */
    Optional<Driven> apply(int steps, boolean heaterOn, boolean allOff, long leaseNanos, long stopsSeen, boolean circuitOpen,
            long nowNanos) {
        synchronized (lock) {
            if (outputs == null) {
                return Optional.empty();
            }
            if (allOff && !circuitOpen && rearmedAfter != stopsSeen) {
                rearmedAfter = stopsSeen;
                GpioDevice.LOG.info("Emergency-stop latch re-armed: the circuit is closed and the session is off");
            }
            if (rearmedAfter != emergencyStops.get() || circuitOpen) {
                cut();
            } else {
                int value = kick.drive(steps, nowNanos);
                outputs.motor(value);
                outputs.heater(heaterOn);
                leaseDeadline = value > 0 || outputs.heaterOn() ? nowNanos + leaseNanos : NO_LEASE;
            }
            return Optional.of(new Driven(outputs.drivenSteps(), outputs.heaterOn()));
        }
    }

    /** Whether a lease ran out by now: then the outputs were just cut. */
    boolean leaseExpired(long nowNanos) {
        synchronized (lock) {
            boolean expired = outputs != null && leaseDeadline != NO_LEASE && nowNanos - leaseDeadline > 0;
            if (expired) {
                cut();
            }
            return expired;
        }
    }

    /** What the outputs drive now. */
    Driven driven() {
        synchronized (lock) {
            return outputs == null ? Driven.NOTHING : new Driven(outputs.drivenSteps(), outputs.heaterOn());
        }
    }

    private void cut() {
        leaseDeadline = NO_LEASE;
        kick.drive(0, 0);
        if (outputs == null) {
            return;
        }
        try {
            outputs.allOff();
        } catch (RuntimeException e) {
            writeFailed.accept(e);
        }
    }
}
