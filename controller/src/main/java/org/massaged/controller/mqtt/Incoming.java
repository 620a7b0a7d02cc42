package org.massaged.controller.mqtt;

import java.util.Map;
import java.util.Optional;

/**
 * One message as it came off the broker, with what MQTT 5 said about it.
 *
 * @param expirySeconds the remaining message expiry interval the broker forwarded, when the sender set one
 * @param arrivalNanos  monotonic time of arrival
 */
public record Incoming(String topic, byte[] payload, boolean retained, Optional<Long> expirySeconds,
                       long arrivalNanos, Optional<String> responseTopic, Optional<byte[]> correlationData,
                       Map<String, String> userProperties) {
    public Incoming {
        userProperties = Map.copyOf(userProperties);
    }
}
