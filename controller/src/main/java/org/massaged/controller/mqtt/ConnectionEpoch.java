package org.massaged.controller.mqtt;

/**
 * Which of the daemon's connections to the broker a message arrived on, and so whether the broker held it for
 * the daemon's session while the daemon was away (docs/mqtt.md, "Held while offline"). Pure: decided from the
 * message's MQTT 5 properties and the connection it arrived on, never from its place in the queue.
 *
 * @param number     the connection's number (1, 2, 3 …), 0 before the first; taken when the connect is attempted,
 *                   before the broker can deliver anything on it. The daemon subscribes each connection under this
 *                   number as its MQTT 5 subscription identifier, and the broker stamps every delivery with the
 *                   identifier of the subscription it matched when it took the message in
 * @param subscribed the broker has confirmed this connection's subscriptions (SUBACK)
 */
record ConnectionEpoch(int number, boolean subscribed) {

    static final ConnectionEpoch NEVER_CONNECTED = new ConnectionEpoch(0, false);

    /** The next connection: a new number, its subscriptions not confirmed yet. */
    ConnectionEpoch next() {
        return new ConnectionEpoch(number + 1, false);
    }

    ConnectionEpoch confirmed() {
        return new ConnectionEpoch(number, true);
    }

    ConnectionEpoch lost() {
        return new ConnectionEpoch(number, false);
    }

    /**
     * Whether the broker took this message in for the daemon's session before this connection subscribed. A
     * message stamped with subscription identifiers was held if none is this connection's number: it matched an
     * earlier connection's subscriptions and waited for the daemon (or was in flight when that connection
     * dropped), however many messages came before it. A broker without subscription identifiers stamps none;
     * then (and under MQTT 3.1.1, where every session is clean) a message counts as held when it arrived before
     * this connection's subscriptions were confirmed.
     */
    boolean heldByBroker(Incoming message) {
        if (!message.subscriptionIds().isEmpty()) {
            return !message.subscriptionIds().contains(number);
        }
        return number > 0 && !subscribed;
    }
}
