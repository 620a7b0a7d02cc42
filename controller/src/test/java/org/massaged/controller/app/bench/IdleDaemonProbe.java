package org.massaged.controller.app.bench;

import org.massaged.controller.safety.StartChoice;

import org.massaged.controller.safety.Cause;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.local.ControlPort;
import org.massaged.controller.app.local.LocalControlServer;
import org.massaged.controller.app.local.LocalProtocol;
import org.massaged.controller.app.systemd.ControlledStop;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.massaged.controller.safety.SessionSnapshot;

/**
 * A stand-in for the idle daemon, for footprint measurements before the whole daemon is assembled: it
 * does what an idle massaged does outside the session engine (reads the configuration, listens on the
 * control socket, connects to the broker with a will, publishes {@code online} retained, ticks at 50 Hz
 * and publishes the state once a second) and stops like the daemon on SIGTERM (offline published, exit 0).
 * Arguments: config file, broker URI, topic root. Run by docs/benchmarks/footprint.sh.
 */
public final class IdleDaemonProbe {

    private IdleDaemonProbe() {}

    public static void main(String[] args) throws Exception {
        DaemonConfig config = new ConfigLoader(System.getenv()).load(Path.of(args[0]));
        String topics = args[2];
        SessionSnapshot idle = new SessionSnapshot(Phase.IDLE, Cause.Event.BOOT, Optional.empty(), 0, 0, Optional.empty(),
                Map.of("back", 0.0), 1, 6, 0, 0, false, false, Map.of(), Optional.empty(), Optional.empty(), 0, 0, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
        LocalControlServer local = LocalControlServer.start(config.localControl().socket(), new ControlPort() {
            @Override
            public CompletableFuture<CommandResult> submit(org.massaged.controller.safety.Command command) {
                return CompletableFuture.completedFuture(CommandResult.rejected("probe", "a probe"));
            }

            @Override
            public SessionSnapshot snapshot() {
                return idle;
            }
        });
        MqttClient mqtt = new MqttClient(args[1], "massaged-probe", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setWill(topics + "/availability", new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null));
        mqtt.connect(options);
        mqtt.publish(topics + "/availability", "online".getBytes(StandardCharsets.UTF_8), 1, true);
        LocalProtocol protocol = new LocalProtocol();
        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor();
        long[] ticks = new long[1];
        control.scheduleAtFixedRate(() -> {
            if (++ticks[0] % 50 == 0) {
                try {
                    mqtt.publish(topics + "/state", new StateJson().bytes(StateDocument.of(idle).at(java.time.Instant.now())),
                            0, true);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        ControlledStop stop = new ControlledStop()
                .then("socket", local::close)
                .then("control", () -> {
                    control.shutdown();
                    stopped.countDown();
                })
                .then("offline", () -> {
                    mqtt.publish(topics + "/availability", "offline".getBytes(StandardCharsets.UTF_8), 1, true);
                    mqtt.disconnect();
                    mqtt.close();
                });
        stop.installSignalHandlers();
        stopped.await();
        stop.awaitDone();
        System.exit(0);
    }

}
