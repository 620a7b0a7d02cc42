package org.massaged.testing;

/** A real broker the tests run against: Mosquitto as a process, or the embedded Moquette. */
public interface Broker extends AutoCloseable {

    String uri();

    /** The port it listens on, on 127.0.0.1. */
    int port();

    void start() throws Exception;

    void stop();

    default void restart() throws Exception {
        stop();
        start();
    }

    String name();

    @Override
    default void close() {
        stop();
    }
}
