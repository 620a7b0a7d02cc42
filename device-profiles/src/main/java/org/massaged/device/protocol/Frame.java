package org.massaged.device.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One frame on the wire:
 * <pre>
 *   SYNC(0xA5) LEN VER SEQ ACK TYPE PAYLOAD[LEN] CRC_HI CRC_LO
 * </pre>
 * LEN is the payload length (0..{@value #MAX_PAYLOAD}); the CRC ({@link Crc16}) covers LEN through the last
 * payload byte. SEQ 0 marks an unacknowledged frame; reliable frames count 1..255 and wrap to 1.
 */
public record Frame(int version, int seq, int ack, int type, byte[] payload) {
    public static final int SYNC = 0xA5;
    public static final int HEADER = 6;
    public static final int TRAILER = 2;
    public static final int OVERHEAD = HEADER + TRAILER;
    public static final int MAX_PAYLOAD = 240;
    public static final int MAX_FRAME = MAX_PAYLOAD + OVERHEAD;

    public Frame {
        checkByte("version", version);
        checkByte("seq", seq);
        checkByte("ack", ack);
        checkByte("type", type);
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public byte[] encode() {
        byte[] out = new byte[payload.length + OVERHEAD];
        out[0] = (byte) SYNC;
        out[1] = (byte) payload.length;
        out[2] = (byte) version;
        out[3] = (byte) seq;
        out[4] = (byte) ack;
        out[5] = (byte) type;
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        int crc = Crc16.compute(out, 1, HEADER - 1 + payload.length);
        out[out.length - 2] = (byte) (crc >>> 8);
        out[out.length - 1] = (byte) crc;
        return out;
    }

    private static void checkByte(String field, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " " + value + " is not a byte");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame && version == frame.version && seq == frame.seq && ack == frame.ack
                && type == frame.type && Arrays.equals(payload, frame.payload);
    }

    @Override
    public int hashCode() {
        return ((version * 31 + seq) * 31 + ack) * 31 + type + Arrays.hashCode(payload) * 17;
    }

    @Override
    public String toString() {
        return "Frame[ver=0x%02X seq=%d ack=%d type=0x%02X payload=%s]"
                .formatted(version, seq, ack, type, HexFormat.of().formatHex(payload));
    }
}
