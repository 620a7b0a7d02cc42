package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.testing.Mosquitto;

/** {@code massaged doctor} against a directory laid out like a Raspberry Pi's /dev, /sys and /var. */
class DoctorTest {

    @TempDir
    Path root;

    private Doctor doctor(String config) throws IOException {
        Path file = root.resolve("etc/massaged/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, config);
        return new Doctor(new ConfigLoader(Map.of()), new DaemonAssembler(), file, root, 2);
    }

    private static Doctor.Check check(List<Doctor.Check> checks, String name) {
        return checks.stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aReadyMachinePassesEveryCheckItNeeds() throws Exception {
        Files.createDirectories(root.resolve("dev/serial/by-id"));
        Files.writeString(root.resolve("dev/ttyUSB0"), "");
        Files.createDirectories(root.resolve("sys/class/pwm/pwmchip0"));
        Files.writeString(root.resolve("dev/gpiochip0"), "");
        Files.createDirectories(root.resolve("var/lib/massaged"));

        List<Doctor.Check> checks = doctor("profile: body-massager-serial\ndevice:\n  serialPort: /dev/ttyUSB0\n").run();

        assertThat(checks).extracting(Doctor.Check::name)
                .containsExactly("java", "config", "profile", "serial port", "pwm", "gpio", "broker", "journal");
        assertThat(checks).allSatisfy(check -> assertThat(check.status()).as(check.toString())
                .isIn(Doctor.Status.OK, Doctor.Status.SKIP));
        assertThat(check(checks, "profile").detail()).startsWith("body-massager-serial");
        assertThat(check(checks, "broker").detail()).isEqualTo("no broker configured: local control only");
    }

    @Test
    void anInvalidConfigurationFailsWithItsLinesAndSkipsTheRest() throws Exception {
        List<Doctor.Check> checks = doctor("profile: body-massager-serial\ntickHz: fast\n").run();

        Doctor.Check config = check(checks, "config");
        assertThat(config.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(config.detail()).endsWith("config.yaml:2:9: tickHz: got \"fast\", expected an integer from 10 to 100");
        assertThat(config.fix()).contains("docs/configuration.md");
        assertThat(check(checks, "journal").status()).isEqualTo(Doctor.Status.SKIP);
    }

    @Test
    void anUnknownProfileFailsAndSaysHowToListThem() throws Exception {
        Files.createDirectories(root.resolve("var/lib/massaged"));

        Doctor.Check profile = check(doctor("profile: no-such-massager\n").run(), "profile");

        assertThat(profile.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(profile.detail()).contains("no-such-massager", "body-massager-serial");
        assertThat(profile.fix()).contains("massaged profiles list");
    }

    @Test
    void aMissingSerialPortAndJournalDirectoryEachSayWhatToDo() throws Exception {
        List<Doctor.Check> checks = doctor("profile: body-massager-serial\ndevice:\n  serialPort: /dev/ttyUSB7\n").run();

        Doctor.Check port = check(checks, "serial port");
        assertThat(port.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(port.detail()).isEqualTo("/dev/ttyUSB7 does not exist");
        assertThat(port.fix()).contains("/dev/serial/by-id");
        Doctor.Check journal = check(checks, "journal");
        assertThat(journal.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(journal.fix()).contains("install -d -o massaged -g massaged");
    }

    @Test
    void aSerialProfileIsNotTroubledWithPwmAndGpio() throws Exception {
        Files.createDirectories(root.resolve("var/lib/massaged"));

        List<Doctor.Check> checks = doctor("profile: body-massager-serial\n").run();

        for (String unneeded : List.of("pwm", "gpio")) {
            assertThat(check(checks, unneeded).status()).as(unneeded).isEqualTo(Doctor.Status.SKIP);
            assertThat(check(checks, unneeded).detail()).as(unneeded).contains("serial profile");
            assertThat(check(checks, unneeded).fix()).as(unneeded).isEmpty();
        }
    }

    @Test
    void aGpioProfileNeedsPwmAndGpioButNoSerialPort() throws Exception {
        Files.createDirectories(root.resolve("var/lib/massaged"));

        List<Doctor.Check> checks = doctor("profile: body-massager-gpio\n").run();

        assertThat(check(checks, "serial port").status()).isEqualTo(Doctor.Status.SKIP);
        assertThat(check(checks, "serial port").detail()).contains("GPIO profile");
        assertThat(check(checks, "pwm").status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(check(checks, "pwm").fix()).contains("dtoverlay=pwm,pin=12,func=4");
        assertThat(check(checks, "gpio").status()).isEqualTo(Doctor.Status.FAIL);
    }

    @Test
    void aSimulationNeedsNoHardware() throws Exception {
        Files.createDirectories(root.resolve("var/lib/massaged"));

        List<Doctor.Check> checks = doctor("profile: body-massager-gpio\nsimulate: true\n"
                + "journal: /var/lib/massaged/journal.jsonl\n").run();

        for (String hardware : List.of("serial port", "pwm", "gpio")) {
            assertThat(check(checks, hardware).status()).as(hardware).isEqualTo(Doctor.Status.SKIP);
            assertThat(check(checks, hardware).detail()).as(hardware).contains("simulate: true");
        }
        assertThat(checks).noneMatch(check -> check.status() == Doctor.Status.FAIL);
    }

    @Test
    void aBadOverrideIsCalledAnOverrideNotAProfile() throws Exception {
        Path override = root.resolve("etc/massaged/override.yaml");
        Files.createDirectories(override.getParent());
        Files.writeString(override, "version: 1\nprofile: body-massager-serial\nzones:\n  back: {hardMax: 11}\n");

        Doctor.Check profile = check(doctor("profile: body-massager-serial\nuserOverride: " + override + "\n").run(),
                "profile");

        assertThat(profile.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(profile.fix()).contains("override", "massaged profiles validate " + override)
                .doesNotContain("fix the profile file");
    }

    @Test
    void aMissingConfigurationSaysHowToCreateIt() {
        Path missing = root.resolve("etc/massaged/config.yaml");

        List<Doctor.Check> checks = new Doctor(new ConfigLoader(Map.of()), new DaemonAssembler(), missing, root, 2).run();

        Doctor.Check config = check(checks, "config");
        assertThat(config.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(config.fix()).contains("/usr/share/massaged/config.example.yaml")
                .doesNotContain("Correct the lines named above");
    }

    @Test
    void anUnreachableBrokerFailsWithWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        Doctor.Check broker = check(doctor("profile: body-massager-serial\nmqtt:\n  broker: tcp://127.0.0.1:"
                + closedPort + "\n").run(), "broker");

        assertThat(broker.status()).isEqualTo(Doctor.Status.FAIL);
        assertThat(broker.detail()).startsWith("tcp://127.0.0.1:" + closedPort + ": ");
        assertThat(broker.fix()).contains("Is the broker running", "systemctl status mosquitto");
    }

    @Test
    void theCommandExitsOneWhenACheckFailsAndPrintsJson() throws Exception {
        Path config = root.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\njournal: " + root.resolve("none/deeper/journal.jsonl")
                + "\n");
        java.io.StringWriter out = new java.io.StringWriter();

        int code = Cli.execute(new String[] {"doctor", "--json", "--config", config.toString(), "--root", root.toString()},
                Map.of(), new DaemonAssembler(), new java.io.PrintWriter(out, true), new java.io.PrintWriter(out, true));

        assertThat(code).isEqualTo(ExitCodes.REJECTED);
        var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("checks").findValuesAsText("name")).contains("java", "config", "journal");
    }

    @Test
    void theBrokerIsCheckedWithTheConfiguredCredentials() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Mosquitto.installed(), "needs Mosquitto (.ci/run installs it)");
        Mosquitto mosquitto = Mosquitto.withLogins(root, "chair");
        mosquitto.start();
        try {
            String broker = "profile: body-massager-serial\nmqtt:\n  broker: " + mosquitto.uri()
                    + "\n  username: chair\n";
            Files.createDirectories(root.resolve("var/lib/massaged"));

            Doctor.Check right = check(new Doctor(new ConfigLoader(Map.of(ConfigLoader.ENV_MQTT_PASSWORD, "chair-secret")),
                    new DaemonAssembler(), write(broker), root, 5).run(), "broker");
            Doctor.Check wrong = check(new Doctor(new ConfigLoader(Map.of(ConfigLoader.ENV_MQTT_PASSWORD, "wrong")),
                    new DaemonAssembler(), write(broker), root, 5).run(), "broker");

            assertThat(right.status()).as(right.toString()).isEqualTo(Doctor.Status.OK);
            assertThat(right.detail()).isEqualTo("connected to " + mosquitto.uri() + " as 'chair'");
            assertThat(wrong.status()).isEqualTo(Doctor.Status.FAIL);
            assertThat(wrong.detail()).contains("not authorized");
            assertThat(wrong.fix()).contains("mqtt.username", "MASSAGED_MQTT_PASSWORD");
        } finally {
            mosquitto.stop();
        }
    }

    @Test
    void thePublishersOwnLoginIsCheckedToo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Mosquitto.installed(), "needs Mosquitto (.ci/run installs it)");
        Mosquitto mosquitto = Mosquitto.withLoginsAsClientIds(root, "chair", "chair-publisher");
        mosquitto.start();
        try {
            Files.createDirectories(root.resolve("var/lib/massaged"));
            Path right = Files.writeString(root.resolve("right.password"), "chair-publisher-secret\n");
            Path wrong = Files.writeString(root.resolve("wrong.password"), "not-the-secret\n");
            String broker = "profile: body-massager-serial\nmqtt:\n  broker: " + mosquitto.uri()
                    + "\n  username: chair\n  publisher:\n    username: chair-publisher\n    passwordFile: ";
            ConfigLoader loader = new ConfigLoader(Map.of(ConfigLoader.ENV_MQTT_PASSWORD, "chair-secret"));

            Doctor.Check good = check(new Doctor(loader, new DaemonAssembler(), write(broker + right + "\n"), root, 5)
                    .run(), "broker");
            Doctor.Check bad = check(new Doctor(loader, new DaemonAssembler(), write(broker + wrong + "\n"), root, 5)
                    .run(), "broker");

            assertThat(good.status()).as(good.toString()).isEqualTo(Doctor.Status.OK);
            assertThat(good.detail()).endsWith("as 'chair', the publisher as 'chair-publisher'");
            assertThat(bad.status()).as(bad.toString()).isEqualTo(Doctor.Status.WARN);
            assertThat(bad.detail()).contains("the publisher's login 'chair-publisher' failed", "not authorized");
            assertThat(bad.fix()).contains("mqtt.publisher.username", "one connection");
        } finally {
            mosquitto.stop();
        }
    }

    /**
     * Behind a broker that binds client ids to logins (the packaged Mosquitto), a doctor logging in as the daemon
     * while the daemon runs took the daemon's connection over: the daemon backed off for a minute, and a session
     * started over MQTT ended by the command channel rule. While the daemon answers on its control socket, the
     * doctor leaves its login alone and says so.
     */
    @Test
    void whileTheDaemonRunsTheDoctorDoesNotTakeItsLoginsConnection() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Mosquitto.installed(), "needs Mosquitto (.ci/run installs it)");
        Mosquitto mosquitto = Mosquitto.withLoginsAsClientIds(root, "chair");
        mosquitto.start();
        Path socket = root.resolve("control.sock");
        try (java.nio.channels.ServerSocketChannel controlSocket = java.nio.channels.ServerSocketChannel
                     .open(java.net.StandardProtocolFamily.UNIX)) {
            controlSocket.bind(java.net.UnixDomainSocketAddress.of(socket));
            org.eclipse.paho.mqttv5.client.MqttConnectionOptions login =
                    new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
            login.setUserName("chair");
            login.setPassword("chair-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            org.massaged.controller.mqtt.TestClient daemon = new org.massaged.controller.mqtt.TestClient(
                    mosquitto.uri(), "massaged-chair", login);
            Files.createDirectories(root.resolve("var/lib/massaged"));
            Path config = write("profile: body-massager-serial\nmqtt:\n  broker: " + mosquitto.uri()
                    + "\n  username: chair\nlocalControl:\n  socket: " + socket + "\n");

            Doctor.Check broker = check(new Doctor(new ConfigLoader(Map.of(ConfigLoader.ENV_MQTT_PASSWORD,
                    "chair-secret")), new DaemonAssembler(), config, root, 5).run(), "broker");

            assertThat(mosquitto.log()).as("nobody took the daemon's connection over").doesNotContain("already connected");
            assertThat(broker.status()).as(broker.toString()).isEqualTo(Doctor.Status.SKIP);
            assertThat(broker.detail()).contains("the daemon is running", "'chair'");
            assertThat(broker.fix()).contains("systemctl stop massaged");
            daemon.close();
        } finally {
            mosquitto.stop();
        }
    }

