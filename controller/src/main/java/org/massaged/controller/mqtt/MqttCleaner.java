package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@code massaged mqtt clean}: removes every retained message the daemon publishes (Home Assistant discovery,
 * state, availability, link) and any other retained message left under its topic root (such as a ghost
 * command someone published retained), by publishing an empty retained message to each. Stop the daemon
 * first: a running daemon publishes them again.
 */
public final class MqttCleaner {

    private final MqttSettings settings;
    private final Topics topics;

    public MqttCleaner(MqttSettings settings) {
        this.settings = settings;
        this.topics = Topics.of(settings);
    }

    /** The retained topics the daemon itself publishes. */
    public List<String> ownRetainedTopics() {
        return List.of(topics.discoveryConfig(), topics.state(), topics.availability(), topics.link());
    }

    /**
     * Connects, collects the retained messages under the root and the discovery topic until none arrives for
     * {@code quiet}, clears them and the daemon's own retained topics, and returns the topics cleared, sorted.
     *
     * @throws MqttException when the broker cannot be reached or refuses the cleaner
     */
    public List<String> clean(Duration quiet) throws MqttException, InterruptedException {
        Set<String> found = ConcurrentHashMap.newKeySet();
        AtomicLong lastArrival = new AtomicLong(System.nanoTime());
        MqttClient client = new MqttClient(settings.brokerUris().get(0), settings.clientId() + "-clean",
                new MemoryPersistence());
        try {
            client.setCallback(new Collector(found, lastArrival));
            client.connect(options());
            MqttSubscription subtree = new MqttSubscription(topics.subtree(), 1);
            MqttSubscription discovery = new MqttSubscription(topics.discoveryConfig(), 1);
            client.subscribe(new MqttSubscription[] {subtree, discovery});
            // The broker sends the retained messages of a subscription before it routes a later publish, so
            // once our own probe comes back they are in; the quiet period covers slower brokers.
            String probe = topics.root() + "/clean-probe";
            client.publish(probe, new MqttMessage(new byte[] {1}, 1, false, new MqttProperties()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!found.remove(probe) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            lastArrival.set(System.nanoTime());
            while (System.nanoTime() - lastArrival.get() < quiet.toNanos()) {
                Thread.sleep(Math.max(10, quiet.toMillis() / 10));
            }
            client.unsubscribe(new String[] {topics.subtree(), topics.discoveryConfig()});
            Set<String> clear = new TreeSet<>(found);
            clear.addAll(ownRetainedTopics());
            for (String topic : clear) {
                MqttMessage empty = new MqttMessage(new byte[0], 1, true, new MqttProperties());
                client.publish(topic, empty);
            }
            client.disconnect();
            return List.copyOf(clear);
        } finally {
            client.close();
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(settings.brokerUris().toArray(String[]::new));
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(password -> options.setPassword(password.getBytes(StandardCharsets.UTF_8)));
        if (settings.usesTls()) {
            options.setSocketFactory(TlsSockets.socketFactory(settings.caFile(), settings.clientCertFile(),
                    settings.clientKeyFile()));
        }
        return options;
    }

    private static final class Collector implements MqttCallback {
        private final Set<String> found;
        private final AtomicLong lastArrival;

        Collector(Set<String> found, AtomicLong lastArrival) {
            this.found = found;
            this.lastArrival = lastArrival;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.endsWith("/clean-probe") && !message.isRetained()) {
                found.add(topic);
            } else if (message.isRetained() && message.getPayload().length > 0) {
                found.add(topic);
                lastArrival.set(System.nanoTime());
            }
        }

        @Override public void disconnected(MqttDisconnectResponse response) { }
        @Override public void mqttErrorOccurred(MqttException exception) { }
        @Override public void deliveryComplete(IMqttToken token) { }
        @Override public void connectComplete(boolean reconnect, String serverUri) { }
        @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
    }
}
