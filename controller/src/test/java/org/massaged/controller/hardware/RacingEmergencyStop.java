package org.massaged.controller.hardware;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Places an emergency stop from another thread at one exact point of a device's control-thread code: inside the
 * next read, by the thread that armed it, of the clock the device was built with (the device's own threads read
 * it too, and pass). Wrap the clock, build the device with it, then {@link #arm} on the control thread.
 */
public final class RacingEmergencyStop implements LongSupplier {
    private final LongSupplier clock;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicReference<Device> device = new AtomicReference<>();
    private final AtomicReference<Thread> controlThread = new AtomicReference<>();

    public RacingEmergencyStop(LongSupplier clock) {
        this.clock = clock;
    }

    /** This thread's next clock read runs {@code target.emergencyStop()} on another thread, and waits for it. */
    public void arm(Device target) {
        device.set(target);
        controlThread.set(Thread.currentThread());
        armed.set(true);
    }

    /** Whether the emergency stop has struck since {@link #arm}. */
    public boolean struck() {
        return !armed.get();
    }

    @Override
    public long getAsLong() {
        if (Thread.currentThread() == controlThread.get() && armed.compareAndSet(true, false)) {
            Thread other = new Thread(() -> device.get().emergencyStop(), "racing-emergency-stop");
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return clock.getAsLong();
    }
}
