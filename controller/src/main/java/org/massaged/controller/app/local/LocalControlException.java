package org.massaged.controller.app.local;

/** The daemon could not be reached over the local channel; the message says what to do. */
public final class LocalControlException extends Exception {
    public LocalControlException(String message) {
        super(message);
    }
}
