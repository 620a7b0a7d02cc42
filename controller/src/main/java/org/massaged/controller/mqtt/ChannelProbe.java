package org.massaged.controller.mqtt;

import org.massaged.controller.safety.Cause;
import org.massaged.controller.safety.Origin;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Proves, end to end, that a command published now would reach the daemon: every {@code probeInterval} the
 * bridge publishes a probe to {@code <root>/probe}, to which it subscribes itself, and notes when one comes back
 * through the same path as every command (broker, Paho's receiver, the bridge's thread). When none came back for
 * {@code commandChannelTimeout} — disconnected, the receiver dead, the broker hung, the bridge's thread stuck —
 * the channel is lost. A probe carries a random token of this daemon process, so nobody else's counts.
 * {@link #publish} and {@link #arrived} run on the bridge's thread; {@link #lostCause} from any thread.
 */
final class ChannelProbe {

    private final String topic;
    private final Duration timeout;
    private final LongSupplier nanos;
    private final BooleanSupplier connected;
    private final String token = randomToken();
    private volatile long lastProvenNanos;
    private long sent;

    ChannelProbe(Topics topics, Duration timeout, LongSupplier nanos, BooleanSupplier connected) {
        this.topic = topics.probe();
        this.timeout = timeout;
        this.nanos = nanos;
        this.connected = connected;
        this.lastProvenNanos = nanos.getAsLong();
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    String topic() {
        return topic;
    }

    /** The next probe's payload. */
    byte[] next() {
        return (token + " " + ++sent).getBytes(StandardCharsets.UTF_8);
    }

    /** A message on the probe topic came back: when it is one of this daemon's, the channel works now. */
    void arrived(Incoming message) {
        String text = new String(message.payload(), StandardCharsets.UTF_8);
        if (text.startsWith(token + " ")) {
            lastProvenNanos = nanos.getAsLong();
        }
    }

    /** Why no command could reach the daemon for longer than the timeout, as a session cause; empty while one could. */
    Optional<Cause> lostCause() {
        long silent = nanos.getAsLong() - lastProvenNanos;
        if (silent <= timeout.toNanos()) {
            return Optional.empty();
        }
        long seconds = Duration.ofNanos(silent).toSeconds();
        return Optional.of(new Cause.RemoteLost(Origin.MQTT, connected.getAsBoolean()
                ? "no probe came back through the broker for " + seconds + " s"
                : "not connected to the broker for " + seconds + " s"));
    }
}
