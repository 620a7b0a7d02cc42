package org.massaged.controller.mqtt;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link MqttConnection} needs of a Paho client, so that the MQTT 5 client and the MQTT 3.1.1 fallback
 * look alike. Callbacks run on Paho's threads; the connection hands them over to its own thread.
 */
interface PahoClient {

    interface Events {
        void lost(String why);

        void message(Incoming message);
    }

    boolean mqtt5();

    void connect(boolean first, Runnable onSuccess, Consumer<Throwable> onFailure) throws Exception;

    void subscribe(Map<String, Integer> filters, Consumer<Throwable> onFailure) throws Exception;

    /** QoS 1. {@code correlationData} is dropped under MQTT 3.1.1. */
    void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData,
                 Consumer<Throwable> onFailure) throws Exception;

    String serverUri();

    /** Publishes {@code offline} if connected, disconnects and releases the client; bounded to a few seconds. */
    void close(byte[] offline);

    /** Whether a failed MQTT 5 connect looks like a broker that does not speak MQTT 5. */
    static boolean protocolRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.eclipse.paho.mqttv5.common.MqttException mqtt) {
                int code = mqtt.getReasonCode();
                // 0x84 unsupported protocol version; 1 is the 3.1.1 CONNACK "unacceptable protocol level";
                // 50001 is how Paho v5 reports that 3.1.1 CONNACK ("invalid return code"); 32108 invalid
                // message / 32109 connection lost: the broker answered in a form v5 cannot read
                if (code == 0x84 || code == 1 || code == 50001 || code == 32108 || code == 32109) {
                    return true;
                }
            }
            if (cause instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }
}
