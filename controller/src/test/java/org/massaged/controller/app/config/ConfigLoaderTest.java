package org.massaged.controller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.massaged.controller.safety.RemoteStartPolicy;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    static Path resource(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMinimalFileTakesEveryDefault() throws Exception {
        DaemonConfig config = loader.load(resource("valid/minimal.yaml"));

        assertThat(config.profile()).isEqualTo("chair-lumbar");
        assertThat(config.defaultProgram()).isEqualTo("gentle");
        assertThat(config.allowHighIntensity()).isFalse();
        assertThat(config.remoteStartPolicy()).isEqualTo(RemoteStartPolicy.ALLOWED);
        assertThat(config.tickHz()).isEqualTo(50);
        assertThat(config.simulate()).isFalse();
        assertThat(config.journal()).isEqualTo(Path.of("/var/lib/massaged/journal.jsonl"));
        assertThat(config.device()).isEqualTo(DaemonConfig.DeviceConnection.fromProfile());
        assertThat(config.mqtt()).isEmpty();
        assertThat(config.localControl()).isEqualTo(
                new DaemonConfig.LocalControl(true, Path.of("/run/massaged/control.sock")));
        assertThat(config.userOverride()).isEmpty();
        assertThat(config.programsDirectory()).isEmpty();
    }

    @Test
    void everySettingIsRead() throws Exception {
        Path file = resource("valid/full.yaml");
        DaemonConfig config = loader.load(file);

        assertThat(config.defaultProgram()).isEqualTo("lower-back-relief");
        assertThat(config.allowHighIntensity()).isTrue();
        assertThat(config.remoteStartPolicy()).isEqualTo(RemoteStartPolicy.REQUIRE_OCCUPANCY);
        assertThat(config.tickHz()).isEqualTo(25);
        assertThat(config.journal()).isEqualTo(file.getParent().resolve("state/journal.jsonl"));
        assertThat(config.device().serialPort()).contains("/dev/serial/by-id/usb-massaged-if00");
        DaemonConfig.Mqtt mqtt = config.mqtt().orElseThrow();
        assertThat(mqtt.uris()).containsExactly("ssl://broker.lan:8883", "ssl://backup.lan:8883");
        assertThat(mqtt.topicRoot()).contains("home/massager");
        assertThat(mqtt.deviceId()).contains("chair-2");
        assertThat(mqtt.clientId()).contains("massaged-chair");
        assertThat(mqtt.username()).contains("chair");
        assertThat(mqtt.password()).contains("s3cret");
        assertThat(mqtt.caFile()).contains(file.getParent().resolve("ca.pem"));
        assertThat(mqtt.discoveryPrefix()).isEqualTo("ha");
        assertThat(mqtt.commandMaxAge()).isEqualTo(Duration.ofSeconds(3));
        assertThat(mqtt.stateInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.localControl()).isEqualTo(new DaemonConfig.LocalControl(false, Path.of("/tmp/massaged.sock")));
    }

    @Test
    void durationsFollowTheGrammarOfEveryOtherFile() throws Exception {
        assertThat(parse("profile: p\nmqtt:\n  commandMaxAge: 1m30s\n").mqtt().orElseThrow().commandMaxAge())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("profile: p\nmqtt:\n  commandMaxAge: 1.5s\n").mqtt().orElseThrow().commandMaxAge())
                .isEqualTo(Duration.ofMillis(1500));
        for (String refused : List.of("-5s", "30 s", "30", "30s1m")) {
            assertThatThrownBy(() -> parse("profile: p\nmqtt:\n  commandMaxAge: " + refused + "\n"))
                    .as(refused)
                    .hasMessage("/etc/massaged/config.yaml:3:18: mqtt.commandMaxAge: got \"" + refused + "\", expected a "
                            + "duration from 1s to 5m, written with a unit (ms, s, m, h) and no sign, e.g. 10m, 1m30s or 500ms");
        }
    }

    @Test
    void theDailyDoseLimitIsAnA8InMetresPerSecondSquaredOrNone() throws Exception {
        assertThat(parse("profile: p\n").dailyDoseLimit()).isEmpty();
        assertThat(parse("profile: p\ndailyDoseLimit: 0.5\n").dailyDoseLimit()).contains(0.5);
        assertThat(parse("profile: p\ndailyDoseLimit: 5\n").dailyDoseLimit()).contains(5.0);
        for (String refused : new String[] {"0", "5.01", "-0.5", ".nan", "\"0.5\""}) {
            assertThatThrownBy(() -> parse("profile: p\ndailyDoseLimit: " + refused + "\n")).as(refused)
                    .hasMessageContaining("dailyDoseLimit: got ").hasMessageContaining("expected a number above 0 and up to 5");
        }
    }

    @Test
        void numbersAndBooleansAreReadAsInEveryOtherFile() throws Exception {
        DaemonConfig config = parse("profile: p\ntickHz: 0x20\nallowHighIntensity: True\n");
        assertThat(config.tickHz()).isEqualTo(32);
        assertThat(config.allowHighIntensity()).isTrue();
        assertThatThrownBy(() -> parse("profile: p\ntickHz: \"50\"\n"))
                .hasMessage("/etc/massaged/config.yaml:2:9: tickHz: got \"50\", expected an integer from 10 to 100 (not a quoted string)");
        assertThatThrownBy(() -> parse("profile: p\nsimulate: \"true\"\n"))
                .hasMessage("/etc/massaged/config.yaml:2:11: simulate: got \"true\", expected true or false (not a quoted string)");
    }

    @Test
    void aMistypedChoiceIsAnsweredWithTheClosestOne() {
        assertThatThrownBy(() -> parse("profile: p\nremoteStart: requireoccupancy\n"))
                .hasMessage("/etc/massaged/config.yaml:2:14: remoteStart: got \"requireoccupancy\", expected one of: "
                        + "allowed, requireOccupancy, disabled (did you mean \"requireOccupancy\"?)");
    }

    @Test
    void aSecondDocumentIsRefusedWhereItStarts() {
        assertThatThrownBy(() -> parse("profile: p\n---\nprofile: q\n"))
                .hasMessage("/etc/massaged/config.yaml:3:1: not valid YAML: a second document starts here; "
                        + "the configuration is one document");
    }

    @Test
    void anEmptyMqttSectionMeansTheLocalBrokerWithDefaults() throws Exception {
        DaemonConfig config = parse("profile: p\nmqtt:\n");

        DaemonConfig.Mqtt mqtt = config.mqtt().orElseThrow();
        assertThat(mqtt.uris()).containsExactly("tcp://localhost:1883");
        assertThat(mqtt.discoveryPrefix()).isEqualTo("homeassistant");
        assertThat(mqtt.commandMaxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mqtt.stateInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(mqtt.username()).isEmpty();
    }

    @Test
    void mqttCanBeSwitchedOffWithoutDeletingItsSettings() throws Exception {
        assertThat(parse("profile: p\nmqtt:\n  enabled: false\n  broker: tcp://x:1883\n").mqtt()).isEmpty();
    }

    @Test
    void secretsFromTheEnvironmentWinOverTheFile() throws Exception {
        ConfigLoader withEnvironment = new ConfigLoader(Map.of(
                ConfigLoader.ENV_MQTT_PASSWORD, "from-env", ConfigLoader.ENV_MQTT_USERNAME, "env-user"));

        DaemonConfig config = withEnvironment.parse(Path.of("/etc/massaged/config.yaml"),
                "profile: p\nmqtt:\n  username: file-user\n  password: from-file\n", Optional.empty());

        assertThat(config.mqtt().orElseThrow().password()).contains("from-env");
        assertThat(config.mqtt().orElseThrow().username()).contains("env-user");
    }

    @Test
    void aPasswordFromTheEnvironmentAloneNeedsAUsername() {
        ConfigLoader withEnvironment = new ConfigLoader(Map.of(ConfigLoader.ENV_MQTT_PASSWORD, "from-env"));

        assertThatThrownBy(() -> withEnvironment.parse(Path.of("c.yaml"), "profile: p\nmqtt:\n", Optional.empty()))
                .hasMessageContaining("a password needs a username");
    }

    @Test
    void relativePathsResolveNextToTheConfigFile(@TempDir Path directory) throws Exception {
        Files.createDirectories(directory.resolve("programs"));
        Files.writeString(directory.resolve("override.yaml"), "version: 1\n");
        Path file = directory.resolve("config.yaml");
        Files.writeString(file, "profile: p\nuserOverride: override.yaml\nprogramsDirectory: programs\n");

        DaemonConfig config = loader.load(file);

        assertThat(config.userOverride()).contains(directory.resolve("override.yaml"));
        assertThat(config.programsDirectory()).contains(directory.resolve("programs"));
    }

    @Test
    void simulationNeedsNoFileAndTakesTheSimulatorsProfile() throws Exception {
        DaemonConfig config = loader.loadForSimulation(Optional.empty(), "sim-profile");

        assertThat(config.profile()).isEqualTo("sim-profile");
        assertThat(config.simulate()).isTrue();
        assertThat(config.mqtt()).isEmpty();
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        ConfigException error = catchThrowableOfType(() -> parse(
                "profile: p\ntickHz: 5\nremoteStart: never\nmqtt:\n  broker: ftp://x\n  bogus: 1\n"),
                ConfigException.class);

        assertThat(error.problems()).extracting(ConfigProblem::field)
                .containsExactly("tickHz", "remoteStart", "mqtt.broker", "mqtt.bogus");
    }

    @Test
    void aMissingFileSaysWhatToDo() {
        assertThatThrownBy(() -> loader.load(Path.of("/nonexistent/config.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/nonexistent/config.yaml: no such file; create it from "
                        + "/usr/share/massaged/config.example.yaml, or name another file with --config");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("config.yaml");
        Files.write(file, new byte[] {'p', 'r', 'o', 'f', 'i', 'l', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> loader.load(file)).hasMessageEndingWith("is not UTF-8 text; save it as UTF-8");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("yaml-syntax.yaml", 4, 12, "",
                        "not valid YAML: mapping values are not allowed here"),
                Arguments.of("tick-not-a-number.yaml", 2, 9, "tickHz",
                        "got \"fast\", expected an integer from 10 to 100"),
                Arguments.of("tick-out-of-range.yaml", 2, 9, "tickHz",
                        "got \"1000\", expected an integer from 10 to 100"),
                Arguments.of("profile-missing.yaml", 2, 1, "profile",
                        "required: name a built-in profile (see 'massaged profiles list') or a profile file; "
                                + "massaged will not guess which hardware it drives"),
                Arguments.of("high-intensity-not-boolean.yaml", 2, 21, "allowHighIntensity",
                        "got \"yes\", expected true or false"),
                Arguments.of("dose-limit-with-unit.yaml", 2, 17, "dailyDoseLimit",
                        "got \"0.5 m/s2\", expected a number above 0 and up to 5, in m/s² (an A(8)) without the unit"),
                Arguments.of("unknown-key-typo.yaml", 2, 1, "tickhz",
                        "expected no key \"tickhz\" here (did you mean \"tickHz\"?); known keys: allowHighIntensity, "
                                + "dailyDoseLimit, dashboard, defaultProgram, "
                                + "device, journal, localControl, mqtt, profile, programsDirectory, remoteStart, "
                                + "simulate, tickHz, userOverride"),
                Arguments.of("broker-wrong-scheme.yaml", 3, 11, "mqtt.broker",
                        "expected a broker URI such as tcp://localhost:1883 or ssl://broker.lan:8883 "
                                + "(scheme tcp, ssl, ws or wss), got 'http://localhost:1883'"),
                Arguments.of("broker-port-out-of-range.yaml", 5, 7, "mqtt.broker[1]",
                        "port must be from 1 to 65535, got 99999"),
                Arguments.of("password-without-username.yaml", 4, 13, "mqtt.password",
                        "a password needs a username (mqtt.username or MASSAGED_MQTT_USERNAME)"),
                Arguments.of("duration-without-unit.yaml", 4, 18, "mqtt.commandMaxAge",
                        "got \"10\", expected a duration from 1s to 5m, written with a unit (ms, s, m, h) and no sign, "
                                + "e.g. 10m, 1m30s or 500ms"),
                Arguments.of("duration-out-of-range.yaml", 3, 18, "mqtt.commandMaxAge",
                        "got \"2h\", expected a duration from 1s to 5m, written with a unit (ms, s, m, h) and no sign, "
                                + "e.g. 10m, 1m30s or 500ms"),
                Arguments.of("topic-root-wildcard.yaml", 3, 14, "mqtt.topicRoot",
                        "must not contain the MQTT wildcards '+' or '#', got 'home/+/massager'"),
                Arguments.of("remote-start-unknown.yaml", 2, 14, "remoteStart",
                        "got \"sometimes\", expected one of: allowed, requireOccupancy, disabled"),
                Arguments.of("device-serial-and-tcp.yaml", 4, 3, "device.tcp",
                        "set either device.serialPort or device.tcp, not both"),
                Arguments.of("serial-port-relative.yaml", 3, 15, "device.serialPort",
                        "expected an absolute device path such as /dev/ttyUSB0 or /dev/serial/by-id/..., "
                                + "got 'ttyUSB0'"),
                Arguments.of("tcp-without-port.yaml", 4, 5, "device.tcp.port",
                        "required when device.tcp is set (the bridge's TCP port)"),
                Arguments.of("duplicate-key.yaml", 3, 1, "tickHz",
                        "expected each key once; \"tickHz\" is already set on line 2"),
                Arguments.of("mqtt-not-a-mapping.yaml", 2, 7, "mqtt",
                        "got \"tcp://localhost:1883\", expected a mapping (key: value lines)"),
                Arguments.of("root-is-a-list.yaml", 1, 1, "",
                        "got a list, expected a mapping (key: value lines)"),
                Arguments.of("profile-file-missing.yaml", 1, 10, "profile",
                        "no profile file at " + resource("invalid").resolve("profiles/missing.yaml")),
                Arguments.of("profile-bad-id.yaml", 1, 10, "profile",
                        "expected a built-in profile id (lower-case letters, digits, '-') or a path to a .yaml file, "
                                + "got 'Chair Lumbar'"),
                Arguments.of("tls-file-missing.yaml", 5, 13, "mqtt.tls.caFile",
                        "no file at " + resource("invalid").resolve("ca-does-not-exist.pem")),
                Arguments.of("socket-path-too-long.yaml", 3, 11, "localControl.socket",
                        "a Unix socket path may be at most 107 bytes long; choose a shorter one such as "
                                + "/run/massaged/control.sock"),
                Arguments.of("journal-empty.yaml", 2, 9, "journal",
                        "got null, expected a non-empty text"),
                Arguments.of("device-id-slash.yaml", 3, 13, "mqtt.deviceId",
                        "expected 1 to 64 letters, digits, '_' or '-' (it names topics and the Home Assistant "
                                + "device), got 'chair/2'"),
                Arguments.of("client-id-spaces.yaml", 3, 13, "mqtt.clientId",
                        "expected 1 to 64 letters, digits, '.', '_' or '-', got 'my client'"),
                Arguments.of("tab-indent.yaml", 2, 1, "",
                        "not valid YAML: found character '\\t(TAB)' that cannot start any token. "
                                + "(Do not use \\t(TAB) for indentation)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedFileIsRefusedWithItsPlaceAndReason(String name, int line, int column, String field, String reason) {
        Path file = resource("invalid/" + name);

        ConfigException error = catchThrowableOfType(() -> loader.load(file), ConfigException.class);

        assertThat(error).as("%s must be refused", name).isNotNull();
        assertThat(error.problems()).hasSize(1);
        assertThat(error.problems().get(0)).isEqualTo(new ConfigProblem(file, line, column, field, reason));
        assertThat(error.getMessage()).startsWith(file + ":" + line + ":" + column + ": ");
    }

    @Test
    void thereAreAtLeastFifteenMalformedFilesAndEachIsTested() throws Exception {
        try (Stream<Path> files = Files.list(resource("invalid"))) {
            List<String> names = files.map(path -> path.getFileName().toString()).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(15)
                    .containsExactlyInAnyOrderElementsOf(malformed().map(arguments -> (String) arguments.get()[0]).toList());
        }
    }

    private DaemonConfig parse(String yaml) throws ConfigException {
        return loader.parse(Path.of("/etc/massaged/config.yaml"), yaml, Optional.empty());
    }
}
