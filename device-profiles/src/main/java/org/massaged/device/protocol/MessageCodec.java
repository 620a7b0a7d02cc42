package org.massaged.device.protocol;

import java.util.ArrayList;
import java.util.List;
import org.massaged.device.protocol.Message.Ack;
import org.massaged.device.protocol.Message.Boot;
import org.massaged.device.protocol.Message.Capabilities;
import org.massaged.device.protocol.Message.ClearFaults;
import org.massaged.device.protocol.Message.Configure;
import org.massaged.device.protocol.Message.EmergencyStop;
import org.massaged.device.protocol.Message.Fault;
import org.massaged.device.protocol.Message.Heartbeat;
import org.massaged.device.protocol.Message.Hello;
import org.massaged.device.protocol.Message.Identify;
import org.massaged.device.protocol.Message.Setpoint;
import org.massaged.device.protocol.Message.Status;
import org.massaged.device.protocol.Message.ZoneConfig;
import org.massaged.device.protocol.Message.ZoneInfo;
import org.massaged.device.protocol.Message.ZoneStatus;

/** Payload layouts of every message (big-endian), exactly as docs/protocol.md specifies them. */
public final class MessageCodec {
    private static final int FLAG_HEATER = 1;
    private static final int FLAG_OCCUPANCY = 1 << 1;
    private static final int FLAG_MOTOR_CURRENT = 1 << 2;
    private static final int FLAG_TACHOMETER = 1 << 3;
    private static final int FLAG_ESTOP_INPUT = 1 << 4;

    private static final int STATUS_CONFIGURED = 1;
    private static final int STATUS_FAULT = 1 << 1;
    private static final int STATUS_ESTOP = 1 << 2;
    private static final int STATUS_HEATER = 1 << 3;
    private static final int STATUS_OCCUPANCY_PRESENT = 1 << 4;
    private static final int STATUS_OCCUPIED = 1 << 5;
    private static final int STATUS_ESTOP_INPUT_OPEN = 1 << 6;

    private MessageCodec() {}

    /** A frame for {@code message} with the given sequence fields, in this code's protocol version. */
    public static Frame frame(Message message, int seq, int ack) {
        return frame(message, seq, ack, ProtocolVersion.BYTE);
    }

    public static Frame frame(Message message, int seq, int ack, int versionByte) {
        return new Frame(versionByte, seq, ack, message.type().code(), encode(message));
    }

    public static byte[] encode(Message message) {
        PayloadWriter out = new PayloadWriter();
        if (message instanceof Hello hello) {
            out.u32(hello.nonce()).u8(hello.hostMajor()).u8(hello.hostMinor());
        } else if (message instanceof Identify identify) {
            Capabilities caps = identify.capabilities();
            out.u8(identify.protocolMajor()).u8(identify.protocolMinor()).text(identify.firmwareVersion())
                    .text(identify.boardId()).u32(identify.bootId()).u32(identify.nonce())
                    .u16(identify.maxLeaseMillis()).u16(identify.sessionCapSeconds())
                    .u8((caps.heater() ? FLAG_HEATER : 0) | (caps.occupancy() ? FLAG_OCCUPANCY : 0)
                            | (caps.motorCurrent() ? FLAG_MOTOR_CURRENT : 0)
                            | (caps.tachometer() ? FLAG_TACHOMETER : 0)
                            | (caps.emergencyStopInput() ? FLAG_ESTOP_INPUT : 0))
                    .u8(caps.temperatureSensors()).u8(caps.zones().size());
            caps.zones().forEach(zone -> out.u16(zone.maxSteps()).text(zone.id()));
        } else if (message instanceof Configure configure) {
            out.u8(configure.zones().size());
            configure.zones().forEach(zone -> out.u16(zone.maxSteps()).u16(zone.offBelow()).u16(zone.kickSteps())
                    .u16(zone.kickMillis()).u16(zone.stallRpm()).u16(zone.stuckRpm()).u16(zone.spinDownMillis()));
            out.u16(configure.heaterMaxCentiCelsius()).u16(configure.heaterTripCentiCelsius())
                    .u16(configure.maxLeaseMillis()).u16(configure.statusPeriodMillis())
                    .u16(configure.sessionCapSeconds());
        } else if (message instanceof Setpoint setpoint) {
            out.u16(setpoint.leaseMillis()).flag(setpoint.heaterOn()).u16(setpoint.heaterCentiCelsius())
                    .u8(setpoint.zoneSteps().size());
            setpoint.zoneSteps().forEach(out::u16);
        } else if (message instanceof Heartbeat heartbeat) {
            out.u16(heartbeat.leaseMillis());
        } else if (message instanceof EmergencyStop stop) {
            out.u8(stop.reason());
        } else if (message instanceof Status status) {
            out.u32(status.bootId()).u32(status.uptimeMillis())
                    .u8((status.configured() ? STATUS_CONFIGURED : 0) | (status.faultLatched() ? STATUS_FAULT : 0)
                            | (status.emergencyStopLatched() ? STATUS_ESTOP : 0)
                            | (status.heaterOn() ? STATUS_HEATER : 0)
                            | (status.occupancyPresent() ? STATUS_OCCUPANCY_PRESENT : 0)
                            | (status.occupied() ? STATUS_OCCUPIED : 0)
                            | (status.emergencyStopInputOpen() ? STATUS_ESTOP_INPUT_OPEN : 0))
                    .u8(status.fault().code()).u16(status.configCrc()).u16(status.leaseRemainingMillis())
                    .u16(status.crcErrors()).u16(status.retransmits()).u8(status.zones().size());
            status.zones().forEach(zone -> out.u16(zone.steps()).u16(zone.rpm()).u16(zone.currentMilliamps()));
            out.u8(status.temperaturesCentiCelsius().size());
            status.temperaturesCentiCelsius().forEach(out::i16);
        } else if (message instanceof Fault fault) {
            out.u8(fault.code().code()).u8(fault.index()).i16(fault.value()).text(fault.message());
        } else if (message instanceof Boot boot) {
            out.u32(boot.bootId()).u8(boot.resetCause());
        }
        // ClearFaults and Ack carry no payload.
        return out.bytes();
    }

