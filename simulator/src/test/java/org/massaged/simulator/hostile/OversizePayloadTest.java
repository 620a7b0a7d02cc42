package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.massaged.simulator.hostile.HostileRig.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.massaged.controller.mqtt.TestClient;

/**
 * Issue 13, item 1: one huge QoS 1 publish on {@code set} while a session runs must not silence the MQTT path.
 * The daemon (launcher heap) tells the broker its MQTT 5 Maximum Packet Size, so the broker drops the packet
 * instead of sending it; an emergency stop sent right after it still stops the motor and is answered.
 */
class OversizePayloadTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {24, 40, 100})
    void aHugePublishOnSetLeavesTheEmergencyStopWorking(int megabytes) throws Exception {
        HostileRig.assumeMosquitto();
        try (HostileRig rig = HostileRig.start(directory)) {
            rig.startSession("start");
            TestClient attacker = rig.client("attacker", new MqttConnectionOptions());

            attacker.publish(ROOT + "/set", new byte[megabytes * 1024 * 1024], false, new MqttProperties());
            rig.dashboard.publish(ROOT + "/set", "{\"action\":\"emergency_stop\",\"transaction\":\"stop\",\"issued_at\":\""
                    + Instant.now() + "\"}");

            rig.awaitMotorStopped(Duration.ofSeconds(5));
            JsonNode answer = rig.dashboard.response(ROOT, "stop");
            assertThat(answer.get("outcome").asText()).isEqualTo("accepted");
            rig.dashboard.awaitJson(ROOT + "/event", "event", "emergency_stop");
            rig.daemon.assertAlive();
            assertThat(rig.daemon.logText()).doesNotContain("OutOfMemoryError");
            assertThat(rig.broker.log()).as("the broker held the packet back from the daemon")
                    .contains("Dropping too large outgoing PUBLISH");
            System.out.printf("oversize %d MB: daemon resident %d kB after the attack%n", megabytes,
                    rig.daemon.residentKilobytes());
        }
    }
}
