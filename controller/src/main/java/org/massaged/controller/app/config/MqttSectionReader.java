package org.massaged.controller.app.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.massaged.controller.app.config.DaemonConfig.Mqtt;
import org.massaged.controller.mqtt.MqttSettings;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * The {@code mqtt} section of the configuration: brokers, identity on the broker, credentials (from the file,
 * a password file or the environment), TLS files, topics and the timing of commands and state.
 */
final class MqttSectionReader {

    static final String DEFAULT_BROKER = "tcp://localhost:1883";
    static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
    static final Duration DEFAULT_COMMAND_MAX_AGE = Duration.ofSeconds(30);
    static final Duration DEFAULT_STATE_INTERVAL = Duration.ofSeconds(60);

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Map<String, String> environment;

    MqttSectionReader(Map<String, String> environment) {
        this.environment = environment;
    }

    Optional<Mqtt> read(YamlSection section, Path directory) {
        boolean enabled = section.bool("enabled", true);
        List<String> uris = new ArrayList<>();
        for (Map.Entry<String, YamlValue> broker : section.texts("broker")) {
            brokerUri(broker.getKey(), broker.getValue(), section.problems()).ifPresent(uris::add);
        }
        if (!section.has("broker")) {
            uris.add(DEFAULT_BROKER);
        }
        Optional<String> deviceId = section.text("deviceId");
        deviceId.filter(id -> !DEVICE_ID.matcher(id).matches())
                .ifPresent(id -> section.problem("deviceId",
                        "expected 1 to 64 letters, digits, '_' or '-' (it names topics and the Home Assistant "
                                + "device), got '" + id + "'"));
        Optional<String> topicRoot = section.text("topicRoot");
        topicRoot.ifPresent(root -> topicLevels(section, "topicRoot", root));
        Optional<String> clientId = section.text("clientId");
        clientId.filter(id -> !CLIENT_ID.matcher(id).matches())
                .ifPresent(id -> section.problem("clientId",
                        "expected 1 to 64 letters, digits, '.', '_' or '-', got '" + id + "'"));
        Optional<String> username = Optional.ofNullable(environment.get(ConfigLoader.ENV_MQTT_USERNAME))
                .filter(value -> !value.isEmpty())
                .or(() -> section.text("username"));
        section.value("username");
        Optional<String> password = password(section, directory, ConfigLoader.ENV_MQTT_PASSWORD);
        if (password.isPresent() && username.isEmpty()) {
            section.problem(section.has("password") ? "password" : "passwordFile",
                    "a password needs a username (mqtt.username or " + ConfigLoader.ENV_MQTT_USERNAME + ")");
        }
        Optional<YamlSection> tls = section.section("tls");
        Optional<Path> caFile = Optional.empty();
        Optional<Path> certificate = Optional.empty();
        Optional<Path> key = Optional.empty();
        if (tls.isPresent()) {
            caFile = ConfigLoader.existingPath(tls.get(), "caFile", directory, false);
            certificate = ConfigLoader.existingPath(tls.get(), "clientCertificate", directory, false);
            key = ConfigLoader.existingPath(tls.get(), "clientKey", directory, false);
            if (certificate.isPresent() != key.isPresent()) {
                tls.get().problem(certificate.isPresent() ? "clientKey" : "clientCertificate",
                        "clientCertificate and clientKey go together; set both or neither");
            }
            tls.get().rejectUnknownKeys();
            boolean anyTls = caFile.isPresent() || certificate.isPresent();
            if (anyTls && uris.stream().anyMatch(uri -> uri.startsWith("tcp://") || uri.startsWith("ws://"))) {
                section.problem("broker", "TLS files are set but the broker is not encrypted; use ssl://host:8883 "
                        + "(or wss://) or remove mqtt.tls");
            }
        }
        MqttSettings.Publisher publisher = section.section("publisher").map(login -> publisher(login, directory))
                .orElse(MqttSettings.Publisher.DEFAULT);
        String discoveryPrefix = section.text("discoveryPrefix", DEFAULT_DISCOVERY_PREFIX);
        topicLevels(section, "discoveryPrefix", discoveryPrefix);
        Duration commandMaxAge = section.duration("commandMaxAge", DEFAULT_COMMAND_MAX_AGE,
                Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration stateInterval = section.duration("stateInterval", DEFAULT_STATE_INTERVAL,
                Duration.ofSeconds(5), Duration.ofHours(1));
        section.rejectUnknownKeys();
        if (!enabled) {
            return Optional.empty();
        }
        return Optional.of(new Mqtt(uris, deviceId, topicRoot, clientId, username, password, caFile, certificate, key,
                discoveryPrefix, commandMaxAge, stateInterval, publisher));
    }

    /** {@code mqtt.publisher}: the second connection's switch and login (docs/mqtt.md, Connection). */
    private MqttSettings.Publisher publisher(YamlSection login, Path directory) {
        boolean enabled = login.bool("enabled", true);
        Optional<String> username = login.text("username");
        Optional<String> password = password(login, directory, null);
        if (password.isPresent() && username.isEmpty()) {
            login.problem(login.has("password") ? "password" : "passwordFile", "a password needs a username");
        }
        login.rejectUnknownKeys();
        return new MqttSettings.Publisher(enabled, username, username.isPresent() ? password : Optional.empty());
    }

    /** @param environmentKey where the environment may give it instead, or null */
    private Optional<String> password(YamlSection section, Path directory, String environmentKey) {
        Optional<String> inline = section.text("password");
        Optional<Path> file = ConfigLoader.existingPath(section, "passwordFile", directory, false);
        if (inline.isPresent() && file.isPresent()) {
            section.problem("passwordFile", "set either password or passwordFile, not both");
        }
        String fromEnvironment = environmentKey == null ? null : environment.get(environmentKey);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(fromEnvironment);
        }
        if (file.isPresent() && Files.isReadable(file.get())) {
            try {
                String secret = Files.readString(file.get(), StandardCharsets.UTF_8).strip();
                if (secret.isEmpty()) {
                    section.problem("passwordFile", file.get() + " is empty");
                }
                return Optional.of(secret);
            } catch (IOException e) {
                section.problem("passwordFile", "cannot read " + file.get() + ": " + e.getMessage());
            }
        }
        return inline;
    }

