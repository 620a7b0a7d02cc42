package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.hostile.HostileRig.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.massaged.controller.mqtt.CuttableProxy;
import org.massaged.testing.Mosquitto;

/**
 * Issue 13, item 2: a start the broker queued for the daemon's session while its link was cut must be refused
 * {@code held-while-offline} however many messages were queued before it — the daemon decides from the message
 * (the subscription identifier of the connection it was queued under), not from when it arrives.
 */
class HeldWhileOfflineTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} messages queued before the start")
    @ValueSource(ints = {0, 30, 300, 900})
    void aStartQueuedWhileTheDaemonWasAwayNeverStartsWhateverCameBeforeIt(int before) throws Exception {
        HostileRig.assumeMosquitto();
        Mosquitto broker = new Mosquitto(directory);
        broker.start();
        try (CuttableProxy link = new CuttableProxy(broker.port());
             HostileRig rig = HostileRig.start(directory, broker, link.uri(), "", new MqttConnectionOptions())) {
            link.refuse();
            link.cut();
            for (int i = 0; i < before; i++) {
                rig.dashboard.publish(ROOT + "/get", "{\"transaction\":\"queued-" + i + "\"}");
            }
            rig.dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"held-start\",\"issued_at\":\""
                    + Instant.now() + "\"}");
            link.accept();

            JsonNode start = rig.dashboard.response(ROOT, "held-start");
            assertThat(start.get("outcome").asText()).isEqualTo("rejected");
            assertThat(start.get("reason").asText()).isEqualTo("held-while-offline");
            assertThat(rig.massager.zoneSteps(HostileRig.ZONE)).isZero();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.dashboard.on(ROOT + "/state"))
                    .last().satisfies(state -> assertThat(state.json().get("phase").asText()).isEqualTo("idle")));
            rig.startSession("live-start");
        } finally {
            broker.stop();
        }
    }
}
