package org.massaged.controller.mqtt;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the MQTT bridge needs to know, already validated. The daemon's YAML config is mapped onto
 * this by the app layer; {@link #builder(String, List)} gives the documented defaults (docs/mqtt.md).
 *
 * @param brokerUris             one or more of {@code tcp://host:1883}, {@code ssl://host:8883}; tried in order (failover)
 * @param deviceId               the daemon instance's id: names the topic root, the client id and the HA device
 * @param topicRoot              default {@code massaged/<deviceId>}; no wildcards, no leading or trailing slash
 * @param clientId               default {@code massaged-<deviceId>}
 * @param caFile                 PEM file of the CA(s) that signed the broker's certificate (TLS)
 * @param clientCertFile         PEM client certificate (mutual TLS), needs {@code clientKeyFile}
 * @param clientKeyFile          PEM PKCS#8 private key, unencrypted
 * @param discoveryEnabled       publish Home Assistant discovery
 * @param discoveryPrefix        default {@code homeassistant}
 * @param commandMaxAge          a command whose {@code issued_at} is older than this is rejected (S7)
 * @param payloadLimitBytes      a command payload longer than this is rejected unread
 * @param stateHeartbeat         the retained state is re-published at least this often
 * @param stateMinInterval       changes that are not phase/step/fault changes are published at most this often
 * @param willDelay              MQTT 5 will delay: a reconnect within it does not flap availability
 * @param allowMqtt311Fallback   connect with MQTT 3.1.1 when the broker refuses MQTT 5
 * @param allowHighIntensity     the local config's choice; without it no MQTT level exceeds homeMax (S2)
 * @param connectBackoffInitial  first retry delay after a failed connect or a lost connection
 * @param connectBackoffMax      the retry delay doubles up to this
 * @param birthRepublishMaxDelay after Home Assistant's birth message, re-publish after a random delay up to this
 * @param keepAlive              MQTT keep-alive
 * @param commandChannelTimeout  a session started over MQTT ends gently when no command could reach the daemon
 *                               for this long (its own probe did not come back): nobody could stop it from there
 * @param startMaxAge            a start or resume must carry an {@code issued_at} at most this far from now
 *                               either way: a will or a held message never sets the massager moving
 * @param takeoverBackoff        after another client took the connection over with the daemon's client id, the
 *                               first wait before connecting again (doubling on each repeat, up to 15 minutes)
 * @param publisher              the second connection, which carries what the daemon publishes (see {@link Publisher})
 */
public record MqttSettings(
        List<String> brokerUris,
        String deviceId,
        String topicRoot,
        String clientId,
        Optional<String> username,
        Optional<String> password,
        Optional<Path> caFile,
        Optional<Path> clientCertFile,
        Optional<Path> clientKeyFile,
        boolean discoveryEnabled,
        String discoveryPrefix,
        Duration commandMaxAge,
        int payloadLimitBytes,
        Duration stateHeartbeat,
        Duration stateMinInterval,
        Duration willDelay,
        boolean allowMqtt311Fallback,
        boolean allowHighIntensity,
        Duration connectBackoffInitial,
        Duration connectBackoffMax,
        Duration birthRepublishMaxDelay,
        Duration keepAlive,
        Duration commandChannelTimeout,
        Duration startMaxAge,
        Duration takeoverBackoff,
        Publisher publisher) {

    /**
     * The daemon's second connection, the publisher: state, link, discovery, answers and events go out through
     * it while it is up, so that nothing the broker has still to read from the command connection (one
     * acknowledgement per arriving message: a flood's worth) stands in front of them (docs/mqtt.md, Connection).
     * It needs a login of its own when the daemon has one: a broker that binds client ids to logins lets one login
     * hold one connection.
     *
     * @param enabled  whether to open it at all
     * @param username its login; without it, used only when the command connection has no login either
     * @param password its password
     */
    public record Publisher(boolean enabled, Optional<String> username, Optional<String> password) {
        public static final Publisher DEFAULT = new Publisher(true, Optional.empty(), Optional.empty());

        public Publisher {
            Objects.requireNonNull(username, "publisher.username");
            Objects.requireNonNull(password, "publisher.password");
            if (password.isPresent() && username.isEmpty()) {
                throw invalid("publisher.password", "a publisher.username as well");
            }
        }
    }

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final List<String> SCHEMES = List.of("tcp", "ssl", "ws", "wss");
    private static final int PACKET_OVERHEAD_BYTES = 16 * 1024;

    public MqttSettings {
        Objects.requireNonNull(brokerUris, "mqtt.broker");
        if (brokerUris.isEmpty()) {
            throw invalid("broker", "at least one broker URI such as tcp://localhost:1883");
        }
        brokerUris = List.copyOf(brokerUris);
        for (String uri : brokerUris) {
            checkBrokerUri(uri);
        }
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw invalid("deviceId", "1 to 64 of A-Z a-z 0-9 _ - (it names topics and the Home Assistant device), got '"
                    + deviceId + "'");
        }
        checkTopicPrefix("topicRoot", topicRoot);
        checkTopicPrefix("discoveryPrefix", discoveryPrefix);
        if (clientId == null || clientId.isBlank() || clientId.length() > 128) {
            throw invalid("clientId", "a non-empty id of at most 128 characters");
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (password.isPresent() && username.isEmpty()) {
            throw invalid("password", "a username as well");
        }
        Objects.requireNonNull(caFile, "tls.caFile");
        Objects.requireNonNull(clientCertFile, "tls.clientCertificate");
        Objects.requireNonNull(clientKeyFile, "tls.clientKey");
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw invalid("tls.clientCertificate", "client_cert and client_key together, or neither");
        }
        positive("commandMaxAge", commandMaxAge);
        if (payloadLimitBytes < 64 || payloadLimitBytes > 1_048_576) {
            throw invalid("payloadLimit", "64 to 1048576 bytes, got " + payloadLimitBytes);
        }
        positive("stateInterval", stateHeartbeat);
        Objects.requireNonNull(stateMinInterval, "stateMinInterval");
        Objects.requireNonNull(willDelay, "willDelay");
        positive("connectBackoffInitial", connectBackoffInitial);
        positive("connectBackoffMax", connectBackoffMax);
        Objects.requireNonNull(birthRepublishMaxDelay, "birthRepublishMaxDelay");
        positive("keepAlive", keepAlive);
        positive("commandChannelTimeout", commandChannelTimeout);
        positive("startMaxAge", startMaxAge);
        positive("takeoverBackoff", takeoverBackoff);
        Objects.requireNonNull(publisher, "publisher");
    }

    /** Whether the daemon opens its publisher connection: enabled, and with a login of its own if it needs one. */
    public boolean usesPublisher() {
        return publisher.enabled() && (username.isEmpty() || publisher.username().isPresent());
    }

    /** The publisher's client id (a broker that binds client ids to logins uses its login instead). */
    public String publisherClientId() {
        return clientId + "-publisher";
    }

    public static Builder builder(String deviceId, List<String> brokerUris) {
        return new Builder(deviceId, brokerUris);
    }

    /**
     * The MQTT 5 Maximum Packet Size the daemon announces on CONNECT: a payload at the limit plus room for its
     * topic and properties. The broker never sends the daemon a larger packet (it drops it), so nothing large is
     * ever read into memory; a payload between the two limits is answered {@code payload-too-large}.
     */
    public int maximumPacketBytes() {
        return payloadLimitBytes + PACKET_OVERHEAD_BYTES;
    }

    /** How often the daemon sends itself a probe through the broker: six chances per {@link #commandChannelTimeout}. */
    public Duration probeInterval() {
        return commandChannelTimeout.dividedBy(6);
    }

    public boolean usesTls() {
        return caFile.isPresent() || clientCertFile.isPresent()
                || brokerUris.stream().anyMatch(uri -> uri.startsWith("ssl:") || uri.startsWith("wss:"));
    }

    private static void checkBrokerUri(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme()) || parsed.getHost() == null) {
                throw invalid("broker", "URIs like tcp://host:1883 or ssl://host:8883 (schemes " + SCHEMES
                        + "), got '" + uri + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw invalid("broker", "a valid URI, got '" + uri + "': " + e.getMessage());
        }
    }

    private static void checkTopicPrefix(String field, String topic) {
        if (topic == null || topic.isEmpty() || topic.startsWith("/") || topic.endsWith("/")
                || topic.contains("+") || topic.contains("#") || topic.contains("\u0000") || topic.contains("//")) {
            throw invalid(field, "a topic without wildcards (+ #), empty levels or leading/trailing '/', got '"
                    + topic + "'");
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(field, "a positive duration, got " + value);
        }
    }

    private static IllegalArgumentException invalid(String field, String expected) {
        return new IllegalArgumentException("mqtt." + field + ": expected " + expected);
    }

    /** Documented defaults; every setter names the config field it maps. */
    public static final class Builder {
        private final List<String> brokerUris;
        private final String deviceId;
        private String topicRoot;
        private String clientId;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private Optional<Path> caFile = Optional.empty();
        private Optional<Path> clientCertFile = Optional.empty();
        private Optional<Path> clientKeyFile = Optional.empty();
        private boolean discoveryEnabled = true;
        private String discoveryPrefix = "homeassistant";
        private Duration commandMaxAge = Duration.ofSeconds(30);
        private int payloadLimitBytes = 4096;
        private Duration stateHeartbeat = Duration.ofSeconds(60);
        private Duration stateMinInterval = Duration.ofSeconds(1);
        private Duration willDelay = Duration.ofSeconds(10);
        private boolean allowMqtt311Fallback = true;
        private boolean allowHighIntensity;
        private Duration connectBackoffInitial = Duration.ofSeconds(1);
        private Duration connectBackoffMax = Duration.ofSeconds(60);
        private Duration birthRepublishMaxDelay = Duration.ofSeconds(5);
        private Duration keepAlive = Duration.ofSeconds(30);
        private Duration commandChannelTimeout = Duration.ofSeconds(30);
        private Duration startMaxAge = Duration.ofSeconds(5);
        private Duration takeoverBackoff = Duration.ofSeconds(60);
        private Publisher publisher = Publisher.DEFAULT;

        private Builder(String deviceId, List<String> brokerUris) {
            this.deviceId = deviceId;
            this.brokerUris = new ArrayList<>(brokerUris);
        }

        public Builder topicRoot(String value) { this.topicRoot = value; return this; }
        public Builder clientId(String value) { this.clientId = value; return this; }
        public Builder username(String value) { this.username = Optional.ofNullable(value); return this; }
        public Builder password(String value) { this.password = Optional.ofNullable(value); return this; }
        public Builder caFile(Path value) { this.caFile = Optional.ofNullable(value); return this; }
        public Builder clientCertFile(Path value) { this.clientCertFile = Optional.ofNullable(value); return this; }
        public Builder clientKeyFile(Path value) { this.clientKeyFile = Optional.ofNullable(value); return this; }
        public Builder discoveryEnabled(boolean value) { this.discoveryEnabled = value; return this; }
        public Builder discoveryPrefix(String value) { this.discoveryPrefix = value; return this; }
        public Builder commandMaxAge(Duration value) { this.commandMaxAge = value; return this; }
        public Builder payloadLimitBytes(int value) { this.payloadLimitBytes = value; return this; }
        public Builder stateHeartbeat(Duration value) { this.stateHeartbeat = value; return this; }
        public Builder stateMinInterval(Duration value) { this.stateMinInterval = value; return this; }
        public Builder willDelay(Duration value) { this.willDelay = value; return this; }
        public Builder allowMqtt311Fallback(boolean value) { this.allowMqtt311Fallback = value; return this; }
        public Builder allowHighIntensity(boolean value) { this.allowHighIntensity = value; return this; }
        public Builder connectBackoffInitial(Duration value) { this.connectBackoffInitial = value; return this; }
        public Builder connectBackoffMax(Duration value) { this.connectBackoffMax = value; return this; }
        public Builder birthRepublishMaxDelay(Duration value) { this.birthRepublishMaxDelay = value; return this; }
        public Builder keepAlive(Duration value) { this.keepAlive = value; return this; }
        public Builder commandChannelTimeout(Duration value) { this.commandChannelTimeout = value; return this; }
        public Builder startMaxAge(Duration value) { this.startMaxAge = value; return this; }
        public Builder takeoverBackoff(Duration value) { this.takeoverBackoff = value; return this; }
        public Builder publisher(Publisher value) { this.publisher = value; return this; }

        public MqttSettings build() {
            return new MqttSettings(brokerUris, deviceId,
                    topicRoot != null ? topicRoot : "massaged/" + deviceId,
                    clientId != null ? clientId : "massaged-" + deviceId,
                    username, password, caFile, clientCertFile, clientKeyFile, discoveryEnabled, discoveryPrefix,
                    commandMaxAge, payloadLimitBytes, stateHeartbeat, stateMinInterval, willDelay,
                    allowMqtt311Fallback, allowHighIntensity, connectBackoffInitial, connectBackoffMax,
                    birthRepublishMaxDelay, keepAlive, commandChannelTimeout, startMaxAge, takeoverBackoff,
                    publisher);
        }
    }
}
