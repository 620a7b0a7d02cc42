package org.massaged.device.protocol;

import java.util.List;

/**
 * The messages of the wire protocol, one record per frame type. Temperatures travel as hundredths of a
 * degree Celsius, durations as milliseconds, motor output as hardware steps. See docs/protocol.md.
 */
public sealed interface Message {

    MessageType type();

    /** Host → MCU: start a link session. The MCU answers with {@link Identify} and drives outputs off. */
    record Hello(long nonce, int hostMajor, int hostMinor) implements Message {
        public MessageType type() {
            return MessageType.HELLO;
        }
    }

    /** One motor channel the board has. */
    record ZoneInfo(String id, int maxSteps) {}

    /**
     * What the board has, compared by the host against its selected profile; {@code emergencyStopInput} is
     * informational (a board may have one whatever the profile says).
     */
    record Capabilities(List<ZoneInfo> zones, boolean heater, int temperatureSensors, boolean occupancy,
                        boolean motorCurrent, boolean tachometer, boolean emergencyStopInput) {
        public Capabilities {
            zones = List.copyOf(zones);
        }

        /** A board without an emergency-stop input of its own. */
        public Capabilities(List<ZoneInfo> zones, boolean heater, int temperatureSensors, boolean occupancy,
                            boolean motorCurrent, boolean tachometer) {
            this(zones, heater, temperatureSensors, occupancy, motorCurrent, tachometer, false);
        }
    }

    /** MCU → host: who the board is. */
    record Identify(int protocolMajor, int protocolMinor, String firmwareVersion, String boardId, long bootId,
                    long nonce, int maxLeaseMillis, int sessionCapSeconds, Capabilities capabilities)
            implements Message {
        public MessageType type() {
            return MessageType.IDENTIFY;
        }
    }

    /**
     * One motor channel's rules, so that the board never needs the host's profile (docs/protocol.md §4.2).
     *
     * @param maxSteps       the highest drive the host may ask for (0 = never drive: an over-spine zone)
     * @param offBelow       the lowest drive that turns the motor (0 = any)
     * @param kickSteps      kick-start drive (0 = no kick start)
     * @param kickMillis     kick-start duration (0 = no kick start)
     * @param stallRpm       a motor driven at ≥ offBelow that turns slower than this is stalled (0 = no check)
     * @param stuckRpm       a motor commanded off for longer than its spin-down that turns faster is stuck (0 = no check)
     * @param spinDownMillis how long the motor coasts from full speed to below stuckRpm once its drive is cut
     */
    record ZoneConfig(int maxSteps, int offBelow, int kickSteps, int kickMillis, int stallRpm, int stuckRpm,
                      int spinDownMillis) {
        public boolean kicks() {
            return kickSteps > 0 && kickMillis > 0;
        }
    }

    /** Host → MCU: limits for this link session; the MCU echoes the CRC-16 of this payload in every status. */
    record Configure(List<ZoneConfig> zones, int heaterMaxCentiCelsius, int heaterTripCentiCelsius,
                     int maxLeaseMillis, int statusPeriodMillis, int sessionCapSeconds) implements Message {
        public Configure {
            zones = List.copyOf(zones);
        }

        public MessageType type() {
            return MessageType.CONFIGURE;
        }
    }

    /** Host → MCU: absolute outputs; any non-zero output is valid for {@code leaseMillis}. */
    record Setpoint(int leaseMillis, boolean heaterOn, int heaterCentiCelsius, List<Integer> zoneSteps)
            implements Message {
        public Setpoint {
            zoneSteps = List.copyOf(zoneSteps);
        }

        public boolean allOff() {
            return !heaterOn && zoneSteps.stream().allMatch(steps -> steps == 0);
        }

        public MessageType type() {
            return MessageType.SETPOINT;
        }
    }

    /** Host → MCU: renews the lease of the current outputs. */
    record Heartbeat(int leaseMillis) implements Message {
        public MessageType type() {
            return MessageType.HEARTBEAT;
        }
    }

    /** Host → MCU: cut every output now and latch; acted on before any sequence check. */
    record EmergencyStop(int reason) implements Message {
        public MessageType type() {
            return MessageType.EMERGENCY_STOP;
        }
    }

    /** Host → MCU: a deliberate reset of latched faults (refused while the cause persists). */
    record ClearFaults() implements Message {
        public MessageType type() {
            return MessageType.CLEAR_FAULTS;
        }
    }

    /** One motor as the MCU sees it. */
    record ZoneStatus(int steps, int rpm, int currentMilliamps) {}

    /**
     * MCU → host, periodically: what it drives and measures. {@code fault} is the first fault latched since boot
     * or the last CLEAR_FAULTS ({@link FaultCode#NONE} for none); {@code emergencyStopInputOpen} is the board's
     * emergency-stop loop, open (always false on a board without one).
     */
    record Status(long bootId, long uptimeMillis, boolean configured, boolean faultLatched,
                  boolean emergencyStopLatched, boolean heaterOn, boolean occupancyPresent, boolean occupied,
                  boolean emergencyStopInputOpen, FaultCode fault, int configCrc, int leaseRemainingMillis,
                  int crcErrors, int retransmits,
                  List<ZoneStatus> zones, List<Integer> temperaturesCentiCelsius) implements Message {
        public Status {
            zones = List.copyOf(zones);
            temperaturesCentiCelsius = List.copyOf(temperaturesCentiCelsius);
        }

        public MessageType type() {
            return MessageType.STATUS;
        }
    }

    /**
     * MCU → host: a fault was latched. {@code index} is the zone or sensor it concerns ({@link #NO_INDEX} for none)
     * and {@code value} what was measured or configured, as docs/protocol.md §4.4 lists per code.
     */
    record Fault(FaultCode code, int index, int value, String message) implements Message {
        public static final int NO_INDEX = 0xFF;

        public MessageType type() {
            return MessageType.FAULT;
        }
    }

    /** MCU → host, unsolicited after a reset: the new boot id. */
    record Boot(long bootId, int resetCause) implements Message {
        public MessageType type() {
            return MessageType.BOOT;
        }
    }

    /** Either direction: acknowledges the reliable frame whose sequence is in the frame's ACK field. */
    record Ack() implements Message {
        public MessageType type() {
            return MessageType.ACK;
        }
    }
}
