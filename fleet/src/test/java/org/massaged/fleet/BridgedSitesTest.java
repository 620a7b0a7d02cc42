package org.massaged.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.testing.Mosquitto;
import org.massaged.testing.ShippedMosquitto;

/**
 * The step past one broker, with the example configurations of {@code packaging/mosquitto/fleet/} (docs/fleet.md):
 * two site brokers, each bridged to a central one; chairs under a site prefix ({@code massaged/<site>/<chair>}),
 * each with its own login confined by the ACL's {@code %u} patterns; a fleet dashboard of two instances at the
 * central broker reading through one shared subscription and receiving its answers on its own MQTT 5 response
 * topic. Commands and state cross the bridges, a chair's login cannot touch another chair, and the dashboard sees
 * every state of every chair exactly once between its instances.
 */
class BridgedSitesTest {

    private static final List<String> SITES = List.of("site-a", "site-b");

    /** The example broker configurations the fleet guide ships. */
    private static final Path EXAMPLES = Path.of("..", "packaging", "mosquitto", "fleet");

    @TempDir
    Path directory;

    @Test
    void commandsAndStateCrossTheBridgesAclsConfineEachChairAndTheSharedDashboardSeesEveryStateOnce()
            throws Exception {
        assumeTrue(Mosquitto.installed(), "needs Mosquitto (.ci/run installs it)");
        // Mosquitto started as root reads its files as user mosquitto
        java.nio.file.Files.setPosixFilePermissions(directory,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<AutoCloseable> open = new ArrayList<>();
        List<Chair> chairs = new CopyOnWriteArrayList<>();
        try {
            Mosquitto central = ShippedMosquitto.start(directory.resolve("central"),
                    EXAMPLES.resolve("central.conf"), EXAMPLES.resolve("central.acl"), line -> line,
                    ShippedMosquitto.local(), List.of("site-a", "site-b", "dashboard-1",
                            "dashboard-2"));
            open.add(central::stop);
            List<Mosquitto> sites = new ArrayList<>();
            for (String site : SITES) {
                Map<String, String> replaced = ShippedMosquitto.local();
                replaced.put("address", "127.0.0.1:" + central.port());
                replaced.put("remote_password", site + "-secret");
                replaced.put("restart_timeout", "1");
                Mosquitto broker = ShippedMosquitto.start(directory.resolve(site),
                        EXAMPLES.resolve("site.conf"), EXAMPLES.resolve("site.acl"),
                        line -> line.replace("site-a", site), replaced, List.of(chair(site, 1), chair(site, 2), chair(site, 3), "staff-" + site));
                open.add(broker::stop);
                sites.add(broker);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(central.log())
                    .as("both bridges connected").contains(" as site-a ").contains(" as site-b "));

            List<FleetClient> staff = new ArrayList<>();
            for (int i = 0; i < SITES.size(); i++) {
                FleetClient tablet = new FleetClient(sites.get(i).uri(), "staff-" + SITES.get(i),
                        ShippedMosquitto.login("staff-" + SITES.get(i)), "massaged/" + SITES.get(i) + "/+", Optional.empty(), 10);
                open.add(tablet);
                staff.add(tablet);
            }
            List<FleetClient> dashboards = new ArrayList<>();
            for (String login : List.of("dashboard-1", "dashboard-2")) {
                FleetClient dashboard = new FleetClient(central.uri(), login, ShippedMosquitto.login(login),
                        "$share/dashboard/massaged/+/+", Optional.of(login), 10);
                open.add(dashboard);
                dashboards.add(dashboard);
            }

            for (int i = 0; i < SITES.size(); i++) {
                for (int n = 1; n <= 2; n++) {
                    String id = chair(SITES.get(i), n);
                    String root = "massaged/" + SITES.get(i) + "/" + id;
                    Path home = directory.resolve("chairs").resolve(id);
                    chairs.add(Chair.start(id, root, home, "  broker: " + sites.get(i).uri() + "\n  deviceId: " + id
                                    + "\n  topicRoot: " + root + "\n" + ShippedMosquitto.daemonLogin(home, id),
                            FleetTest.SPEED, FleetTest.TICK_HZ, FleetTest.SIMULATOR_TICK));
                }
            }
            FleetClient siteA = staff.get(0);
            awaitPhase(staff, chairs, "idle");

            // commands sent at the central broker, answered there through the bridges
            for (int i = 0; i < chairs.size(); i++) {
                FleetClient dashboard = dashboards.get(i % 2);
                FleetTest.expect(new ArrayList<>(), dashboard, List.of(chairs.get(i)), chair -> dashboard.command()
                        .put("action", "start").put("duration", FleetTest.SESSION_MINUTES).put("level", 2),
                        "start", "accepted");
            }
            awaitPhase(staff, chairs, "running");

            // a chair's login (a3: no daemon behind it, so nothing is taken over) tries its neighbour a2
            Chair a2 = chairs.get(1);
            try (Intruder a3 = new Intruder(sites.get(0).uri(), chair("site-a", 3))) {
                a3.subscribe("massaged/site-a/" + chair("site-a", 3) + "/#");
                a3.subscribe(a2.topicRoot() + "/#");
                a3.publish(a2.topicRoot() + "/set", "{\"action\":\"stop\",\"transaction\":\"intruder-1\"}");
                a3.publish("massaged/site-a/" + chair("site-a", 3) + "/event", "{\"event\":\"own-subtree\"}");
                await().atMost(Duration.ofSeconds(10)).until(() -> a3.received().stream()
                        .anyMatch(topic -> topic.endsWith("/event")));

                int before = siteA.states(a2.topicRoot()).size();
                FleetTest.expect(new ArrayList<>(), siteA, List.of(a2), chair -> siteA.command(), "get", "accepted");
                // a2 publishes on (its level and time change) unless something stopped it
                await().atMost(Duration.ofSeconds(30)).until(() -> siteA.states(a2.topicRoot()).size() >= before + 2
                        || !siteA.latest(a2.topicRoot()).path("phase").asText().equals("running"));
                assertThat(a3.received()).as("what chair a3's login received").allMatch(topic -> topic.startsWith(
                        "massaged/site-a/" + chair("site-a", 3) + "/"));
                assertThat(siteA.unexpected()).as("answers on site-a nobody asked for").noneMatch(text -> text
                        .contains("intruder-1"));
                assertThat(siteA.latest(a2.topicRoot()).path("phase").asText()).as("a2 after a3's stop")
                        .isEqualTo("running");
            }

            for (int i = 0; i < chairs.size(); i++) {
                FleetClient dashboard = dashboards.get(i % 2);
                FleetTest.expect(new ArrayList<>(), dashboard, List.of(chairs.get(i)), chair -> dashboard.command()
                        .put("action", "stop"), "stop", "accepted");
            }
            awaitPhase(staff, chairs, "idle");

            // every state a site published reached the dashboard exactly once, at one instance or the other
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(chairs).allSatisfy(chair -> {
                FleetClient site = staff.get(chair.topicRoot().contains("/site-a/") ? 0 : 1);
                List<String> seen = new ArrayList<>();
                dashboards.forEach(dashboard -> dashboard.states(chair.topicRoot()).forEach(state ->
                        seen.add(state.toString())));
                List<String> published = site.states(chair.topicRoot()).stream().map(Object::toString).toList();
                assertThat(seen).as(chair.id() + "'s states at the dashboard").doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(published);
            }));
            assertThat(dashboards).allSatisfy(dashboard -> assertThat(dashboard.unexpected()).isEmpty());
        } finally {
            FleetTest.closeAll(chairs);
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static String chair(String site, int n) {
        return site.substring(site.length() - 1) + n;
    }

    /** Waits until every chair is in {@code phase}, as the staff tablet of its own site sees it. */
    private static void awaitPhase(List<FleetClient> staff, List<Chair> chairs, String phase) {
        for (int i = 0; i < SITES.size(); i++) {
            String prefix = "massaged/" + SITES.get(i) + "/";
            FleetTest.awaitPhase(staff.get(i), chairs.stream().filter(chair -> chair.topicRoot().startsWith(prefix))
                    .toList(), phase);
        }
    }

    /** A client logged in with a chair's login, but no daemon: what it may reach, and what it may not. */
    private static final class Intruder implements AutoCloseable {
        private final MqttAsyncClient client;
        private final List<String> received = new CopyOnWriteArrayList<>();

        Intruder(String uri, String login) throws MqttException {
            client = new MqttAsyncClient(uri, login, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override public void disconnected(MqttDisconnectResponse response) {}
                @Override public void mqttErrorOccurred(MqttException exception) {}
                @Override public void messageArrived(String topic, MqttMessage message) {
                    received.add(topic);
                }
                @Override public void deliveryComplete(IMqttToken token) {}
                @Override public void connectComplete(boolean reconnect, String serverURI) {}
                @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
            });
            client.connect(ShippedMosquitto.login(login)).waitForCompletion(10_000);
        }

        void subscribe(String filter) throws MqttException {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}).waitForCompletion(10_000);
        }

        /** Publishes at QoS 1; a broker that refuses it (MQTT 5 PUBACK "not authorized") is no failure here. */
        void publish(String topic, String payload) throws MqttException {
            try {
                client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false,
                        new MqttProperties())).waitForCompletion(10_000);
            } catch (MqttException refused) {
                if (refused.getReasonCode() != 135) {
                    throw refused;
                }
            }
        }

        List<String> received() {
            return received;
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close(true);
        }
    }
}
