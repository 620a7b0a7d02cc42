package org.massaged.controller.mqtt;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The non-retained messages waiting to go out (while disconnected, or while the client's in-flight window is
 * full), bounded. Essential messages (the answer to a stop or an emergency stop, a safety event, the throttle's
 * summary) go out before ordinary ones (answers to other commands, rejections, steps), each lane in the order
 * it was filled; events carry {@code seq} for their order. When full, an ordinary message is dropped before an
 * essential one: the answer to a stop is neither stuck behind nor lost for the others. Confined to the
 * bridge's thread.
 */
final class OutboundQueue {

    enum Priority { ESSENTIAL, ORDINARY }

    record Outgoing(String topic, byte[] payload, Optional<byte[]> correlationData, Priority priority) {}

    private final int capacity;
    private final ArrayDeque<Outgoing> essential = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> ordinary = new ArrayDeque<>();
    private long droppedOrdinary;
    private long droppedEssential;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    Outgoing message(String topic, byte[] payload, Optional<byte[]> correlationData, Priority priority) {
        return new Outgoing(topic, payload, correlationData, priority);
    }

    /** Adds at the end, making room as the class comment says. */
    void add(Outgoing outgoing) {
        if (size() >= capacity && !makeRoomFor(outgoing)) {
            return;
        }
        lane(outgoing).addLast(outgoing);
    }

    /** Puts back a message the client refused, to go out first. */
    void putBack(Outgoing outgoing) {
        if (size() >= capacity && !makeRoomFor(outgoing)) {
            return;
        }
        lane(outgoing).addFirst(outgoing);
    }

    /** The oldest essential message, else the oldest ordinary one, or null. */
    Outgoing poll() {
        return essential.isEmpty() ? ordinary.pollFirst() : essential.pollFirst();
    }

    boolean hasEssential() {
        return !essential.isEmpty();
    }

    boolean isEmpty() {
        return essential.isEmpty() && ordinary.isEmpty();
    }

    int size() {
        return essential.size() + ordinary.size();
    }

    /** Messages dropped to make room since the last call, ordinary and essential. */
    long[] takeDropped() {
        long[] dropped = {droppedOrdinary, droppedEssential};
        droppedOrdinary = 0;
        droppedEssential = 0;
        return dropped;
    }

    private boolean makeRoomFor(Outgoing incoming) {
        if (!ordinary.isEmpty()) {
            ordinary.pollFirst();
            droppedOrdinary++;
            return true;
        }
        if (incoming.priority() == Priority.ESSENTIAL) {
            essential.pollFirst();
            droppedEssential++;
            return true;
        }
        droppedOrdinary++;
        return false;
    }

    private ArrayDeque<Outgoing> lane(Outgoing outgoing) {
        return outgoing.priority() == Priority.ESSENTIAL ? essential : ordinary;
    }
}