    private static Optional<String> brokerUri(String text, YamlValue place, ProblemSink problems) {
        String expected = "expected a broker URI such as tcp://localhost:1883 or ssl://broker.lan:8883";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !List.of("tcp", "ssl", "ws", "wss").contains(scheme)) {
                problems.at(place, expected + " (scheme tcp, ssl, ws or wss), got '" + text + "'");
                return Optional.empty();
            }
            if (uri.getHost() == null) {
                problems.at(place, expected + " (with a host name), got '" + text + "'");
                return Optional.empty();
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                problems.at(place, "port must be from 1 to 65535, got " + uri.getPort());
                return Optional.empty();
            }
            return Optional.of(text);
        } catch (URISyntaxException bad) {
            problems.at(place, expected + ", got '" + text + "' (" + bad.getReason() + ")");
            return Optional.empty();
        }
    }

    private static void topicLevels(YamlSection section, String key, String topic) {
        if (topic.contains("+") || topic.contains("#")) {
            section.problem(key, "must not contain the MQTT wildcards '+' or '#', got '" + topic + "'");
        } else if (topic.startsWith("/") || topic.endsWith("/") || topic.contains("//")) {
            section.problem(key, "expected topic levels separated by single '/', without a leading or trailing "
                    + "'/', got '" + topic + "'");
        } else if (topic.getBytes(StandardCharsets.UTF_8).length > 128) {
            section.problem(key, "is longer than 128 bytes");
        }
    }
}
