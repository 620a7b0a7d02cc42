package org.massaged.controller.mqtt;

import org.massaged.controller.state.StateDocument;

import org.massaged.controller.safety.StartChoice;

import org.massaged.controller.safety.Cause;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.testing.Mosquitto;

/**
 * Latency on a real Mosquitto, median and p99, in one run: the raw broker round trip through
 * {@code mosquitto_pub -l} → {@code mosquitto_sub} (the floor), the command round trip (publish {@code set}
 * → {@code response} received, with a control loop that answers at once), and the state-publish latency
 * ({@code publishState} → {@code state} received). Runs only with {@code -Dbenchmark=true}; writes
 * {@code target/benchmarks/mqtt.md}. Nothing here asserts a time.
 */
class MqttLatencyBenchmark {

    private static final int WARMUP = 300;
    private static final int SAMPLES = Integer.getInteger("benchmark.samples", 3000);
    private static final String ROOT = "massaged/bench";

    @TempDir
    Path directory;

    @Test
    void measure() throws Exception {
        assumeTrue(Boolean.getBoolean("benchmark"), "run with -Dbenchmark=true");
        assumeTrue(Mosquitto.installed() && Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "needs mosquitto and mosquitto-clients");
        StringBuilder report = new StringBuilder();
        for (boolean brokerNoDelay : new boolean[] {false, true}) {
            List<String> config = brokerNoDelay ? List.of("set_tcp_nodelay true") : List.of();
            try (Mosquitto broker = new Mosquitto(Files.createTempDirectory(directory, "broker"), "tcp", config)) {
                broker.start();
                long[] floor = floor(broker);
                long[] command = commandRoundTrip(broker);
                long[] state = statePublish(broker);
                report.append(report(brokerNoDelay ? "Mosquitto with `set_tcp_nodelay true`"
                        : "Mosquitto with its defaults (Nagle on)", floor, command, state)).append('\n');
            }
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "mqtt.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** mosquitto_pub reading lines from stdin → broker → mosquitto_sub writing lines to stdout. */
    private long[] floor(Mosquitto broker) throws Exception {
        String port = Integer.toString(broker.port());
        // stdbuf: mosquitto_sub block-buffers its stdout into a pipe; line buffering shows each message at once
        Process sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-q", "1", "-t", "bench/floor")
                .redirectErrorStream(true).start();
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-q", "1", "-t", "bench/floor", "-l")
                .redirectErrorStream(true).start();
        // Not closed with try-with-resources: closing the reader would wait for the reader thread's readLine;
        // destroying the processes ends both streams.
        BufferedReader lines = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8));
        Writer writer = new OutputStreamWriter(pub.getOutputStream(), StandardCharsets.UTF_8);
        try {
            // wait until the subscription is in place: publish probes until one comes back
            BlockingQueue<String> received = new ArrayBlockingQueue<>(16);
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        received.put(line);
                    }
                } catch (Exception ignored) {
                    // closed
                }
            }, "floor-reader");
            reader.setDaemon(true);
            reader.start();
            String probe;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                writer.write("probe\n");
                writer.flush();
                probe = received.poll(200, TimeUnit.MILLISECONDS);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto_sub never received the probe");
                }
            } while (probe == null);
            received.clear();
            long[] samples = new long[SAMPLES];
            for (int i = -WARMUP; i < SAMPLES; i++) {
                String line = "m" + i;
                long start = System.nanoTime();
                writer.write(line + "\n");
                writer.flush();
                String got;
                do {
                    got = received.poll(5, TimeUnit.SECONDS);
                } while (got != null && !got.equals(line));
                if (got == null) {
                    throw new IllegalStateException("mosquitto_sub lost message " + line);
                }
                long elapsed = System.nanoTime() - start;
                if (i >= 0) {
                    samples[i] = elapsed;
                }
            }
            return samples;
        } finally {
            pub.destroy();
            sub.destroy();
        }
    }

    private long[] commandRoundTrip(Mosquitto broker) throws Exception {
        CommandSink immediate = (command, reply) -> reply.accept(CommandResult.accepted("ok"));
        try (MqttBridge bridge = bridge(broker, immediate);
             Probe client = new Probe(broker.uri(), ROOT + "/response")) {
            bridge.publishState(StateDocument.of(Fixtures.running("gentle", 3, 500)));
            long[] samples = new long[SAMPLES];
            for (int i = -WARMUP; i < SAMPLES; i++) {
                String transaction = "b" + i;
                byte[] payload = ("{\"level\":" + (i % 2 == 0 ? 3 : 4) + ",\"transaction\":\"" + transaction + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                long start = System.nanoTime();
                client.publish(ROOT + "/set", payload);
                client.awaitContaining("\"" + transaction + "\"");
                long elapsed = System.nanoTime() - start;
                if (i >= 0) {
                    samples[i] = elapsed;
                }
            }
            return samples;
        }
    }

    private long[] statePublish(Mosquitto broker) throws Exception {
        CommandSink none = (command, reply) -> reply.accept(CommandResult.accepted("ok"));
        try (MqttBridge bridge = bridge(broker, none);
             Probe client = new Probe(broker.uri(), ROOT + "/state")) {
            long[] samples = new long[SAMPLES];
            SessionSnapshot running = Fixtures.running("gentle", 3, 500);
            for (int i = -WARMUP; i < SAMPLES; i++) {
                // a different target level each time: a significant change, published at once
                int level = 1 + Math.floorMod(i, 5);
                SessionSnapshot snapshot = new SessionSnapshot(Phase.RUNNING, Cause.Event.BOOT, running.program(), 0, 2,
                        running.technique(), running.zoneLevels(), level, 6, 500, 100, false, false, Map.of(),
                        Optional.empty(), Optional.empty(), 1, 0, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
                client.clear();
                long start = System.nanoTime();
                bridge.publishState(StateDocument.of(snapshot));
                client.awaitContaining("\"target_level\":" + level + ",");
                long elapsed = System.nanoTime() - start;
                if (i >= 0) {
                    samples[i] = elapsed;
                }
            }
            return samples;
        }
    }

    private MqttBridge bridge(Mosquitto broker, CommandSink sink) {
        MqttSettings settings = MqttSettings.builder("bench", List.of(broker.uri()))
                .discoveryEnabled(false).connectBackoffInitial(Duration.ofMillis(50)).build();
        MqttBridge bridge = new MqttBridge(settings, Fixtures.lumbarDuo(), Fixtures.engineLimits(), sink, Clock.systemUTC());
        bridge.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);
        return bridge;
    }

    private static String report(String broker, long[] floor, long[] command, long[] state) {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(broker).append(", localhost, QoS 1 (").append(SAMPLES).append(" samples after ")
                .append(WARMUP).append(" warm-up) | median | p99 |\n|---|---|---|\n");
        row(text, "raw broker round trip: `mosquitto_pub -l` → `mosquitto_sub` (the floor)", floor);
        row(text, "command round trip: publish `set` → `response` received", command);
        row(text, "state publish: `publishState()` → `state` received", state);
        return text.toString();
    }

    private static void row(StringBuilder text, String name, long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        text.append("| ").append(name).append(" | ").append(millis(sorted[sorted.length / 2])).append(" | ")
                .append(millis(sorted[(int) Math.ceil(sorted.length * 0.99) - 1])).append(" |\n");
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** A Paho v5 client that waits for a message containing a marker. */
    private static final class Probe implements AutoCloseable {
        private final MqttClient client;
        private final BlockingQueue<String> received = new ArrayBlockingQueue<>(10_000);

        Probe(String uri, String topic) throws MqttException {
            client = new MqttClient(uri, "bench-" + topic.replace('/', '-'), new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override public void disconnected(MqttDisconnectResponse response) { }
                @Override public void mqttErrorOccurred(MqttException exception) { }
                @Override public void messageArrived(String t, MqttMessage message) {
                    received.offer(new String(message.getPayload(), StandardCharsets.UTF_8));
                }
                @Override public void deliveryComplete(IMqttToken token) { }
                @Override public void connectComplete(boolean reconnect, String serverURI) { }
                @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
            });
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(NoDelaySockets.plain());
            client.connect(options);
            client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)});
        }

        void publish(String topic, byte[] payload) throws MqttException {
            client.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties()));
        }

        void clear() {
            received.clear();
        }

        void awaitContaining(String marker) throws InterruptedException {
            for (String message; (message = received.poll(10, TimeUnit.SECONDS)) != null; ) {
                if (message.contains(marker)) {
                    return;
                }
            }
            throw new IllegalStateException("no message with " + marker + " within 10 s");
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }
}
