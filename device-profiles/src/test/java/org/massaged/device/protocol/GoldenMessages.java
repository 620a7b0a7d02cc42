package org.massaged.device.protocol;

import java.util.List;
import java.util.Map;

/** The message behind each golden vector of docs/protocol.md, with the frame's sequence fields. */
public final class GoldenMessages {
    public record Golden(Message message, int seq, int ack) {
        public Frame frame() {
            return MessageCodec.frame(message, seq, ack);
        }
    }

    private GoldenMessages() {}

    public static final long BOOT_ID = 0xCAFEF00DL;
    public static final long NONCE = 0x12345678L;
    /** back ≤ 1000, off below 100, kick 200 steps for 150 ms, stall 60 rpm, stuck 300 rpm, spin-down 2500 ms. */
    public static final Message.Configure CONFIGURE = new Message.Configure(
            List.of(new Message.ZoneConfig(1000, 100, 200, 150, 60, 300, 2500)), 0, 0, 1000, 250, 900);

    public static Map<String, Golden> all() {
        return Map.ofEntries(
                Map.entry("HELLO", new Golden(new Message.Hello(NONCE, 2, 0), 1, 0)),
                Map.entry("IDENTIFY", new Golden(new Message.Identify(2, 0, "sim-2.0.0", "massaged-bm1", BOOT_ID, NONCE,
                        1000, 900, new Message.Capabilities(List.of(new Message.ZoneInfo("back", 1000)), false, 0,
                        false, true, true)), 1, 1)),
                Map.entry("CONFIGURE", new Golden(CONFIGURE, 2, 1)),
                Map.entry("SETPOINT", new Golden(new Message.Setpoint(1000, false, 0, List.of(500)), 4, 1)),
                Map.entry("SETPOINT-OFF", new Golden(new Message.Setpoint(0, false, 0, List.of(0)), 3, 1)),
                Map.entry("HEARTBEAT", new Golden(new Message.Heartbeat(1000), 0, 1)),
                Map.entry("EMERGENCY_STOP", new Golden(new Message.EmergencyStop(1), 0, 0)),
                Map.entry("CLEAR_FAULTS", new Golden(new Message.ClearFaults(), 5, 1)),
                Map.entry("STATUS", new Golden(new Message.Status(BOOT_ID, 12345, true, false, false, false, false,
                        false, false, FaultCode.NONE, MessageCodec.configCrc(CONFIGURE), 750, 0, 0,
                        List.of(new Message.ZoneStatus(500, 1500, 480)), List.of()), 0, 3)),
                Map.entry("FAULT", new Golden(new Message.Fault(FaultCode.LEASE_EXPIRED, Message.Fault.NO_INDEX, 1000,
                        "lease"), 2, 4)),
                Map.entry("BOOT", new Golden(new Message.Boot(BOOT_ID, 1), 1, 0)),
                Map.entry("ACK", new Golden(new Message.Ack(), 0, 1)));
    }
}
