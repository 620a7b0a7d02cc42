package org.massaged.controller.mqtt;

/** A real broker the tests run against: Mosquitto as a process, or the embedded Moquette. */
public interface Broker extends AutoCloseable {

    String uri();

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
