package org.massaged.device.program;

/**
 * A program cannot be played on a device as asked: a zone it names is missing or over the spine, nothing
 * is left to drive, or the duration is outside the device's allowed range. {@code reason} is a stable
 * machine code for results and MQTT; the message is a sentence for a person.
 */
public final class ProgramNotPlayableException extends Exception {

    public static final String DURATION_OUT_OF_RANGE = "duration-out-of-range";
    public static final String ZONE_MISSING = "zone-missing";
    public static final String ZONE_OVER_SPINE = "zone-over-spine";
    public static final String NOTHING_TO_DRIVE = "nothing-to-drive";
    public static final String NO_FINAL_STROKE = "no-final-stroke";

    private final String reason;

    public ProgramNotPlayableException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
