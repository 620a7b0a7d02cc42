package org.massaged.controller.safety;

/** Where the session is. FAULT and EMERGENCY_STOP are latched until a deliberate reset. */
public enum Phase {
    IDLE, WARMING, STARTING, RUNNING, PAUSED, STOPPING, COOLDOWN, FAULT, EMERGENCY_STOP;

    /** Whether outputs may be non-zero in this phase. */
    public boolean drives() {
        return this == WARMING || this == STARTING || this == RUNNING || this == STOPPING;
    }

    /** Whether a session is in progress: from its start to the end of its ramp down. */
    public boolean inSession() {
        return drives() || this == PAUSED;
    }

    public boolean latched() {
        return this == FAULT || this == EMERGENCY_STOP;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
