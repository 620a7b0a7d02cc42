package org.massaged.device.protocol;

import java.nio.charset.StandardCharsets;

/** Big-endian field reader; any overrun or leftover is a {@link FrameError#BAD_PAYLOAD}. */
final class PayloadReader {
    private final MessageType type;
    private final byte[] payload;
    private int position;

    PayloadReader(MessageType type, byte[] payload) {
        this.type = type;
        this.payload = payload;
    }

    int u8() throws ProtocolException {
        need(1);
        return payload[position++] & 0xFF;
    }

    int u16() throws ProtocolException {
        need(2);
        int value = (payload[position] & 0xFF) << 8 | (payload[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    int i16() throws ProtocolException {
        return (short) u16();
    }

    long u32() throws ProtocolException {
        need(4);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | (payload[position++] & 0xFF);
        }
        return value;
    }

    boolean flag() throws ProtocolException {
        int value = u8();
        if (value > 1) {
            throw bad("flag byte " + value + " is neither 0 nor 1");
        }
        return value == 1;
    }

    String text() throws ProtocolException {
        int length = u8();
        need(length);
        for (int i = position; i < position + length; i++) {
            if (payload[i] < 0x20 || payload[i] > 0x7E) {
                throw bad("text byte 0x%02X is not printable ASCII".formatted(payload[i] & 0xFF));
            }
        }
        String value = new String(payload, position, length, StandardCharsets.US_ASCII);
        position += length;
        return value;
    }

    void end() throws ProtocolException {
        if (position != payload.length) {
            throw bad((payload.length - position) + " bytes left over");
        }
    }

    ProtocolException bad(String what) {
        return new ProtocolException(FrameError.BAD_PAYLOAD, type + " payload: " + what);
    }

    private void need(int count) throws ProtocolException {
        if (position + count > payload.length) {
            throw bad("ends after " + payload.length + " bytes, needs " + (position + count));
        }
    }
}
