package org.massaged.controller.app;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The two time bases the control thread passes into the engine: monotonic nanos for every duration, and
 * the wall clock for calendar questions ("today") and as the engine's cross-check.
 */
public record Clocks(LongSupplier monotonicNanos, Supplier<Instant> wall) {

    public static Clocks system() {
        return new Clocks(System::nanoTime, Instant::now);
    }

    /**
     * Both time bases running {@code factor} times faster than real time, in step. Only for the simulator
     * demo, so that a 5-minute session can be watched in 30 s; the daemon on hardware never uses it.
     */
    public static Clocks accelerated(double factor) {
        if (factor < 1 || factor > 60) {
            throw new IllegalArgumentException("speed must be between 1 and 60, not " + factor);
        }
        long origin = System.nanoTime();
        Instant wallOrigin = Instant.now();
        LongSupplier monotonic = () -> origin + (long) ((System.nanoTime() - origin) * factor);
        return new Clocks(monotonic,
                () -> wallOrigin.plus(Duration.ofNanos(monotonic.getAsLong() - origin)));
    }
}
