package org.massaged.simulator.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.massaged.simulator.matrix.MatrixRig.ROOT;
import static org.massaged.simulator.matrix.MatrixRig.ZONE;
import static org.massaged.simulator.matrix.MatrixRig.command;
import static org.massaged.simulator.matrix.TimeToSafe.millisUntil;
import static org.massaged.simulator.matrix.TimeToSafe.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.testing.Mosquitto;
import org.massaged.controller.mqtt.TestCertificates;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.controller.mqtt.TlsSockets;
import org.massaged.controller.session.JournalEntry;
import org.massaged.simulator.mcu.VirtualMassager;
import org.massaged.testing.ChildJvm;

/**
 * The broker's faults, one after the other against one running daemon that talks TLS to a real Mosquitto: the
 * broker is not there when the daemon starts, then it is there with a certificate the daemon must not trust
 * (the TLS handshake fails), then it is the right one; mid-session it is killed ({@code kill -9}) and started
 * again. The massager never moves by itself, the daemon never exits, retries without a stack trace, and the
 * session it runs can be stopped over MQTT as soon as the broker is back; the journal keeps everything.
 */
class BrokerFaultsTest {

    @TempDir
    Path directory;

    @Test
    void aBrokerThatIsAbsentUntrustedOrKilledNeverMovesTheMassagerAndNeverLosesTheWayToStopIt() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates tls = TestCertificates.create(Files.createDirectories(directory.resolve("tls")));
        Path brokerCert = tls.caCert().resolveSibling("broker.pem");
        Path brokerKey = tls.caCert().resolveSibling("broker.key");
        // first a broker certificate from a CA the daemon does not know
        serve(tls.otherCaCert(), tls.otherCaCert().resolveSibling("other.key"), brokerCert, brokerKey);
        Mosquitto broker = new Mosquitto(directory, "ssl", List.of("cafile " + tls.caCert(),
                "certfile " + brokerCert, "keyfile " + brokerKey, "require_certificate true", "tls_version tlsv1.2"));
        MqttConnectionOptions login = new MqttConnectionOptions();
        login.setSocketFactory(TlsSockets.socketFactory(Optional.of(tls.caCert()), Optional.of(tls.clientCert()),
                Optional.of(tls.clientKey())));

        try (VirtualMassager massager = MatrixRig.seatedMassager();
             ChildJvm daemon = MatrixRig.daemon(directory, MatrixRig.PROFILE, massager.tcpPort(),
                     "  broker: " + broker.uri() + "\n  tls:\n    caFile: " + tls.caCert()
                             + "\n    clientCertificate: " + tls.clientCert() + "\n    clientKey: " + tls.clientKey()
                             + "\n")) {
            try {
                // broker unreachable at start: the daemon comes up, drives nothing and retries
                daemon.awaitLog("mqtt: cannot connect", Duration.ofSeconds(60));
                daemon.assertAlive();
                assertThat(massager.zoneSteps(ZONE)).isZero();

                // TLS handshake failure: refused, said in one line per attempt, retried
                long refusedBefore = attempts(daemon);
                broker.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> attempts(daemon) > refusedBefore);
                String refusal = daemon.logLines().stream().filter(line -> line.contains("mqtt: cannot connect"))
                        .reduce((first, second) -> second).orElseThrow();
                System.out.println("TLS handshake failure, as logged: " + refusal);
                assertThat(refusal).contains("certificate is not trusted", "mqtt.tls.caFile");
                assertThat(daemon.logLines()).noneMatch(line -> line.contains("mqtt: connected to"));
                daemon.assertAlive();
                assertThat(massager.zoneSteps(ZONE)).isZero();

                // the right certificate: connected at the next retry
                broker.stop();
                serve(tls.serverCert(), tls.serverKey(), brokerCert, brokerKey);
                broker.start();
                record("TLS handshake failure", "connected after the right certificate came",
                        millisUntil(Duration.ofSeconds(70), () -> daemon.logLines().stream()
                                .anyMatch(line -> line.contains("mqtt: connected to"))));
                try (TestClient dashboard = new TestClient(broker.uri(), "matrix-dashboard", login)) {
                    dashboard.subscribe(ROOT + "/#");
                    MatrixRig.awaitIdleAndOnline(dashboard, daemon);

                    // broker killed and restarted mid-session
                    assertThat(command(dashboard, "start", "s1").get("outcome").asText()).isNotEqualTo("rejected");
                    await().atMost(Duration.ofSeconds(15)).until(() -> massager.zoneSteps(ZONE) > 0);
                    new ProcessBuilder("kill", "-KILL", Long.toString(broker.pid())).start().waitFor();
                    daemon.awaitLog("lost (", Duration.ofSeconds(15));
                    dashboard.clear();
                    broker.start();
                    record("broker killed and restarted mid-session", "reconnected and online again",
                            millisUntil(Duration.ofSeconds(30), () -> dashboard.on(ROOT + "/availability").stream()
                                    .anyMatch(m -> m.text().equals("online"))));
                    assertThat(massager.zoneSteps(ZONE)).as("the session went on meanwhile").isPositive();
                    MatrixRig.publish(dashboard, "stop", "s2");
                    record("broker killed and restarted mid-session", "stop published to motor off (ramp down)",
                            millisUntil(Duration.ofSeconds(15), () -> massager.zoneSteps(ZONE) == 0));
                    assertThat(dashboard.response(ROOT, "s2").get("outcome").asText()).isEqualTo("accepted");
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(MatrixRig.journalEntries(directory))
                        .filteredOn(JournalEntry.SessionEnded.class::isInstance).singleElement()
                        .satisfies(end -> assertThat(((JournalEntry.SessionEnded) end).cause()).isEqualTo("stop:mqtt")));
                MatrixRig.assertEverySessionJournaled(directory, 1);
                daemon.assertAlive();
                MatrixRig.assertNoStackTrace(daemon);
            } finally {
                daemon.close();
                System.out.println("---- daemon log ----\n" + daemon.logText());
                broker.stop();
            }
        }
    }

    private static long attempts(ChildJvm daemon) {
        return daemon.logLines().stream().filter(line -> line.contains("mqtt: cannot connect")).count();
    }

    /** Puts a certificate and its key where the broker's config looks for them (readable by Mosquitto's user). */
    private static void serve(Path certificate, Path key, Path brokerCert, Path brokerKey) throws Exception {
        Files.copy(certificate, brokerCert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(key, brokerKey, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
