package org.massaged.simulator.matrix;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How long a fault takes to reach its safe state, as the fault matrix (docs/reliability.md) quotes it: every
 * measurement is one line {@code fault-matrix | <fault> | <what> | <n> ms} in the test output.
 */
public final class TimeToSafe {

    private TimeToSafe() {
    }

    /** Milliseconds until {@code safe} holds, polled every 5 ms, at most {@code within}. */
    public static long millisUntil(Duration within, BooleanSupplier safe) {
        long from = System.nanoTime();
        await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(safe::getAsBoolean);
        return (System.nanoTime() - from) / 1_000_000;
    }

    /** Waits until {@code safe} holds and records how long that took. */
    public static void record(String fault, String what, Duration within, BooleanSupplier safe) {
        record(fault, what, millisUntil(within, safe));
    }

    /** Records the time since {@code injectedAt} ({@link System#nanoTime()} when the fault was injected). */
    public static void recordSince(String fault, String what, long injectedAt) {
        record(fault, what, (System.nanoTime() - injectedAt) / 1_000_000);
    }

    public static void record(String fault, String what, long millis) {
        System.out.printf("fault-matrix | %s | %s | %d ms%n", fault, what, millis);
    }
}
