package org.massaged.simulator.faults;

import java.time.Duration;

/**
 * What the line does to frames right now. Rates are probabilities per frame (per received chunk on the way
 * in); the bit-error rate is per bit, both ways.
 */
public record LineFaults(double corruptRate, double dropRate, double duplicateRate, double delayRate,
                         Duration delay, double bitErrorRate, boolean silent, boolean unplugged) {

    public static LineFaults none() {
        return new LineFaults(0, 0, 0, 0, Duration.ZERO, 0, false, false);
    }

    public LineFaults {
        checkRate("corrupt", corruptRate);
        checkRate("drop", dropRate);
        checkRate("duplicate", duplicateRate);
        checkRate("delay", delayRate);
        checkRate("bit-error", bitErrorRate);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay " + delay + " is negative");
        }
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " rate " + rate + " is not within 0..1");
        }
    }
}
