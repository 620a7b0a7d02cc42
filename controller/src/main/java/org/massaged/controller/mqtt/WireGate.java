package org.massaged.controller.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks on the wire that no command passes without (S7): size, retained, expired, too old, where the
 * answer may go, and the freshness a command needs to set the massager moving. Pure: the times come in as
 * arguments.
 */
public final class WireGate {

    /** Longest response topic obeyed (MQTT allows 65535 bytes; nobody needs more than this). */
    static final int RESPONSE_TOPIC_MAX = 256;

    private final int payloadLimitBytes;
    private final Duration maxAge;
    private final Duration startMaxAge;
    private final String responsePrefix;

    /**
     * @param startMaxAge    how far from now a start's (or resume's) {@code issued_at} may be, either way
     * @param responsePrefix the only place answers go besides {@code <root>/response}: {@code <root>/response/}
     */
    public WireGate(int payloadLimitBytes, Duration maxAge, Duration startMaxAge, String responsePrefix) {
        this.payloadLimitBytes = payloadLimitBytes;
        this.maxAge = maxAge;
        this.startMaxAge = startMaxAge;
        this.responsePrefix = responsePrefix;
    }

    /** Checks that need no parsing; run before the payload is read. */
    public Optional<WireRejection> beforeParsing(Incoming message, long nowNanos) {
        if (message.payload().length > payloadLimitBytes) {
            return Optional.of(WireRejection.of("payload-too-large", "payload of " + message.payload().length
                    + " bytes on " + message.topic() + " is over the limit of " + payloadLimitBytes + " bytes"));
        }
        if (message.retained()) {
            return Optional.of(WireRejection.of("retained", "retained command on " + message.topic()
                    + " ignored: commands must be published without the retain flag (clear it with an empty "
                    + "retained message)"));
        }
        Optional<WireRejection> expired = expired(message, nowNanos);
        return expired.isPresent() ? expired : responseTopic(message.responseTopic());
    }

    /** The MQTT 5 message expiry, counted from arrival: checked again right before the command is submitted. */
    public Optional<WireRejection> expired(Incoming message, long nowNanos) {
        if (message.expirySeconds().isPresent()) {
            long expiry = message.expirySeconds().get();
            if (expiry <= 0 || nowNanos - message.arrivalNanos() >= Duration.ofSeconds(expiry).toNanos()) {
                return Optional.of(WireRejection.of("expired", "the command's MQTT message expiry ("
                        + expiry + " s) has passed"));
            }
        }
        return Optional.empty();
    }

    /**
     * An MQTT 5 response topic is obeyed only under {@code <root>/response/}: never on the daemon's own topics,
     * never outside its root, never a wildcard. The requester reads its answers there (the packaged ACL lets
     * each login read {@code <root>/response/<login>/#}).
     */
    public Optional<WireRejection> responseTopic(Optional<String> topic) {
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        String requested = topic.get();
        boolean allowed = requested.startsWith(responsePrefix) && requested.length() > responsePrefix.length()
                && requested.length() <= RESPONSE_TOPIC_MAX && !requested.endsWith("/") && !requested.contains("//")
                && requested.chars().noneMatch(c -> c == '+' || c == '#' || Character.isISOControl(c));
        if (allowed) {
            return Optional.empty();
        }
        return Optional.of(WireRejection.of("response-topic-not-allowed", "the MQTT 5 response topic '"
                + CommandParser.abbreviate(requested) + "' is not under " + responsePrefix + " (at most "
                + RESPONSE_TOPIC_MAX + " characters, no wildcards); nothing was done. Ask for answers on "
                + responsePrefix + "<your login>, or read " + responsePrefix.substring(0, responsePrefix.length() - 1)));
    }

    /** The sender's {@code issued_at} against the daemon's wall clock. */
    public Optional<WireRejection> tooOld(Optional<Instant> issuedAt, Instant wallNow) {
        if (issuedAt.isEmpty()) {
            return Optional.empty();
        }
        Duration age = Duration.between(issuedAt.get(), wallNow);
        if (age.compareTo(maxAge) > 0) {
            return Optional.of(WireRejection.field("stale", "issued_at", "issued_at says the command is "
                    + age.toSeconds() + " s old, over the maximum age of " + maxAge.toSeconds() + " s"));
        }
        if (age.negated().compareTo(maxAge) > 0) {
            return Optional.of(WireRejection.field("issued-in-future", "issued_at", "issued_at is "
                    + age.negated().toSeconds() + " s in the future (clock skew over " + maxAge.toSeconds()
                    + " s); check the clocks"));
        }
        return Optional.empty();
    }

    /**
     * A command that sets the massager moving (start, resume) must say when it was sent, and that must be within
     * {@code startMaxAge} of now either way. MQTT cannot tell a live message from one the broker delivers late —
     * a will (published when its sender vanished, after the will delay), a message held for the daemon's
     * session — but their {@code issued_at} was written when the sender composed them, so they fail this.
     */
    public Optional<WireRejection> freshEnoughToMove(String command, Optional<Instant> issuedAt, Instant wallNow) {
        if (issuedAt.isEmpty()) {
            return Optional.of(WireRejection.field("missing-issued-at", "issued_at", command + " over MQTT must carry "
                    + "issued_at (the time it was sent, ISO-8601 or epoch seconds): a message the broker delivers "
                    + "late, such as a will, never sets the massager moving"));
        }
        Duration age = Duration.between(issuedAt.get(), wallNow);
        if (age.abs().compareTo(startMaxAge) > 0) {
            return Optional.of(WireRejection.field(age.isNegative() ? "issued-in-future" : "stale", "issued_at",
                    "issued_at is " + age.abs().toSeconds() + " s " + (age.isNegative() ? "ahead" : "old")
                    + ": " + command + " must be sent within " + startMaxAge.toSeconds() + " s of now (check the "
                    + "clocks if this was sent just now)"));
        }
        return Optional.empty();
    }
}
