package org.massaged.controller.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks on the wire that no command passes without (S7): size, retained, expired, too old. Pure: the
 * times come in as arguments.
 */
public final class WireGate {

    private final int payloadLimitBytes;
    private final Duration maxAge;

    public WireGate(int payloadLimitBytes, Duration maxAge) {
        this.payloadLimitBytes = payloadLimitBytes;
        this.maxAge = maxAge;
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
        return expired(message, nowNanos);
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
}
