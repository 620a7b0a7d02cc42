package org.massaged.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.massaged.controller.safety.Phase;

/**
 * A dashboard in miniature: subscribes to the retained state on the broker and hands each one on, as
 * the broker delivered it. The demo prints them; the end-to-end tests check them.
 */
public final class StateWatcher implements AutoCloseable, MqttCallback {

    private static final long PHASE_TIMEOUT_MINUTES = 20;

    private static final int SUBSCRIBE_ATTEMPTS = 20;
    private static final long SUBSCRIBE_RETRY_MILLIS = 250;

    private final MqttClient client;
    private final String stateTopic;
    private final Consumer<JsonNode> onState;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private String phase = "";
    private boolean occupancyKnown;
    private boolean stateSeen;
    private boolean active;
    private int sessionsToday;
    private int sessionsBeforeStart = Integer.MAX_VALUE;
    private boolean sessionSeen;
    private boolean givenUp;

    private StateWatcher(MqttClient client, String stateTopic, Consumer<JsonNode> onState) {
        this.client = client;
        this.stateTopic = stateTopic;
        this.onState = onState;
    }

    /**
     * Subscribes with a callback (Paho 1.2.5's subscribe-with-listener recurses forever: not used). A
     * connection the broker drops right after CONNACK (Moquette 0.18 may, when SUBSCRIBE follows too
     * quickly) is reconnected and subscribed again.
     */
    public static StateWatcher connect(String brokerUri, String stateTopic, Consumer<JsonNode> onState)
            throws MqttException, InterruptedException {
        MqttClient client = new MqttClient(brokerUri, "massaged-state-watcher-" + java.util.UUID.randomUUID(),
                new MemoryPersistence());
        StateWatcher watcher = new StateWatcher(client, stateTopic, onState);
        client.setCallback(watcher);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        client.connect(options);
        watcher.subscribe();
        return watcher;
    }

    private void subscribe() throws MqttException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                client.subscribe(stateTopic, 1);
                return;
            } catch (MqttException dropped) {
                if (attempt == SUBSCRIBE_ATTEMPTS) {
                    throw dropped;
                }
                Thread.sleep(SUBSCRIBE_RETRY_MILLIS);
            }
        }
    }

    public void awaitPhase(Phase wanted) throws InterruptedException {
        awaitUntil(() -> phase.equals(wanted.wireName()), wanted.wireName());
    }

    /** A profile with a seat switch starts only once the daemon has heard from it. */
    public void awaitOccupancyKnown() throws InterruptedException {
        awaitUntil(() -> occupancyKnown, "the seat's occupancy");
    }

    /**
     * Call before asking for a session: waits for the daemon's first state and remembers how many sessions it
     * had counted today, so that {@link #awaitSessionOver} knows the session when a state shows it.
     */
    public void expectSession() throws InterruptedException {
        awaitUntil(() -> stateSeen, "the daemon's first state");
        lock.lock();
        try {
            sessionsBeforeStart = sessionsToday;
            sessionSeen = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The session is over: a fault or emergency stop has latched, or a state shows no session after the
     * session was seen (running, or counted). The publisher coalesces states that follow each other quickly,
     * so a short session or its ramp down may never be shown on its own.
     */
    public void awaitSessionOver() throws InterruptedException {
        awaitUntil(() -> latched() || sessionSeen && !active, "the end of the session");
    }

    /** Every wait returns now (the demo is stopping); states that still arrive are handed on as before. */
    public void giveUp() {
        lock.lock();
        try {
            givenUp = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean givenUp() {
        lock.lock();
        try {
            return givenUp;
        } finally {
            lock.unlock();
        }
    }

    public boolean latched() {
        return phase.equals(Phase.FAULT.wireName()) || phase.equals(Phase.EMERGENCY_STOP.wireName());
    }

    private void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MINUTES.toNanos(PHASE_TIMEOUT_MINUTES);
            while (!condition.getAsBoolean() && !givenUp) {
                if (remaining <= 0) {
                    throw new IllegalStateException("no state showed " + what + " within "
                            + PHASE_TIMEOUT_MINUTES + " minutes");
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        JsonNode state = json.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
        lock.lock();
        try {
            phase = state.path("phase").asText();
            occupancyKnown = state.hasNonNull("occupied");
            active = state.path("active").asBoolean();
            sessionsToday = state.path("sessions_today").asInt();
            stateSeen = true;
            sessionSeen |= active || sessionsToday > sessionsBeforeStart;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onState.accept(state);
    }

    public static String describe(JsonNode state) {
        StringBuilder line = new StringBuilder(String.format("%-9s", state.path("phase").asText()));
        long remaining = state.path("remaining_s").asLong();
        line.append(String.format(" remaining %2d:%02d", remaining / 60, remaining % 60));
        line.append("  level");
        for (Iterator<Map.Entry<String, JsonNode>> zones = state.path("zones").fields(); zones.hasNext(); ) {
            Map.Entry<String, JsonNode> zone = zones.next();
            line.append(String.format(" %s=%.1f", zone.getKey(), zone.getValue().asDouble()));
        }
        line.append(String.format(" (target %d)", state.path("target_level").asInt()));
        if (state.hasNonNull("technique")) {
            line.append("  ").append(state.path("technique").asText());
        }
        line.append("  [").append(state.path("cause").asText()).append(']');
        if (state.path("fault").asBoolean()) {
            line.append("  FAULT ").append(state.path("fault_code").asText()).append(": ")
                    .append(state.path("fault_message").asText());
        }
        return line.toString();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (reconnect) {
            try {
                client.subscribe(stateTopic, 1);
            } catch (MqttException droppedAgain) {
                // the next reconnect subscribes again
            }
        }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
