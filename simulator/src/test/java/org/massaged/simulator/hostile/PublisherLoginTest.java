package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.hostile.HostileRig.ROOT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.testing.Mosquitto;
import org.massaged.testing.ShippedMosquitto;

/**
 * Issue 13 item 7: behind the packaged Mosquitto (logins, client ids bound to logins, the ACL), the daemon's second
 * connection logs in with its own login and carries state and answers, which the packaged ACL lets it write; with a
 * login the broker refuses, everything still goes out through the command connection, and the log says why.
 */
@EnabledIf(value = "org.massaged.testing.Mosquitto#installed", disabledReason = "mosquitto is not installed")
class PublisherLoginTest {

    private static final Path PACKAGING = Path.of("..", "packaging", "mosquitto");
    private static final List<String> LOGINS = List.of("chair1", "chair1-publisher", "homeassistant",
            "dashboard-chair1");

    @TempDir
    Path directory;

    @Test
    void withItsOwnLoginThePublisherCarriesStateAndAnswersThroughThePackagedAcl() throws Exception {
        Mosquitto broker = packagedBroker();
        try (HostileRig rig = HostileRig.start(directory, broker, broker.uri(), daemonLogins("chair1-publisher-secret"),
                ShippedMosquitto.login("homeassistant"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.daemon.logText().contains("publisher connected"));
            assertThat(broker.log()).as("the broker saw the publisher log in with its own login")
                    .contains("u'chair1-publisher'");

            TestClient dashboard = rig.client("dashboard-chair1", ShippedMosquitto.login("dashboard-chair1"));
            dashboard.subscribe(ROOT + "/state");
            assertThat(dashboard.await(ROOT + "/state", m -> m.retained()).json().has("phase"))
                    .as("the retained state, written by the publisher").isTrue();
            dashboard.publish(ROOT + "/get", "{\"transaction\":\"through-publisher\"}");
            assertThat(rig.dashboard.response(ROOT, "through-publisher").get("outcome").asText())
                    .isEqualTo("accepted");
            assertThat(rig.daemon.logText()).doesNotContain("publisher connection cannot connect", "taken over");
            assertThat(broker.log()).doesNotContain("already connected", "Denied PUBLISH");
        } finally {
            broker.stop();
        }
    }

    @Test
    void aPublisherLoginTheBrokerRefusesLeavesEverythingOnTheCommandConnectionAndSaysSo() throws Exception {
        Mosquitto broker = packagedBroker();
        try (HostileRig rig = HostileRig.start(directory, broker, broker.uri(), daemonLogins("not-the-secret"),
                ShippedMosquitto.login("homeassistant"))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> rig.daemon.logText().contains("publisher connection cannot connect"));
            rig.startSession("start-without-publisher");
            rig.dashboard.publish(ROOT + "/set", "{\"action\":\"emergency_stop\",\"transaction\":\"stop-anyway\"}");
            assertThat(rig.dashboard.response(ROOT, "stop-anyway").get("outcome").asText()).isEqualTo("accepted");
            rig.awaitMotorStopped(Duration.ofSeconds(5));
            assertThat(rig.daemon.logText()).doesNotContain("publisher connected", "Exception");
        } finally {
            broker.stop();
        }
    }

    /**
     * An ACL that forgot the publisher's lines: the broker acknowledges each of its publishes with "not authorized"
     * (MQTT 5 reason 0x87) and drops it, which Paho reports as delivered. The daemon gives the publisher up, sends
     * everything through the command connection, and says what to fix.
     */
    @Test
    void aPublisherTheAclDoesNotLetWriteIsGivenUpAndNothingIsLost() throws Exception {
        Mosquitto broker = packagedBroker(acl -> acl.replaceAll("(?m)^user chair1-publisher\n(topic .*\n)*", ""));
        try (HostileRig rig = HostileRig.start(directory, broker, broker.uri(), daemonLogins("chair1-publisher-secret"),
                ShippedMosquitto.login("homeassistant"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.daemon.logText().contains("refused the publisher"));
            assertThat(rig.daemon.logText()).as("the reason is the broker's").contains("reason 0x87, not authorized");

            TestClient dashboard = rig.client("dashboard-chair1", ShippedMosquitto.login("dashboard-chair1"));
            dashboard.subscribe(ROOT + "/state");
            assertThat(dashboard.await(ROOT + "/state", m -> m.retained()).json().has("phase")).isTrue();
            rig.startSession("start-after-refusal");
            rig.dashboard.publish(ROOT + "/set", "{\"action\":\"emergency_stop\",\"transaction\":\"stop-after\"}");
            assertThat(rig.dashboard.response(ROOT, "stop-after").get("outcome").asText()).isEqualTo("accepted");
            assertThat(rig.daemon.logText()).containsOnlyOnce("refused the publisher").doesNotContain("Exception");
        } finally {
            broker.stop();
        }
    }

    private Mosquitto packagedBroker() throws Exception {
        return packagedBroker(acl -> acl);
    }

    private Mosquitto packagedBroker(java.util.function.UnaryOperator<String> acl) throws Exception {
        return ShippedMosquitto.start(directory, PACKAGING.resolve("massaged.conf"), PACKAGING.resolve("massaged.acl"),
                acl, ShippedMosquitto.local(), LOGINS);
    }

    /** The daemon's {@code mqtt:} lines: its login, and the publisher's with {@code publisherSecret}. */
    private String daemonLogins(String publisherSecret) throws Exception {
        Path secret = directory.resolve("publisher.password");
        Files.writeString(secret, publisherSecret + "\n");
        return ShippedMosquitto.daemonLogin(directory, "chair1")
                + "  publisher:\n    username: chair1-publisher\n    passwordFile: " + secret + "\n";
    }
}