    /**
     * A spa's technicians check their chairs at once, each Pi's doctor with a process id that may well be the same:
     * each connects under a client id of its own, or the broker would hand one's connection to the other.
     */
    @Test
    void everyDoctorConnectsUnderItsOwnClientId() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Mosquitto.installed(),
                "needs Mosquitto (.ci/run installs it)");
        Mosquitto mosquitto = new Mosquitto(root,
                "tcp", List.of("log_type all"));
        mosquitto.start();
        try {
            Files.createDirectories(root.resolve("var/lib/massaged"));
            Path config = write("profile: body-massager-serial\nmqtt:\n  broker: " + mosquitto.uri() + "\n");
            for (int run = 0; run < 2; run++) {
                Doctor.Check broker = check(new Doctor(new ConfigLoader(Map.of()), new DaemonAssembler(), config,
                        root, 5).run(), "broker");
                assertThat(broker.status()).as(broker.toString()).isEqualTo(Doctor.Status.OK);
            }

            List<String> clientIds = java.util.regex.Pattern.compile("New client connected from \\S+ as (\\S+)")
                    .matcher(mosquitto.log()).results().map(found -> found.group(1)).toList();
            assertThat(clientIds).hasSize(2).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).startsWith("massaged-doctor-").hasSizeLessThanOrEqualTo(23));
        } finally {
            mosquitto.stop();
        }
    }

    private Path write(String config) throws IOException {
        Path file = root.resolve("etc/massaged/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, config);
        return file;
    }
}
