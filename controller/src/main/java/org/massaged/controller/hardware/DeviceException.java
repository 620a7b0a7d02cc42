package org.massaged.controller.hardware;

/** A device could not be opened or used; the message says what to do about it. */
public class DeviceException extends Exception {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
