package org.massaged.device.program;

/** The lowest and highest level a step drives a zone at, over one cycle of its technique. */
public record LevelRange(double min, double max) {
    public LevelRange {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " above max " + max);
        }
    }
}
