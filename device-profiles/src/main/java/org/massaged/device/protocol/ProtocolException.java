package org.massaged.device.protocol;

/** A frame arrived intact but its content does not fit the protocol. */
public class ProtocolException extends Exception {
    private final FrameError error;

    public ProtocolException(FrameError error, String message) {
        super(message);
        this.error = error;
    }

    public FrameError error() {
        return error;
    }
}
