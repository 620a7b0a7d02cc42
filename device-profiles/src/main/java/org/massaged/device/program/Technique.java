package org.massaged.device.program;

/**
 * The techniques that massage guides for lower-back pain name, each turned into a waveform: the relative
 * drive (0..1) over time. Every waveform is defined here and nowhere else.
 */
public enum Technique {
    /** Smooth, steady circles with the palm: an almost constant drive with a gentle swell. */
    PALM_CIRCLING(4.0) {
        @Override double shape(double phase) { return 0.85 + 0.15 * sine(phase); }
    },
    /** Slow, short pulses, like small circles with the thumbs. */
    THUMB_CIRCLING(1.5) {
        @Override double shape(double phase) { return phase < 0.4 ? 1.0 : 0.45; }
    },
    /** Muscle lifting / kneading: rising and falling. */
    KNEADING(3.0) {
        @Override double shape(double phase) { return 0.5 + 0.5 * sine(phase); }
    },
    /** Firm short cycles with the knuckles. */
    KNUCKLING(0.8) {
        @Override double shape(double phase) { return phase < 0.5 ? 1.0 : 0.6; }
    },
    /** Long sweeps across both sides. */
    BACK_SPREADS(6.0) {
        @Override double shape(double phase) { return 0.55 + 0.45 * sine(phase); }
    },
    /** Percussive pulses. */
    TAPPING(0.4) {
        @Override double shape(double phase) { return phase < 0.3 ? 1.0 : 0.3; }
    },
    /** Swedish: long flowing waves. */
    SWEDISH(8.0) {
        @Override double shape(double phase) { return 0.6 + 0.4 * sine(phase); }
    },
    /** Shiatsu: rhythmic press and hold. */
    SHIATSU(5.0) {
        @Override double shape(double phase) {
            if (phase < 0.2) {
                return 0.4 + 3.0 * phase;        // press
            }
            return phase < 0.7 ? 1.0 : 0.4;      // hold, release
        }
    },
    /** The final long slow stroke: a steady gentle drive; the session's ramp down does the rest. */
    LONG_SLOW_STROKE(10.0) {
        @Override double shape(double phase) { return 0.6; }
    };

    private final double periodSeconds;

    Technique(double periodSeconds) {
        this.periodSeconds = periodSeconds;
    }

    public double periodSeconds() {
        return periodSeconds;
    }

    /** Relative drive in [0, 1] at {@code secondsIntoStep}. */
    public double drive(double secondsIntoStep) {
        double phase = (secondsIntoStep / periodSeconds) % 1.0;
        return Math.max(0.0, Math.min(1.0, shape(phase < 0 ? phase + 1.0 : phase)));
    }

    /** The name files use: {@code PALM_CIRCLING} is {@code palm-circling}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The weakest drive over a period (sampled finely; the waveforms are piecewise smooth). */
    public double minDrive() {
        double min = 1.0;
        for (int i = 0; i < SAMPLES; i++) {
            min = Math.min(min, drive(periodSeconds * i / SAMPLES));
        }
        return min;
    }

    /** The strongest drive over a period. */
    public double maxDrive() {
        double max = 0.0;
        for (int i = 0; i < SAMPLES; i++) {
            max = Math.max(max, drive(periodSeconds * i / SAMPLES));
        }
        return max;
    }

    private static final int SAMPLES = 1000;

    /** The waveform over one period, phase in [0, 1). */
    abstract double shape(double phase);

    private static double sine(double phase) {
        return Math.sin(2 * Math.PI * phase);
    }
}
