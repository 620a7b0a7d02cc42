package org.massaged.simulator.hostile;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An attacker that publishes as fast as it is told to: QoS 1, paced to a rate, with as many publishes in flight
 * as the broker allows. Reports the rate it reached.
 */
final class Flooder implements AutoCloseable {

    /** One message to publish. */
    record Shot(String topic, byte[] payload) {}

    interface Gun {
        Shot next(int index);
    }

    private static final int IN_FLIGHT = 20;

    private final MqttAsyncClient client;
    private final Semaphore window = new Semaphore(IN_FLIGHT);

    Flooder(String uri, String id) throws Exception {
        client = new MqttAsyncClient(uri, id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
    }

    /**
     * Publishes {@code count} shots at {@code perSecond}; returns the rate reached, in messages per second.
     * {@code halfway} runs once, after half of them.
     */
    double fire(int count, int perSecond, Gun gun, Runnable halfway) throws Exception {
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                window.release();
            }
        };
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long early = due - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            if (i == count / 2) {
                halfway.run();
            }
            Shot shot = gun.next(i);
            window.acquire();
            client.publish(shot.topic(), new MqttMessage(shot.payload(), 1, false, new MqttProperties()), null,
                    release);
        }
        window.acquire(IN_FLIGHT);
        window.release(IN_FLIGHT);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
