package org.massaged.device.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian field writer for payloads. */
final class PayloadWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    PayloadWriter u8(int value) {
        check(value, 0, 0xFF, "u8");
        out.write(value);
        return this;
    }

    PayloadWriter u16(int value) {
        check(value, 0, 0xFFFF, "u16");
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    PayloadWriter i16(int value) {
        check(value, Short.MIN_VALUE, Short.MAX_VALUE, "i16");
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    PayloadWriter u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(value + " does not fit u32");
        }
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
        return this;
    }

    PayloadWriter flag(boolean value) {
        return u8(value ? 1 : 0);
    }

    PayloadWriter text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        u8(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    byte[] bytes() {
        byte[] bytes = out.toByteArray();
        if (bytes.length > Frame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + bytes.length + " bytes exceeds " + Frame.MAX_PAYLOAD);
        }
        return bytes;
    }

    private static void check(int value, int min, int max, String kind) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " does not fit " + kind);
        }
    }
}
