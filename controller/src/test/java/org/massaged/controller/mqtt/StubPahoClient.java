package org.massaged.controller.mqtt;

import java.util.List;
import java.util.function.Consumer;

/** A client that connects and subscribes at once and goes nowhere: each test double adds what it watches. */
abstract class StubPahoClient implements PahoClient {

    @Override
    public boolean mqtt5() {
        return true;
    }

    @Override
    public void connect(boolean first, Runnable onSuccess, Consumer<Throwable> onFailure) {
        onSuccess.run();
    }

    @Override
    public void subscribe(List<Subscription> subscriptions, int subscriptionId, Runnable onSuccess,
                          Consumer<Throwable> onFailure) {
        onSuccess.run();
    }

    @Override
    public String serverUri() {
        return "tcp://nowhere:1883";
    }

    @Override
    public void close(byte[] offline) {
        // nothing to close
    }
}
