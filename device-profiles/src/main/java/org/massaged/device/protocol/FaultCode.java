package org.massaged.device.protocol;

import java.util.List;
import java.util.Optional;

/**
 * A fault code the microcontroller latches; every fault stops the motors and the heater at once. Any byte is a
 * fault code: one this version does not know (added by a newer minor version, docs/protocol.md §8) is still a
 * fault, named {@code UNKNOWN_0xNN}, never dropped.
 *
 * @param code the byte on the wire (0 = no fault)
 */
public record FaultCode(int code) {
    public static final FaultCode NONE = new FaultCode(0x00);
    public static final FaultCode LEASE_EXPIRED = new FaultCode(0x01);
    public static final FaultCode SESSION_CAP = new FaultCode(0x02);
    public static final FaultCode EMERGENCY_STOP = new FaultCode(0x03);
    public static final FaultCode MOTOR_STALL = new FaultCode(0x04);
    public static final FaultCode OVER_TEMPERATURE = new FaultCode(0x05);
    public static final FaultCode HEATER_RUNAWAY = new FaultCode(0x06);
    public static final FaultCode STUCK_RELAY = new FaultCode(0x07);
    public static final FaultCode BAD_CONFIGURATION = new FaultCode(0x08);
    public static final FaultCode SETPOINT_REJECTED = new FaultCode(0x09);
    public static final FaultCode SENSOR_FAULT = new FaultCode(0x0A);

    private static final List<FaultCode> KNOWN = List.of(NONE, LEASE_EXPIRED, SESSION_CAP, EMERGENCY_STOP,
            MOTOR_STALL, OVER_TEMPERATURE, HEATER_RUNAWAY, STUCK_RELAY, BAD_CONFIGURATION, SETPOINT_REJECTED,
            SENSOR_FAULT);

    public FaultCode {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("fault code " + code + " is not a byte");
        }
    }

    /** The fault for a byte from the wire: a known one, or an unknown one that is a fault all the same. */
    public static FaultCode of(int code) {
        return code >= 0 && code < KNOWN.size() ? KNOWN.get(code) : new FaultCode(code);
    }

    /** The codes this version knows, {@link #NONE} first. */
    public static List<FaultCode> known() {
        return KNOWN;
    }

    public boolean isKnown() {
        return code < KNOWN.size();
    }

    public boolean isFault() {
        return code != 0;
    }

    /** The name in docs/protocol.md §4.4, or {@code UNKNOWN_0xNN}. */
    public String name() {
        return details().map(d -> d[0]).orElse("UNKNOWN_0x%02X".formatted(code));
    }

    public String description() {
        return details().map(d -> d[1]).orElse("a fault this version of massaged does not know (code 0x%02X)"
                .formatted(code));
    }

    private Optional<String[]> details() {
        return Optional.ofNullable(switch (code) {
            case 0x00 -> new String[] {"NONE", "no fault"};
            case 0x01 -> new String[] {"LEASE_EXPIRED", "a non-zero setpoint's lease expired without renewal"};
            case 0x02 -> new String[] {"SESSION_CAP", "outputs ran for the microcontroller's own session cap"};
            case 0x03 -> new String[] {"EMERGENCY_STOP", "emergency stop"};
            case 0x04 -> new String[] {"MOTOR_STALL", "a motor is driven but does not turn"};
            case 0x05 -> new String[] {"OVER_TEMPERATURE", "the heater sensor reached the trip temperature"};
            case 0x06 -> new String[] {"HEATER_RUNAWAY", "the heater warms while commanded off"};
            case 0x07 -> new String[] {"STUCK_RELAY", "a motor turns while commanded off"};
            case 0x08 -> new String[] {"BAD_CONFIGURATION", "the configuration does not fit the board"};
            case 0x09 -> new String[] {"SETPOINT_REJECTED", "a setpoint broke the configured limits"};
            case 0x0A -> new String[] {"SENSOR_FAULT", "a temperature sensor reads outside -20..90 °C"};
            default -> null;
        });
    }

    @Override
    public String toString() {
        return name();
    }
}
