package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.massaged.simulator.hostile.HostileRig.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.mqtt.TestClient;

/**
 * Issue 13, items 5 and 7d: malformed numbers, foreign encodings and text that would forge log lines. Every one
 * gets a {@code rejected} answer with a reason; nothing reaches the daemon's log as a stack trace, and no
 * untrusted text starts a line of its own there.
 */
class MalformedInputTest {

    @TempDir
    Path directory;

    @Test
    void everyMalformedCommandIsRejectedWithAReasonAndTheLogStaysOneLinePerEvent() throws Exception {
        HostileRig.assumeMosquitto();
        long now = Instant.now().getEpochSecond();
        Map<String, byte[]> cases = new LinkedHashMap<>();
        for (String number : new String[] {"1e309", "1e20", "-1e30", "99999999999999999999",
                BigInteger.valueOf(now).add(BigInteger.TWO.pow(64)).toString()}) {
            cases.put("issued_at " + number, utf8("{\"action\":\"stop\",\"issued_at\":" + number
                    + ",\"transaction\":\"n" + number.hashCode() + "\"}"));
        }
        cases.put("issued_at \"1e309\"", utf8("{\"action\":\"stop\",\"issued_at\":\"1e309\",\"transaction\":\"s1\"}"));
        cases.put("issued_at \"NaN\"", utf8("{\"action\":\"stop\",\"issued_at\":\"NaN\",\"transaction\":\"s2\"}"));
        cases.put("UTF-16LE", "{\"action\":\"stop\",\"transaction\":\"utf16\"}".getBytes(StandardCharsets.UTF_16LE));
        cases.put("UTF-16 with BOM", "{\"action\":\"stop\",\"transaction\":\"utf16bom\"}"
                .getBytes(StandardCharsets.UTF_16));
        cases.put("UTF-8 BOM", utf8("\uFEFF{\"action\":\"stop\",\"transaction\":\"bom\"}"));
        cases.put("newline in a field name", utf8("{\"transaction\":\"forge\",\"x\\nINFO  o.m.c.app.ControlLoop - "
                + "FORGED emergency stop cleared\":1}"));
        cases.put("carriage return in a field name", utf8("{\"transaction\":\"forge-cr\",\"y\\rWARN  FORGED\":1}"));
        cases.put("deep nesting", utf8("{\"transaction\":\"deep\",\"level\":" + "[".repeat(1500) + "]".repeat(1500) + "}"));
        cases.put("a 2000-digit number", utf8("{\"transaction\":\"long\",\"level\":" + "9".repeat(2000) + "}"));

        try (HostileRig rig = HostileRig.start(directory)) {
            TestClient attacker = rig.client("attacker", new MqttConnectionOptions());
            for (var entry : cases.entrySet()) {
                rig.dashboard.clear();
                attacker.publish(ROOT + "/set", entry.getValue(), false, new MqttProperties());
                JsonNode answer = rig.dashboard.await(ROOT + "/response", m -> true).json();
                assertThat(answer.get("outcome").asText()).as(entry.getKey()).isEqualTo("rejected");
                assertThat(answer.get("reason").asText()).as(entry.getKey()).isNotBlank();
                assertThat(answer.get("message").asText()).as(entry.getKey()).isNotBlank();
            }

            assertThat(rig.daemon.logLines()).as("no stack trace, no line that input started")
                    .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"))
                    .noneMatch(line -> line.contains("FORGED") && !line.startsWith("INFO  o.m.c.mqtt.CommandIntake"));
            assertThat(rig.massager.zoneSteps(HostileRig.ZONE)).isZero();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
