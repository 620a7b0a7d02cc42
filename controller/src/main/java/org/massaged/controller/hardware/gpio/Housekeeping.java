package org.massaged.controller.hardware.gpio;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the adapter's housekeeping pass (debounce, lease watchdog) on its own thread. Tests use
 * {@link #manual()} and call {@link GpioDevice#housekeeping()} themselves, in virtual time.
 */
public interface Housekeeping {

    void start(Runnable pass);

    void stop();

    static Housekeeping every(Duration period) {
        return new Housekeeping() {
            private ScheduledExecutorService executor;

            @Override
            public synchronized void start(Runnable pass) {
                executor = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "massaged-gpio-housekeeping");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.scheduleAtFixedRate(pass, 0, period.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public synchronized void stop() {
                if (executor != null) {
                    executor.shutdownNow();
                    try {
                        executor.awaitTermination(1, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    executor = null;
                }
            }
        };
    }

    static Housekeeping manual() {
        return new Housekeeping() {
            @Override
            public void start(Runnable pass) {
            }

            @Override
            public void stop() {
            }
        };
    }
}
