package org.massaged.device.profile;

import java.util.List;

/**
 * The frequency-weighted acceleration a profile's motors deliver at each level, for the daily vibration dose
 * (docs/dose.md). Every zone's motor is the same kind (the profile's zones share their level count), so one table
 * serves them all.
 *
 * @param weighting             the frequency weighting the figures were measured with
 * @param accelerationPerLevel  the weighted r.m.s. acceleration in m/s² at level 1, 2, ... (one per level,
 *                              positive, non-decreasing)
 */
public record Vibration(Weighting weighting, List<Double> accelerationPerLevel) {

    /** The largest acceleration a profile may declare, m/s²: far above any hand-held massager. */
    public static final double MAX_ACCELERATION = 50.0;

    /** Frequency weightings of the standards: whole body (ISO 2631-1) and hand-arm (ISO 5349-1). */
    public enum Weighting {
        /** ISO 2631-1 Wk: whole body, vertical (z), seated or standing. */
        ISO_2631_1_WK,
        /** ISO 2631-1 Wd: whole body, horizontal (x, y) at the seat surface. */
        ISO_2631_1_WD,
        /** ISO 2631-1 Wc: whole body, fore-and-aft (x) at the backrest, where a back massager works. */
        ISO_2631_1_WC,
        /** ISO 5349-1 Wh: hand-arm. */
        ISO_5349_1_WH;

        /** As the standards write it, e.g. {@code ISO 2631-1 Wk}. */
        public String shown() {
            String[] parts = name().split("_");
            return "ISO " + parts[1] + "-" + parts[2] + " " + parts[3].charAt(0) + parts[3].substring(1).toLowerCase();
        }
    }

    public Vibration {
        accelerationPerLevel = List.copyOf(accelerationPerLevel);
    }

    /**
     * The acceleration at a (possibly fractional) level, m/s²: 0 at level 0 or below, the declared figure at each
     * whole level, linear between them, the top level's figure above it.
     */
    public double accelerationAt(double level) {
        if (level <= 0 || accelerationPerLevel.isEmpty()) {
            return 0.0;
        }
        int levels = accelerationPerLevel.size();
        if (level >= levels) {
            return accelerationPerLevel.get(levels - 1);
        }
        int below = (int) Math.floor(level);
        double lower = below == 0 ? 0.0 : accelerationPerLevel.get(below - 1);
        double upper = accelerationPerLevel.get(below);
        return lower + (upper - lower) * (level - below);
    }
}
