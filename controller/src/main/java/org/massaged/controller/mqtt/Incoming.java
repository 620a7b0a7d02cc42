package org.massaged.controller.mqtt;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message as it came off the broker, with what MQTT 5 said about it.
 *
 * @param expirySeconds   the remaining message expiry interval the broker forwarded, when the sender set one
 * @param arrivalNanos    monotonic time of arrival
 * @param subscriptionIds the MQTT 5 subscription identifiers the broker matched it under: the daemon numbers its
 *                        subscriptions by connection, so they say in which connection the broker took it in
 */
public record Incoming(String topic, byte[] payload, boolean retained, Optional<Long> expirySeconds,
                       long arrivalNanos, Optional<String> responseTopic, Optional<byte[]> correlationData,
                       Map<String, String> userProperties, List<Integer> subscriptionIds) {
    public Incoming {
        userProperties = Map.copyOf(userProperties);
        subscriptionIds = List.copyOf(subscriptionIds);
    }
}
