package org.massaged.controller.hardware.serial;

import java.time.Duration;

/**
 * Timing of the serial link on the host side.
 *
 * @param handshakeTimeout  how long open waits for identify and configure
 * @param retransmitTimeout how long a reliable frame waits for its acknowledgement before it is resent
 * @param maxAttempts       sends of one reliable frame before the link counts as dead
 * @param heartbeatPeriod   renewal of the lease of non-zero outputs (250 ms)
 * @param silenceTimeout    no valid frame for this long means unplugged or hung (status comes every 250 ms)
 * @param statusPeriod      asked of the microcontroller in configure
 * @param reconnectInitial  first wait before a reconnect attempt; doubles up to {@code reconnectMax}
 * @param reconnectMax      longest wait between reconnect attempts
 * @param readTimeout       a read that sees nothing this long marks the line idle
 */
public record LinkSettings(Duration handshakeTimeout, Duration retransmitTimeout, int maxAttempts,
                           Duration heartbeatPeriod, Duration silenceTimeout, Duration statusPeriod,
                           Duration reconnectInitial, Duration reconnectMax, Duration readTimeout) {

    public static LinkSettings defaults() {
        return new LinkSettings(Duration.ofSeconds(2), Duration.ofMillis(100), 8, Duration.ofMillis(250),
                Duration.ofMillis(800), Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ofMillis(50));
    }
}
