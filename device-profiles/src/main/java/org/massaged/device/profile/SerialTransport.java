package org.massaged.device.profile;

import java.util.Optional;

/**
 * A motor-driver microcontroller on a serial line. {@code port} is a path such as /dev/ttyUSB0; when
 * empty, the port is found by the identity's USB VID/PID.
 */
public record SerialTransport(Optional<String> port, int baud, int dataBits, Parity parity, int stopBits,
                              boolean toggleDtrOnOpen) implements Transport {

    public enum Parity { NONE, EVEN, ODD }
}
