package org.massaged.controller.hardware.gpio;

import java.util.Locale;

/** What a contact input on the chair means. */
public enum InputRole {
    EMERGENCY_STOP, START_STOP, INTENSITY_UP, INTENSITY_DOWN, TOO_MUCH, OCCUPANCY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether a press asks for a command (occupancy is a reading, not a command). */
    public boolean isButton() {
        return this != OCCUPANCY && this != EMERGENCY_STOP;
    }
}
