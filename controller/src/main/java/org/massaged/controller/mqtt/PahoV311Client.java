package org.massaged.controller.mqtt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 fallback for brokers without MQTT 5. Always a clean session: 3.1.1 has no session expiry,
 * so a kept session would queue commands for the daemon without limit. No will delay, no message expiry,
 * no correlation data, no retain-as-published (docs/mqtt.md says what that costs).
 */
final class PahoV311Client implements PahoClient {

    private static final Logger log = LoggerFactory.getLogger(PahoV311Client.class);

    private final MqttSettings settings;
    private final Topics topics;
    private final LongSupplier nanos;
    private final MqttAsyncClient client;
    private final Acknowledgements acknowledgements;
    /** Counts the connections of the one Paho client: an acknowledgement goes out on the connection it is for. */
    private final AtomicInteger connection = new AtomicInteger();

    PahoV311Client(MqttSettings settings, Topics topics, LongSupplier nanos, Events events,
                   Acknowledgements acknowledgements) throws MqttException {
        this.settings = settings;
        this.topics = topics;
        this.nanos = nanos;
        this.acknowledgements = acknowledgements;
        this.client = new MqttAsyncClient(settings.brokerUris().get(0), settings.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connection.incrementAndGet();
                events.lost(String.valueOf(cause), false);
            }

            /** Acknowledged once taken in, whatever becomes of it (as {@link PahoV5Client} does). */
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                int arrivedOn = connection.get();
                try {
                    events.message(new Incoming(topic, message.getPayload(), message.isRetained(), Optional.empty(),
                            nanos.getAsLong(), Optional.empty(), Optional.empty(), Map.of(), List.of()));
                } finally {
                    if (message.getQos() > 0) {
                        acknowledgements.taken(() -> acknowledge(arrivedOn, message.getId(), message.getQos()));
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // acknowledged by the broker
            }
        });
    }

    @Override
    public boolean mqtt5() {
        return false;
    }

    @Override
    public void connect(boolean first, Runnable onSuccess, Consumer<Throwable> onFailure) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setServerURIs(settings.brokerUris().toArray(String[]::new));
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        options.setMaxInflight(100);
        options.setWill(topics.availability(), Outbound.offline(), 1, true);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(password -> options.setPassword(password.toCharArray()));
        options.setSocketFactory(settings.usesTls()
                ? NoDelaySockets.tls(TlsSockets.socketFactory(settings.caFile(), settings.clientCertFile(),
                        settings.clientKeyFile()))
                : NoDelaySockets.plain());
        client.connect(options, null, listener(onSuccess, onFailure));
    }

    /** 3.1.1 has no "no local": the daemon sees its own publishes, which it publishes on none of these filters. */
    @Override
    public void subscribe(List<Subscription> subscriptions, int subscriptionId, Runnable onSuccess,
                          Consumer<Throwable> onFailure) throws MqttException {
        String[] names = subscriptions.stream().map(Subscription::filter).toArray(String[]::new);
        int[] qos = new int[names.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(names, qos, null, listener(onSuccess, onFailure));
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData,
                        boolean urgent, Runnable delivered, Consumer<Throwable> onFailure) throws MqttException {
        client.publish(topic, payload, 1, retain, null, listener(delivered, onFailure));
    }

    /** Only on the connection it arrived on (a clean session: the broker forgot it with that connection). */
    private void acknowledge(int arrivedOn, int messageId, int qos) {
        if (arrivedOn != connection.get() || !client.isConnected()) {
            return;
        }
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException | RuntimeException e) {
            log.debug("mqtt: acknowledging message {}: {}", messageId, MqttFailures.describe(e));
        }
    }

    @Override
    public String serverUri() {
        return client.getCurrentServerURI();
    }

    @Override
    public void close(byte[] offline) {
        try {
            if (client.isConnected()) {
                client.publish(topics.availability(), offline, 1, true).waitForCompletion(2000);
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            log.debug("mqtt: closing: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("mqtt: close: {}", e.getMessage());
        }
    }

    private static IMqttActionListener listener(Runnable onSuccess, Consumer<Throwable> onFailure) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                onSuccess.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                onFailure.accept(failure);
            }
        };
    }
}
