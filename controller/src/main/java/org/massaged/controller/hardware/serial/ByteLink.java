package org.massaged.controller.hardware.serial;

import java.io.IOException;

/** A connected byte pipe to the microcontroller: a serial port or a TCP socket. */
public interface ByteLink extends AutoCloseable {

    /**
     * Reads what has arrived, waiting at most the link's read timeout.
     *
     * @return the number of bytes read; 0 when the line stayed idle for the timeout
     * @throws IOException when the link is gone (unplugged, closed by the peer)
     */
    int read(byte[] buffer) throws IOException;

    void write(byte[] bytes) throws IOException;

    /** What this link is, for messages: a port path or host:port. */
    String description();

    @Override
    void close();
}
