package org.massaged.controller.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        boolean simulate) {

    /** How to reach the device: the profile's transport, or a TCP bridge (ser2net, the simulator). */
    public record DeviceConnection(Optional<String> serialPort, Optional<String> tcpHost, int tcpPort) {
        public static DeviceConnection fromProfile() {
            return new DeviceConnection(Optional.empty(), Optional.empty(), 0);
        }
    }

    public record Mqtt(List<String> uris, Optional<String> topicRoot, Optional<String> clientId,
                       Optional<String> username, Optional<String> password,
                       Optional<Path> caFile, Optional<Path> clientCertificate, Optional<Path> clientKey,
                       String discoveryPrefix, Duration commandMaxAge, Duration stateInterval) {}

    /** The local-only channel the CLI uses (a Unix socket). */
    public record LocalControl(boolean enabled, Path socket) {}
}
