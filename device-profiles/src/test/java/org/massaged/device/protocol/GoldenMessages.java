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

    public static Map<String, Golden> all() {
        return Map.ofEntries(
                Map.entry("HELLO", new Golden(new Message.Hello(NONCE, 1, 0), 1, 0)),
                Map.entry("IDENTIFY", new Golden(new Message.Identify(1, 0, "sim-1.0.0", "massaged-bm1", BOOT_ID, NONCE,
                        1000, 900, new Message.Capabilities(List.of(new Message.ZoneInfo("back", 1000)), false, 0,
                        false, false, false)), 1, 1)),
                Map.entry("CONFIGURE", new Golden(new Message.Configure(List.of(1000), 0, 0, 1000, 250, 900), 2, 1)),
                Map.entry("SETPOINT", new Golden(new Message.Setpoint(1000, false, 0, List.of(500)), 4, 1)),
                Map.entry("SETPOINT-OFF", new Golden(new Message.Setpoint(0, false, 0, List.of(0)), 3, 1)),
                Map.entry("HEARTBEAT", new Golden(new Message.Heartbeat(1000), 0, 1)),
                Map.entry("EMERGENCY_STOP", new Golden(new Message.EmergencyStop(1), 0, 0)),
                Map.entry("CLEAR_FAULTS", new Golden(new Message.ClearFaults(), 5, 1)),
                Map.entry("STATUS", new Golden(new Message.Status(BOOT_ID, 12345, true, false, false, false, false,
                        false, FaultCode.NONE, 0xBEEF, 750, 0, 0, List.of(new Message.ZoneStatus(500, 1500, 480)),
                        List.of()), 0, 3)),
                Map.entry("FAULT", new Golden(new Message.Fault(FaultCode.LEASE_EXPIRED, 0xFF, 0, "lease"), 2, 4)),
                Map.entry("BOOT", new Golden(new Message.Boot(BOOT_ID, 1), 1, 0)),
                Map.entry("ACK", new Golden(new Message.Ack(), 0, 1)));
    }
}
