package org.massaged.controller.hardware.gpio;

import java.time.Duration;
import org.massaged.controller.hardware.HousekeepingThread;

/**
 * Runs the adapter's housekeeping pass (debounce, lease watchdog) on its own thread
 * ({@code massaged-gpio-housekeeping}, a {@link HousekeepingThread}). Tests use {@link #manual()} and call
 * {@link GpioDevice#housekeeping()} themselves, in virtual time.
 */
public interface Housekeeping {

    void start(Runnable pass);

    void stop();

    static Housekeeping every(Duration period) {
        return new Housekeeping() {
            private HousekeepingThread thread;

            @Override
            public synchronized void start(Runnable pass) {
                thread = HousekeepingThread.start("massaged-gpio-housekeeping");
                thread.every(period, pass);
            }

            @Override
            public synchronized void stop() {
                if (thread != null) {
                    thread.close();
                    thread = null;
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
