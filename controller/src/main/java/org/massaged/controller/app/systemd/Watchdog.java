package org.massaged.controller.app.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The systemd watchdog, petted only from the control loop's healthy tick: {@link #healthyTick()} is the
 * {@code Daemon.Parts.healthyTick} runnable, called by the control thread after a tick that computed and
 * wrote the setpoints. A stalled or dead control thread stops the pets, systemd kills the service after
 * {@code WatchdogSec} and restarts it, and the restarted daemon opens the device with outputs off (S5).
 *
 * <p>A pet is sent at most every half watchdog interval, as sd_watchdog_enabled(3) recommends.
 */
public final class Watchdog {

    private final SystemdNotifier notifier;
    private final long petEveryNanos;
    private final LongSupplier monotonicNanos;
    private long lastPetNanos;
    private boolean petted;

    Watchdog(SystemdNotifier notifier, Duration interval, LongSupplier monotonicNanos) {
        this.notifier = notifier;
        this.petEveryNanos = interval.toNanos() / 2;
        this.monotonicNanos = monotonicNanos;
    }

    /**
     * The watchdog systemd asked for ({@code WATCHDOG_USEC}, for this process per {@code WATCHDOG_PID}), if any.
     */
    public static Optional<Watchdog> fromEnvironment(Map<String, String> environment, SystemdNotifier notifier,
                                                     long pid, LongSupplier monotonicNanos) {
        String usec = environment.get("WATCHDOG_USEC");
        String forPid = environment.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            if (micros <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Watchdog(notifier, Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros)),
                    monotonicNanos));
        } catch (NumberFormatException bad) {
            return Optional.empty();
        }
    }

    /** Called on the control thread after each healthy tick. Cheap: at most one pet per half interval. */
    public void healthyTick() {
        long now = monotonicNanos.getAsLong();
        if (!petted || now - lastPetNanos >= petEveryNanos) {
            petted = true;
            lastPetNanos = now;
            notifier.watchdog();
        }
    }
}
