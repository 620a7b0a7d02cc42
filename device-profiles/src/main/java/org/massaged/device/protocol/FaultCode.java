package org.massaged.device.protocol;

import java.util.Optional;

/** Faults the microcontroller latches; every one stops the motors and the heater at once. */
public enum FaultCode {
    NONE(0x00, "no fault"),
    LEASE_EXPIRED(0x01, "a non-zero setpoint's lease expired without renewal"),
    SESSION_CAP(0x02, "outputs ran for the microcontroller's own session cap"),
    EMERGENCY_STOP(0x03, "emergency stop"),
    MOTOR_STALL(0x04, "a motor is driven but does not turn"),
    OVER_TEMPERATURE(0x05, "the heater sensor reached the trip temperature"),
    HEATER_RUNAWAY(0x06, "the heater warms while commanded off"),
    STUCK_RELAY(0x07, "a motor turns while commanded off"),
    BAD_CONFIGURATION(0x08, "the configuration does not fit the board"),
    SETPOINT_REJECTED(0x09, "a setpoint broke the configured limits");

    private final int code;
    private final String description;

    FaultCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<FaultCode> of(int code) {
        for (FaultCode fault : values()) {
            if (fault.code == code) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
