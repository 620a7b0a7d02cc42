package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.hostile.HostileRig.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.testing.Mosquitto;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.testing.ShippedMosquitto;

/**
 * Issue 13, items 3, 4 and 9: what a client with a valid login (or none, on an open broker) can make the daemon
 * do with MQTT 5's own features — a response topic anywhere, the daemon's client id, a will that starts.
 */
@EnabledIf(value = "org.massaged.testing.Mosquitto#installed", disabledReason = "mosquitto is not installed")
class BrokerAbuseTest {

    /** The broker configuration the package ships. */
    private static final Path PACKAGING = Path.of("..", "packaging", "mosquitto");

    @TempDir
    Path directory;

    @Test
    void aResponseTopicOutsideTheRequestersPrefixIsRefusedAndNothingIsPublishedThere() throws Exception {
        try (HostileRig rig = HostileRig.start(directory)) {
            TestClient watcher = rig.client("watcher", new MqttConnectionOptions());
            watcher.subscribe("zigbee2mqtt/#");
            TestClient attacker = rig.client("attacker", new MqttConnectionOptions());

            for (String elsewhere : new String[] {"zigbee2mqtt/front_door/set", ROOT + "/state", ROOT + "/availability",
                    ROOT + "/set", ROOT + "/responses", "massaged/chair2/response/x"}) {
                MqttProperties request = new MqttProperties();
                request.setResponseTopic(elsewhere);
                String transaction = "elsewhere-" + elsewhere.hashCode();
                attacker.publish(ROOT + "/get", "{\"transaction\":\"" + transaction + "\"}", false, request);
                JsonNode answer = rig.dashboard.response(ROOT, transaction);
                assertThat(answer.get("outcome").asText()).as(elsewhere).isEqualTo("rejected");
                assertThat(answer.get("reason").asText()).as(elsewhere).isEqualTo("response-topic-not-allowed");
            }
            MqttProperties own = new MqttProperties();
            own.setResponseTopic(ROOT + "/response/attacker");
            attacker.subscribe(ROOT + "/response/attacker");
            attacker.publish(ROOT + "/get", "{\"transaction\":\"own\"}", false, own);
            assertThat(attacker.await(ROOT + "/response/attacker", m -> true).json().get("outcome").asText())
                    .isEqualTo("accepted");

            assertThat(watcher.received()).as("nothing was published outside the daemon's root").isEmpty();
            assertThat(rig.dashboard.on(ROOT + "/state")).noneMatch(m -> m.text().contains("\"outcome\""));
            assertThat(rig.dashboard.on(ROOT + "/availability")).allMatch(m -> m.text().equals("online"));
        }
    }

    @Test
    void behindThePackagedBrokerADashboardLoginCanNeitherWriteTheDaemonsTopicsNorTakeItsConnection()
            throws Exception {
        Mosquitto broker = ShippedMosquitto.start(directory, PACKAGING.resolve("massaged.conf"),
                PACKAGING.resolve("massaged.acl"), line -> line, ShippedMosquitto.local(),
                List.of("chair1", "homeassistant", "dashboard-chair1"));
        try (HostileRig rig = HostileRig.start(directory, broker, broker.uri(),
                ShippedMosquitto.daemonLogin(directory, "chair1"), ShippedMosquitto.login("homeassistant"))) {
            TestClient dashboard = rig.client("massaged-chair1", ShippedMosquitto.login("dashboard-chair1"));
            assertThat(broker.log()).as("the broker did not hand the daemon's connection to another login")
                    .doesNotContain("already connected");

            MqttProperties request = new MqttProperties();
            request.setResponseTopic(ROOT + "/state");
            dashboard.publish(ROOT + "/get", "{\"transaction\":\"over-state\"}", false, request);
            assertThat(rig.dashboard.response(ROOT, "over-state").get("reason").asText())
                    .isEqualTo("response-topic-not-allowed");
            MqttProperties own = new MqttProperties();
            own.setResponseTopic(ROOT + "/response/dashboard-chair1/ui");
            dashboard.subscribe(ROOT + "/response/dashboard-chair1/#");
            dashboard.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"own-topic\"}", false, own);
            assertThat(dashboard.await(ROOT + "/response/dashboard-chair1/ui", m -> true).json().get("outcome")
                    .asText()).as("the packaged ACL lets a login read its own answers").isEqualTo("accepted");

            assertThat(rig.dashboard.on(ROOT + "/state")).noneMatch(m -> m.text().contains("\"outcome\""));
            assertThat(rig.daemon.logText()).doesNotContain("lost", "taken over");
            assertThat(broker.log()).doesNotContain("already connected");
        } finally {
            broker.stop();
        }
    }

    @Test
    void aWillCarryingAStartNeverStartsAndAWillCarryingAStopStops() throws Exception {
        try (HostileRig rig = HostileRig.start(directory)) {
            vanishWithWill("will-start", "{\"action\":\"start\",\"transaction\":\"will-start\",\"issued_at\":\""
                    + Instant.now() + "\"}", rig);
            JsonNode start = rig.dashboard.response(ROOT, "will-start");
            assertThat(start.get("outcome").asText()).isEqualTo("rejected");
            assertThat(start.get("reason").asText()).isEqualTo("stale");
            vanishWithWill("bare-start", "{\"action\":\"start\",\"transaction\":\"bare-start\"}", rig);
            assertThat(rig.dashboard.response(ROOT, "bare-start").get("reason").asText())
                    .isEqualTo("missing-issued-at");
            assertThat(rig.massager.zoneSteps(HostileRig.ZONE)).isZero();

            rig.startSession("a-real-start");
            vanishWithWill("will-stop", "{\"action\":\"stop\",\"transaction\":\"will-stop\"}", rig);
            assertThat(rig.dashboard.response(ROOT, "will-stop").get("outcome").asText()).isEqualTo("accepted");
            rig.awaitMotorStopped(Duration.ofSeconds(15));
        }
    }

    /** A client that registers a will on {@code set} with a will delay, then vanishes without a DISCONNECT. */
    private static void vanishWithWill(String id, String will, HostileRig rig) throws Exception {
        MqttClient client = new MqttClient(rig.broker.uri(), id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSessionExpiryInterval(60L);
        options.setWill(ROOT + "/set", new MqttMessage(will.getBytes(StandardCharsets.UTF_8), 1, false,
                new MqttProperties()));
        MqttProperties willProperties = new MqttProperties();
        willProperties.setWillDelayInterval(6L);
        options.setWillMessageProperties(willProperties);
        client.connect(options);
        client.disconnectForcibly(0, 0, false);
        client.close(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> rig.dashboard.on(ROOT + "/response").stream()
                .anyMatch(m -> m.text().contains("\"" + id + "\"")));
    }
}
