package org.massaged.controller.app;

import org.massaged.controller.mqtt.MqttBridge;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.state.StateDocument;

/** Hands what the control thread decided to the MQTT bridge (which never blocks the caller). */
final class MqttObserver implements SessionObserver, AutoCloseable {

    private final MqttBridge bridge;

    MqttObserver(MqttBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void onState(SessionSnapshot snapshot, StateDocument document) {
        bridge.publishState(document);
    }

    @Override
    public void onEvent(SessionEvent event) {
        bridge.publishEvent(event);
    }

    @Override
    public void onLink(boolean up, String detail) {
        bridge.publishLink(up, detail);
    }

    /** Publishes {@code offline} and disconnects. */
    @Override
    public void close() {
        bridge.close();
    }
}
