package org.massaged.controller.hardware.serial;

/** What {@link HostLink} decided about a connection. */
public sealed interface LinkVerdict {
    /** The handshake completed: the board is the profile's, configured, its outputs off. */
    record Up(String description) implements LinkVerdict {}

    /** The handshake failed: a person can act on the message. */
    record Refused(String message) implements LinkVerdict {}

    /** A link that was up is down (also reported to the control thread as {@code LinkDown}). */
    record Lost(String reason) implements LinkVerdict {}
}
