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

    /** What the board has, compared by the host against its selected profile. */
    record Capabilities(List<ZoneInfo> zones, boolean heater, int temperatureSensors, boolean occupancy,
                        boolean motorCurrent, boolean tachometer) {
        public Capabilities {
            zones = List.copyOf(zones);
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

    /** Host → MCU: limits for this link session; the MCU echoes the CRC-16 of this payload in every status. */
    record Configure(List<Integer> zoneMaxSteps, int heaterMaxCentiCelsius, int heaterTripCentiCelsius,
                     int maxLeaseMillis, int statusPeriodMillis, int sessionCapSeconds) implements Message {
        public Configure {
            zoneMaxSteps = List.copyOf(zoneMaxSteps);
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

    /** MCU → host, periodically: what it drives and measures. */
    record Status(long bootId, long uptimeMillis, boolean configured, boolean faultLatched,
                  boolean emergencyStopLatched, boolean heaterOn, boolean occupancyPresent, boolean occupied,
                  FaultCode fault, int configCrc, int leaseRemainingMillis, int crcErrors, int retransmits,
                  List<ZoneStatus> zones, List<Integer> temperaturesCentiCelsius) implements Message {
        public Status {
            zones = List.copyOf(zones);
            temperaturesCentiCelsius = List.copyOf(temperaturesCentiCelsius);
        }

        public MessageType type() {
            return MessageType.STATUS;
        }
    }

    /** MCU → host: a fault was latched. {@code zone} is the zone index or 255 for none. */
    record Fault(FaultCode code, int zone, int value, String message) implements Message {
        public static final int NO_ZONE = 0xFF;

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
