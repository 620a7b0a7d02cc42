package org.massaged.controller.hardware.serial;

import org.massaged.controller.hardware.DeviceException;

/** Opens a fresh {@link ByteLink}; called again on every reconnect. */
@FunctionalInterface
public interface LinkConnector {
    ByteLink connect() throws DeviceException;
}