    /**
     * The message in {@code frame}; the frame's major version is checked by the caller. From a peer of a newer
     * minor version, the fields a minor may append to STATUS, FAULT and IDENTIFY are skipped (docs/protocol.md §8).
     */
    public static Message decode(Frame frame) throws ProtocolException {
        MessageType type = MessageType.of(frame.type()).orElseThrow(() -> new ProtocolException(
                FrameError.UNKNOWN_TYPE, "unknown frame type 0x%02X".formatted(frame.type())));
        return decode(type, frame.payload(), ProtocolVersion.minor(frame.version()));
    }

    /** The payload of a frame of this code's own version: every byte must belong to a field. */
    public static Message decode(MessageType type, byte[] payload) throws ProtocolException {
        return decode(type, payload, ProtocolVersion.MINOR);
    }

    public static Message decode(MessageType type, byte[] payload, int peerMinor) throws ProtocolException {
        PayloadReader in = new PayloadReader(type, payload);
        Message message = switch (type) {
            case HELLO -> new Hello(in.u32(), in.u8(), in.u8());
            case IDENTIFY -> {
                int major = in.u8();
                int minor = in.u8();
                String firmware = in.text();
                String board = in.text();
                long bootId = in.u32();
                long nonce = in.u32();
                int maxLease = in.u16();
                int cap = in.u16();
                int flags = in.u8();
                int temperatures = in.u8();
                int zoneCount = in.u8();
                List<ZoneInfo> zones = new ArrayList<>();
                for (int i = 0; i < zoneCount; i++) {
                    int maxSteps = in.u16();
                    zones.add(new ZoneInfo(in.text(), maxSteps));
                }
                yield new Identify(major, minor, firmware, board, bootId, nonce, maxLease, cap,
                        new Capabilities(zones, (flags & FLAG_HEATER) != 0, temperatures,
                                (flags & FLAG_OCCUPANCY) != 0, (flags & FLAG_MOTOR_CURRENT) != 0,
                                (flags & FLAG_TACHOMETER) != 0, (flags & FLAG_ESTOP_INPUT) != 0));
            }
            case CONFIGURE -> {
                int zoneCount = in.u8();
                List<ZoneConfig> zones = new ArrayList<>();
                for (int i = 0; i < zoneCount; i++) {
                    zones.add(new ZoneConfig(in.u16(), in.u16(), in.u16(), in.u16(), in.u16(), in.u16(), in.u16()));
                }
                yield new Configure(zones, in.u16(), in.u16(), in.u16(), in.u16(), in.u16());
            }
            case SETPOINT -> {
                int lease = in.u16();
                boolean heater = in.flag();
                int heaterSetpoint = in.u16();
                int zoneCount = in.u8();
                List<Integer> steps = new ArrayList<>();
                for (int i = 0; i < zoneCount; i++) {
                    steps.add(in.u16());
                }
                yield new Setpoint(lease, heater, heaterSetpoint, steps);
            }
            case HEARTBEAT -> new Heartbeat(in.u16());
            case EMERGENCY_STOP -> new EmergencyStop(in.u8());
            case CLEAR_FAULTS -> new ClearFaults();
            case STATUS -> {
                long bootId = in.u32();
                long uptime = in.u32();
                int flags = in.u8();
                FaultCode fault = FaultCode.of(in.u8());
                int configCrc = in.u16();
                int lease = in.u16();
                int crcErrors = in.u16();
                int retransmits = in.u16();
                int zoneCount = in.u8();
                List<ZoneStatus> zones = new ArrayList<>();
                for (int i = 0; i < zoneCount; i++) {
                    zones.add(new ZoneStatus(in.u16(), in.u16(), in.u16()));
                }
                int temperatureCount = in.u8();
                List<Integer> temperatures = new ArrayList<>();
                for (int i = 0; i < temperatureCount; i++) {
                    temperatures.add(in.i16());
                }
                yield new Status(bootId, uptime, (flags & STATUS_CONFIGURED) != 0, (flags & STATUS_FAULT) != 0,
                        (flags & STATUS_ESTOP) != 0, (flags & STATUS_HEATER) != 0,
                        (flags & STATUS_OCCUPANCY_PRESENT) != 0, (flags & STATUS_OCCUPIED) != 0,
                        (flags & STATUS_ESTOP_INPUT_OPEN) != 0, fault, configCrc,
                        lease, crcErrors, retransmits, zones, temperatures);
            }
            case FAULT -> new Fault(FaultCode.of(in.u8()), in.u8(), in.i16(), in.text());
            case BOOT -> new Boot(in.u32(), in.u8());
            case ACK -> new Ack();
        };
        if (!(peerMinor > ProtocolVersion.MINOR && type.extensible())) {
            in.end();
        }
        return message;
    }

    /** The CRC-16 of a configuration as the MCU echoes it in {@link Status#configCrc()}. */
    public static int configCrc(Configure configure) {
        return Crc16.compute(encode(configure));
    }
}
