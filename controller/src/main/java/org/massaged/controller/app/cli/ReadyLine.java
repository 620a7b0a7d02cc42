package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SerialTransport;

/**
 * The one line {@code massaged run} prints when it is ready: what it drives, where its broker and control socket
 * are, where it journals. In the foreground it goes to standard output (as JSON with {@code --json}); under
 * systemd only the log and the unit's status carry it, so that the system journal holds each fact once.
 */
record ReadyLine(String profile, boolean simulated, String device, Optional<String> broker, Optional<Path> socket,
                 Path journal, Optional<String> dashboard) {

    /** What actually runs: {@code simulated} when a simulator was started, whatever the configuration says. */
    static ReadyLine of(DaemonConfig config, DeviceProfile profile, boolean simulated, Optional<Path> socket) {
        return new ReadyLine(profile.id(), simulated, device(config, profile, simulated),
                config.mqtt().map(mqtt -> String.join(", ", mqtt.uris())), socket, config.journal(),
                dashboard(config.dashboard()));
    }

    /** The dashboard's address as configured ({@code http://127.0.0.1:8088/}), when it is on. */
    private static Optional<String> dashboard(DaemonConfig.Dashboard dashboard) {
        if (!dashboard.enabled()) {
            return Optional.empty();
        }
        String host = dashboard.bind().contains(":") ? "[" + dashboard.bind() + "]" : dashboard.bind();
        return Optional.of("http://" + host + ":" + dashboard.port() + "/");
    }

    /** Started by systemd: its journal collects standard output and the log already. */
    static boolean underSystemd(Map<String, String> environment) {
        return present(environment, "NOTIFY_SOCKET") || present(environment, "JOURNAL_STREAM");
    }

    private static boolean present(Map<String, String> environment, String name) {
        return environment.get(name) != null && !environment.get(name).isEmpty();
    }

    /** For the log and systemd's STATUS=. */
    String status() {
        return "ready: " + profile + (simulated ? " (simulated)" : "") + ", device " + device + ", broker "
                + broker.orElse("none") + ", control socket " + socket.map(Path::toString).orElse("off")
                + ", journal " + journal + dashboard.map(address -> ", dashboard " + address).orElse("");
    }

    /** For a person at a terminal. */
    String text() {
        return "massaged is " + status() + ". Ctrl-C stops it gently.";
    }

    ObjectNode json() {
        ObjectNode node = Output.object().put("event", "ready").put("profile", profile).put("simulated", simulated)
                .put("device", device).put("broker", broker.orElse(null))
                .put("socket", socket.map(Path::toString).orElse(null)).put("journal", journal.toString())
                .put("dashboard", dashboard.orElse(null));
        return node;
    }

    private static String device(DaemonConfig config, DeviceProfile profile, boolean simulated) {
        boolean gpio = profile.transport() instanceof GpioTransport;
        DaemonConfig.DeviceConnection connection = config.device();
        if (simulated) {
            boolean unused = connection.tcpHost().isPresent() || connection.serialPort().isPresent();
            return (gpio ? "the simulator's GPIO board" : "the simulator's microcontroller (over TCP)")
                    + (unused ? " (a simulation does not use the configuration's device settings)" : "");
        }
        if (connection.tcpHost().isPresent()) {
            return "the serial bridge at " + connection.tcpHost().get() + ":" + connection.tcpPort();
        }
        if (connection.serialPort().isPresent()) {
            return connection.serialPort().get();
        }
        if (profile.transport() instanceof SerialTransport serial) {
            return serial.port().orElseGet(() -> usbId(profile.identity()));
        }
        return gpio ? "GPIO" : profile.transport().toString();
    }

    private static String usbId(Identity identity) {
        if (identity.usbVendorId().isEmpty() || identity.usbProductId().isEmpty()) {
            return "the profile's serial port";
        }
        return String.format(Locale.ROOT, "the serial port with USB id %04x:%04x", identity.usbVendorId().getAsInt(),
                identity.usbProductId().getAsInt());
    }
}
