package org.massaged.controller.hardware.gpio;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts tachometer pulses and turns them into revolutions per minute for output verification (S10). The
 * speed is measured over the pulses of the last window; when pulses stop, the reported speed falls with the
 * time since the last pulse, and reaches 0 once the window holds fewer than two pulses. Time is passed in.
 */
public final class TachCounter {

    private final int pulsesPerRevolution;
    private final long windowNanos;
    private final Deque<Long> pulses = new ArrayDeque<>();
    private long totalPulses;

    public TachCounter(int pulsesPerRevolution, long windowNanos) {
        if (pulsesPerRevolution <= 0) {
            throw new IllegalArgumentException("pulses per revolution must be positive: " + pulsesPerRevolution);
        }
        this.pulsesPerRevolution = pulsesPerRevolution;
        this.windowNanos = windowNanos;
    }

    public synchronized void pulse(long nowNanos) {
        pulses.addLast(nowNanos);
        totalPulses++;
        forget(nowNanos);
    }

    public synchronized double rpm(long nowNanos) {
        forget(nowNanos);
        if (pulses.size() < 2) {
            return 0;
        }
        long first = pulses.peekFirst();
        long last = pulses.peekLast();
        double meanPeriod = (double) (last - first) / (pulses.size() - 1);
        // A motor that is slowing down has not produced its next pulse yet: never report faster than that.
        double period = Math.max(meanPeriod, nowNanos - last);
        return 60e9 / (period * pulsesPerRevolution);
    }

    public synchronized long totalPulses() {
        return totalPulses;
    }

    private void forget(long nowNanos) {
        while (!pulses.isEmpty() && nowNanos - pulses.peekFirst() > windowNanos) {
            pulses.removeFirst();
        }
    }
}
