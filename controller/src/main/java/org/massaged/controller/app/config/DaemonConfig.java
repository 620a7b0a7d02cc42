package org.massaged.controller.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.massaged.controller.mqtt.MqttSettings;
import org.massaged.controller.safety.RemoteStartPolicy;

/**
 * The daemon's local configuration (one YAML file, /etc/massaged/config.yaml by default). Validated as a
 * whole before anything touches hardware.
 *
 * @param profile            a built-in profile id or a path to a profile YAML file
 * @param userOverride       an optional user-override file that narrows the profile's limits
 * @param programsDirectory  extra program files next to the built-in ones
 * @param allowHighIntensity levels above homeMax; only ever set here, never over MQTT (S2)
 * @param simulate           run against the built-in simulator instead of hardware
 * @param dailyDoseLimit     the day's vibration dose A(8) in m/s² no start may pass (docs/dose.md); empty: only shown
 */
public record DaemonConfig(
        String profile,
        Optional<Path> userOverride,
        Optional<Path> programsDirectory,
        String defaultProgram,
        DeviceConnection device,
        Optional<Mqtt> mqtt,
        Path journal,
        boolean allowHighIntensity,
        RemoteStartPolicy remoteStartPolicy,
        LocalControl localControl,
        int tickHz,
        boolean simulate,
        Dashboard dashboard,
        Optional<Double> dailyDoseLimit) {

    /** A configuration without a daily dose limit (the dose is only shown). */
    public DaemonConfig(String profile, Optional<Path> userOverride, Optional<Path> programsDirectory,
                        String defaultProgram, DeviceConnection device, Optional<Mqtt> mqtt, Path journal,
                        boolean allowHighIntensity, RemoteStartPolicy remoteStartPolicy, LocalControl localControl,
                        int tickHz, boolean simulate, Dashboard dashboard) {
        this(profile, userOverride, programsDirectory, defaultProgram, device, mqtt, journal, allowHighIntensity,
                remoteStartPolicy, localControl, tickHz, simulate, dashboard, Optional.empty());
    }

    /** A configuration without the dashboard (it is off unless configured). */
    public DaemonConfig(String profile, Optional<Path> userOverride, Optional<Path> programsDirectory,
                        String defaultProgram, DeviceConnection device, Optional<Mqtt> mqtt, Path journal,
                        boolean allowHighIntensity, RemoteStartPolicy remoteStartPolicy, LocalControl localControl,
                        int tickHz, boolean simulate) {
        this(profile, userOverride, programsDirectory, defaultProgram, device, mqtt, journal, allowHighIntensity,
                remoteStartPolicy, localControl, tickHz, simulate, Dashboard.off());
    }

    /** The same configuration with another MQTT section (the simulator's embedded broker, for instance). */
    public DaemonConfig withMqtt(Optional<Mqtt> replacement) {
        return new DaemonConfig(profile, userOverride, programsDirectory, defaultProgram, device, replacement, journal,
                allowHighIntensity, remoteStartPolicy, localControl, tickHz, simulate, dashboard, dailyDoseLimit);
    }

    /** The same configuration driving another profile (a built-in id or a file path). */
    public DaemonConfig withProfile(String replacement) {
        return new DaemonConfig(replacement, userOverride, programsDirectory, defaultProgram, device, mqtt, journal,
                allowHighIntensity, remoteStartPolicy, localControl, tickHz, simulate, dashboard, dailyDoseLimit);
    }

    /** The same configuration with the control socket somewhere else (the command line's {@code --socket}). */
    public DaemonConfig withSocket(Path socket) {
        return new DaemonConfig(profile, userOverride, programsDirectory, defaultProgram, device, mqtt, journal,
                allowHighIntensity, remoteStartPolicy, new LocalControl(localControl.enabled(), socket), tickHz,
                simulate, dashboard, dailyDoseLimit);
    }

    /** The same configuration with another dashboard section (tests, the simulator demo). */
    public DaemonConfig withDashboard(Dashboard replacement) {
        return new DaemonConfig(profile, userOverride, programsDirectory, defaultProgram, device, mqtt, journal,
                allowHighIntensity, remoteStartPolicy, localControl, tickHz, simulate, replacement, dailyDoseLimit);
    }

    /** How to reach the device: the profile's transport, or a TCP bridge (ser2net, the simulator). */
    public record DeviceConnection(Optional<String> serialPort, Optional<String> tcpHost, int tcpPort) {
        public static DeviceConnection fromProfile() {
            return new DeviceConnection(Optional.empty(), Optional.empty(), 0);
        }
    }

    /**
     * @param deviceId this massager's id on the broker (topics, client id, Home Assistant device); the
     *                 profile id when empty, so two chairs with the same profile need one each
     */
    public record Mqtt(List<String> uris, Optional<String> deviceId, Optional<String> topicRoot,
                       Optional<String> clientId,
                       Optional<String> username, Optional<String> password,
                       Optional<Path> caFile, Optional<Path> clientCertificate, Optional<Path> clientKey,
                       String discoveryPrefix, Duration commandMaxAge, Duration stateInterval,
                       MqttSettings.Publisher publisher) {
        public Mqtt {
            uris = List.copyOf(uris);
        }

        /** A broker without credentials or TLS, every other setting at its default (docs/configuration.md). */
        public static Mqtt plain(String uri) {
            return new Mqtt(List.of(uri), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), "homeassistant", Duration.ofSeconds(30),
                    Duration.ofSeconds(60), MqttSettings.Publisher.DEFAULT);
        }
    }

    /** The local-only channel the CLI uses (a Unix socket). */
    public record LocalControl(boolean enabled, Path socket) {}

    /**
     * The web dashboard (docs/dashboard.md).
     *
     * @param bind  the address it listens on: loopback unless configured, and then only with a token
     * @param port  its TCP port; 0 picks a free one (tests)
     * @param token the secret every request must carry; required unless {@code bind} is a loopback address
     */
    public record Dashboard(boolean enabled, String bind, int port, Optional<String> token) {
        public static final String LOOPBACK = "127.0.0.1";
        public static final int DEFAULT_PORT = 8088;

        public static Dashboard off() {
            return new Dashboard(false, LOOPBACK, DEFAULT_PORT, Optional.empty());
        }

        /**
         * Whether the dashboard listens beyond this machine (an address that is not loopback, or one that does not
         * resolve): its commands are then remote ones, under {@code remoteStart} like MQTT's (docs/dashboard.md).
         */
        public boolean reachableFromNetwork() {
            return !isLoopback(bind).orElse(false);
        }

        /** Whether {@code bind} is a loopback address; empty when it is not an address at all. */
        public static Optional<Boolean> isLoopback(String bind) {
            try {
                return Optional.of(java.net.InetAddress.getByName(bind).isLoopbackAddress());
            } catch (java.net.UnknownHostException unknown) {
                return Optional.empty();
            }
        }
    }
}
