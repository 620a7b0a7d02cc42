package org.massaged.controller.hardware.serial;

import java.time.Duration;

/**
 * Timing of the serial link on the host side.
 *
 * @param handshakeTimeout  how long open waits for identify and configure
 * @param retransmitTimeout how long a reliable frame waits for its acknowledgement before it is resent
 * @param maxAttempts       sends of one reliable frame before the link counts as dead
 * @param heartbeatPeriod   a HEARTBEAT goes out this often, always (it renews the lease of non-zero outputs)
 * @param statusPeriod      asked of the microcontroller in configure
 * @param reconnectInitial  first wait before a reconnect attempt; doubles up to {@code reconnectMax}
 * @param reconnectMax      longest wait between reconnect attempts
 * @param readTimeout       a read that sees nothing this long marks the line idle
 */
public record LinkSettings(Duration handshakeTimeout, Duration retransmitTimeout, int maxAttempts,
                           Duration heartbeatPeriod, Duration statusPeriod, Duration reconnectInitial,
                           Duration reconnectMax, Duration readTimeout) {

    public static LinkSettings defaults() {
        return new LinkSettings(Duration.ofSeconds(2), Duration.ofMillis(100), 8, Duration.ofMillis(250),
                Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMillis(50));
    }

    /** No valid STATUS for this long is link down (three status periods and a margin: 800 ms at 250 ms). */
    public Duration statusTimeout() {
        return statusPeriod.multipliedBy(3).plusMillis(50);
    }
}
