package org.massaged.controller.mqtt;

/**
 * One connection's connect bookkeeping, shared by the command connection and the publisher: one attempt at a
 * time, nothing once closed, whether it ever connected (a first connect starts clean, a reconnect resumes) and
 * how many attempts in a row failed (the backoff). Used on the bridge's thread; {@link #connected()} is read from
 * any.
 */
final class ConnectAttempts {

    private volatile boolean connected;
    private boolean connecting;
    private boolean everConnected;
    private boolean closed;
    private int failedInARow;

    /** Starts an attempt, unless one is under way, or it is connected or closed. */
    boolean begin() {
        if (closed || connected || connecting) {
            return false;
        }
        connecting = true;
        return true;
    }

    /** The attempt succeeded; false once closed (then there is nothing to do). */
    boolean succeeded() {
        connecting = false;
        if (closed) {
            return false;
        }
        connected = true;
        everConnected = true;
        failedInARow = 0;
        return true;
    }

    /** The attempt failed: how many in a row, or 0 once closed (then there is nothing to retry). */
    int failed() {
        connecting = false;
        return closed ? 0 : ++failedInARow;
    }

    /** The connection was lost; false when it was not up or is closed (then there is nothing to do). */
    boolean lost() {
        if (!connected || closed) {
            return false;
        }
        connected = false;
        return true;
    }

    void close() {
        closed = true;
        connected = false;
    }

    boolean connected() {
        return connected;
    }

    boolean everConnected() {
        return everConnected;
    }
}
