package org.massaged.controller.mqtt;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link MqttConnection} needs of a Paho client, so that the MQTT 5 client and the MQTT 3.1.1 fallback
 * look alike. Callbacks run on Paho's threads; the connection hands them over to its own thread.
 */
interface PahoClient {

    /**
     * Which of the daemon's two connections a client is: the command connection subscribes, acknowledges what
     * arrives and carries availability and its will; the publisher carries everything else the daemon publishes.
     */
    enum Role { COMMANDS, PUBLISHER }

    interface Events {
        /** @param takenOver the broker said another connection took the session over (MQTT 5 reason 0x8E) */
        void lost(String why, boolean takenOver);

        void message(Incoming message);
    }

    /**
     * A QoS 1 subscription.
     *
     * @param ownMessages whether the daemon receives what it publishes there itself (only its probe)
     */
    record Subscription(String filter, boolean ownMessages) {}

    /**
     * The broker acknowledged a publish with a failure reason (MQTT 5, 0x80 and above: 0x87 not authorized by its
     * ACL, 0x97 quota exceeded...) and dropped it. Paho reports such a publish as delivered; the client reports it
     * as this failure. Sending it again on the same connection would be refused again.
     */
    final class PublishRefused extends Exception {
        private final int reasonCode;

        PublishRefused(int reasonCode) {
            super(String.format("the broker refused it (reason 0x%02X%s)", reasonCode,
                    reasonCode == 0x87 ? ", not authorized" : ""), null, false, false);
            this.reasonCode = reasonCode;
        }

        int reasonCode() {
            return reasonCode;
        }
    }

    /** MQTT 5 reason code of a DISCONNECT: another connection with the same client id took the session over. */
    int SESSION_TAKEN_OVER = 0x8E;

    boolean mqtt5();

    void connect(boolean first, Runnable onSuccess, Consumer<Throwable> onFailure) throws Exception;

    /**
     * Subscribes (QoS 1, retain as published); {@code subscriptionId} marks every message the broker matches
     * under these subscriptions from now on, where the broker supports it.
     */
    void subscribe(List<Subscription> subscriptions, int subscriptionId, Runnable onSuccess,
                   Consumer<Throwable> onFailure) throws Exception;

    /**
     * QoS 1. {@code correlationData} is dropped under MQTT 3.1.1.
     *
     * @param urgent the answer to a stop or a safety event: it may take the last slots of the broker's in-flight
     *               window, which other messages leave free for it (a quarter of the window)
     */
    void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData, boolean urgent,
                 Runnable delivered, Consumer<Throwable> onFailure) throws Exception;

    String serverUri();

    /**
     * The command connection publishes {@code offline} if connected; then disconnects and releases the client,
     * bounded to a few seconds.
     */
    void close(byte[] offline);

    /**
     * Whether a failed MQTT 5 connect is a broker saying it does not speak MQTT 5: reason 0x84 (unsupported
     * protocol version) from an MQTT 5 broker, or the 3.1.1 CONNACK return code 1 (unacceptable protocol
     * level), which Paho's v5 client reports as 50001 "invalid return code". A connection closed without an
     * answer is not taken as a refusal: restarting brokers and proxies do that too.
     */
    static boolean protocolRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.eclipse.paho.mqttv5.common.MqttException mqtt) {
                int code = mqtt.getReasonCode();
                if (code == 0x84 || code == 1 || code == 50001) {
                    return true;
                }
            }
        }
        return false;
    }
}
