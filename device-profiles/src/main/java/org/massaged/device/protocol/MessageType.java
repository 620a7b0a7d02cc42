package org.massaged.device.protocol;

import java.util.Optional;

/**
 * Frame types. {@code reliable} types travel with a sequence number and are acknowledged and retransmitted;
 * the others use sequence 0 and are superseded by the next one. HELLO, IDENTIFY, BOOT, EMERGENCY_STOP and ACK keep
 * their layout across major versions so that a version mismatch can always be reported (docs/protocol.md §2.1).
 */
public enum MessageType {
    HELLO(0x01, true),
    IDENTIFY(0x02, true),
    CONFIGURE(0x03, true),
    SETPOINT(0x10, true),
    HEARTBEAT(0x11, false),
    EMERGENCY_STOP(0x12, false),
    CLEAR_FAULTS(0x13, true),
    STATUS(0x20, false),
    FAULT(0x21, true),
    BOOT(0x22, true),
    ACK(0x30, false);

    private final int code;
    private final boolean reliable;

    MessageType(int code, boolean reliable) {
        this.code = code;
        this.reliable = reliable;
    }

    public int code() {
        return code;
    }

    public boolean reliable() {
        return reliable;
    }

    /** Types that start a new sequence: the receiver accepts their sequence number as the new origin. */
    public boolean startsSequence() {
        return this == HELLO || this == IDENTIFY || this == BOOT;
    }

    /** Types whose layout is frozen across major versions. */
    public boolean versionIndependent() {
        return this == HELLO || this == IDENTIFY || this == BOOT || this == EMERGENCY_STOP || this == ACK;
    }

    /** Types to which a newer minor version may append fields, which an older peer skips (docs/protocol.md §8). */
    public boolean extensible() {
        return this == STATUS || this == FAULT || this == IDENTIFY;
    }

    public static Optional<MessageType> of(int code) {
        for (MessageType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
