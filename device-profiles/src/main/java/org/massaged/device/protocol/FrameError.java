package org.massaged.device.protocol;

/** Every class of malformed input the link rejects; each is counted and none is ever delivered. */
public enum FrameError {
    /** Bytes outside any frame (line noise before a sync byte). */
    GARBAGE,
    /** A length field larger than {@link Frame#MAX_PAYLOAD}. */
    OVERSIZE,
    /** The CRC does not match. */
    BAD_CRC,
    /** The line went idle in the middle of a frame. */
    TRUNCATED,
    /** A frame whose major protocol version differs from ours. */
    BAD_VERSION,
    /** A frame type this version does not know. */
    UNKNOWN_TYPE,
    /** A payload whose length or fields do not fit its type. */
    BAD_PAYLOAD
}
