package org.massaged.controller.mqtt;

import java.util.ArrayDeque;

/**
 * The acknowledgements (PUBACK) of arriving QoS 1 messages, handed to Paho by the daemon rather than by Paho
 * itself (manual acks). Paho's sender writes every acknowledgement it holds before any publish, so under a flood
 * the answer to a stop waited behind them until the flood eased (docs/benchmarks/floods.md). Here, while an
 * urgent message (the answer to a stop, a safety event, the {@code throttled} summary) waits to go out or for
 * the broker's acknowledgement ({@link Outbound} says when), acknowledgements wait, in the order the messages
 * came; when none does any more, they go out, ahead of the next one.
 *
 * <p>Each arriving message is acknowledged once, on the connection it came on (each client's acknowledgement
 * does nothing once its connection is gone: the broker delivers it again on the resumed session, and the intake
 * judges it as any message the broker held for the daemon). At most {@link #MOST_WAITING} wait: then they all go
 * out, so that the broker, which sends no more unacknowledged messages than the daemon's Receive Maximum, never
 * stops sending for want of them — a stop is never held in the broker's queue by this. Thread-safe: Paho's
 * callback threads take messages in, the bridge's thread says what is outstanding.
 */
final class Acknowledgements {

    /** Half the daemon's Receive Maximum. */
    static final int MOST_WAITING = PahoV5Client.RECEIVE_MAXIMUM / 2;

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean urgentOutstanding;

    /** A message is taken in (queued for the bridge, or dropped unread): acknowledged now, or once nothing urgent is out. */
    synchronized void taken(Runnable acknowledge) {
        if (urgentOutstanding && waiting.size() < MOST_WAITING) {
            waiting.addLast(acknowledge);
            return;
        }
        sendWaiting();
        acknowledge.run();
    }

    /**
     * @param outstanding an urgent message waits to go out, or for the broker's acknowledgement; when none does,
     *                    the acknowledgements that waited go out
     */
    synchronized void urgentOutstanding(boolean outstanding) {
        urgentOutstanding = outstanding;
        if (!outstanding) {
            sendWaiting();
        }
    }

    /** Acknowledgements waiting for an urgent message (what a test reads). */
    synchronized int waiting() {
        return waiting.size();
    }

    private void sendWaiting() {
        while (!waiting.isEmpty()) {
            waiting.pollFirst().run();
        }
    }
}
