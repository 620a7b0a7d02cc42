package org.massaged.simulator.mcu;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.safety.Setpoints;

/** Stands in for the daemon's control thread: applies the current setpoints every tick. */
public final class ControlLoop implements AutoCloseable {
    private final AtomicReference<Setpoints> setpoints;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "test-control-loop");
        t.setDaemon(true);
        return t;
    });

    public ControlLoop(Device device, Setpoints initial, long periodMillis) {
        this.setpoints = new AtomicReference<>(initial);
        thread.scheduleAtFixedRate(() -> device.apply(setpoints.get()), 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    public void set(Setpoints next) {
        setpoints.set(next);
    }

    public static Setpoints steps(Map<String, Integer> zoneSteps) {
        return new Setpoints(zoneSteps, false, 0, 1000);
    }

    /** The control thread hangs: it stops calling apply. */
    public void hang() {
        thread.shutdownNow();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
