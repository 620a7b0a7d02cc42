package org.massaged.controller.app.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.local.LocalControlServer;
import org.massaged.controller.mqtt.TlsSockets;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;

/**
 * The checks behind {@code massaged doctor}: each says what it found and, when something is wrong, what to
 * do. {@code root} is "/" on a real system; tests point it at a directory laid out like one.
 */
final class Doctor {

    enum Status { OK, WARN, FAIL, SKIP }

    record Check(String name, Status status, String detail, String fix) {}

    private final ConfigLoader loader;
    private final Assembly assembly;
    private final Path configFile;
    private final Path root;
    private final int brokerTimeoutSeconds;

    Doctor(ConfigLoader loader, Assembly assembly, Path configFile, Path root, int brokerTimeoutSeconds) {
        this.loader = loader;
        this.assembly = assembly;
        this.configFile = configFile;
        this.root = root;
        this.brokerTimeoutSeconds = brokerTimeoutSeconds;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        Optional<DaemonConfig> config = config(checks);
        if (config.isEmpty()) {
            for (String name : List.of("profile", "serial port", "pwm", "gpio", "broker", "journal")) {
                checks.add(new Check(name, Status.SKIP, "not checked: the configuration is invalid", ""));
            }
            return checks;
        }
        Optional<DeviceProfile> profile = profile(config.get(), checks);
        hardware(config.get(), profile, checks);
        checks.add(broker(config.get()));
        checks.add(journal(config.get()));
        return checks;
    }

    private Optional<DaemonConfig> config(List<Check> checks) {
        try {
            DaemonConfig config = loader.load(configFile);
            checks.add(new Check("config", Status.OK, configFile + " is valid (profile " + config.profile() + ")", ""));
            return Optional.of(config);
        } catch (ConfigException invalid) {
            String fix;
            if (!Files.exists(configFile)) {
                fix = "Create it from the example, then name your massager in it (profile:): sudo install -m 640 "
                        + "-g massaged /usr/share/massaged/config.example.yaml " + configFile + " && sudoedit "
                        + configFile + ".";
            } else if (!Files.isReadable(configFile)) {
                fix = "Check it as the daemon does: sudo -u massaged massaged doctor.";
            } else {
                fix = "Correct the lines named above; every setting is described in docs/configuration.md "
                        + "(/usr/share/doc/massaged/configuration.md).";
            }
            checks.add(new Check("config", Status.FAIL, invalid.getMessage(), fix));
            return Optional.empty();
        }
    }

    private Optional<DeviceProfile> profile(DaemonConfig config, List<Check> checks) {
        try {
            DeviceProfile profile = assembly.profile(config);
            checks.add(new Check("profile", Status.OK, profile.id() + " (" + profile.name() + ")"
                    + config.userOverride().map(override -> ", narrowed by " + override).orElse(""), ""));
            return Optional.of(profile);
        } catch (Exception invalid) {
            String message = String.valueOf(invalid.getMessage());
            Optional<Path> override = config.userOverride().filter(file -> message.contains(file.toString()));
            String fix = override.map(file -> "Fix the user-override file, or remove userOverride: check it with "
                            + "'massaged profiles validate " + file + "'.")
                    .orElse(config.profile().contains("/") || config.profile().endsWith(".yaml")
                            ? "Fix the profile file: check it with 'massaged profiles validate " + config.profile() + "'."
                            : "Name a built-in profile ('massaged profiles list') or a profile file.");
            checks.add(new Check("profile", Status.FAIL, message, fix));
            return Optional.empty();
        }
    }

    /** Only what this massager needs: a serial port, or PWM and GPIO; nothing for a simulation. */
    private void hardware(DaemonConfig config, Optional<DeviceProfile> profile, List<Check> checks) {
        List<String> names = List.of("serial port", "pwm", "gpio");
        if (config.simulate()) {
            names.forEach(name -> checks.add(new Check(name, Status.SKIP,
                    "not needed: simulate: true drives the simulator, not hardware", "")));
            return;
        }
        if (profile.isEmpty()) {
            names.forEach(name -> checks.add(new Check(name, Status.SKIP, "not checked: the profile is unusable", "")));
            return;
        }
        if (profile.get().transport() instanceof GpioTransport) {
            checks.add(new Check("serial port", Status.SKIP, "not needed: " + profile.get().id()
                    + " is a GPIO profile", ""));
            checks.add(pwm());
            checks.add(gpio());
            return;
        }
        checks.add(device(config));
        String serial = "not needed: " + profile.get().id() + " is a serial profile";
        checks.add(new Check("pwm", Status.SKIP, serial, ""));
        checks.add(new Check("gpio", Status.SKIP, serial, ""));
    }

    static Check java() {
        Runtime.Version version = Runtime.version();
        String detail = "Java " + version + " (" + System.getProperty("java.vm.name") + ")";
        if (version.feature() < 17) {
            return new Check("java", Status.FAIL, detail, "massaged needs Java 17 or later: "
                    + "sudo apt install openjdk-17-jre-headless");
        }
        return new Check("java", Status.OK, detail, "");
    }

    private Check device(DaemonConfig config) {
        DaemonConfig.DeviceConnection device = config.device();
        if (device.tcpHost().isPresent()) {
            String where = device.tcpHost().get() + ":" + device.tcpPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(device.tcpHost().get(), device.tcpPort()), 2000);
                return new Check("serial port", Status.OK, "the serial bridge at " + where + " accepts connections", "");
            } catch (IOException e) {
                return new Check("serial port", Status.FAIL, "cannot connect to the serial bridge at " + where + ": "
                        + e.getMessage(), "Is the bridge (ser2net, the simulator) running? Check device.tcp.");
            }
        }
        if (device.serialPort().isPresent()) {
            return serialPort(inRoot(device.serialPort().get()));
        }
        List<Path> candidates = new ArrayList<>();
        candidates.addAll(list(inRoot("/dev/serial/by-id"), "*"));
        candidates.addAll(list(inRoot("/dev"), "ttyUSB*"));
        candidates.addAll(list(inRoot("/dev"), "ttyACM*"));
        if (candidates.isEmpty()) {
            return new Check("serial port", Status.WARN, "no USB serial device found (/dev/serial/by-id, /dev/ttyUSB*, "
                    + "/dev/ttyACM*)", "Plug the massager in and check 'dmesg | tail'.");
        }
        return new Check("serial port", Status.OK, "found " + candidates.stream().map(this::display).toList()
                + "; the profile picks its port (or set device.serialPort)", "");
    }

    private Check serialPort(Path port) {
        if (!Files.exists(port)) {
            return new Check("serial port", Status.FAIL, display(port) + " does not exist",
                    "Plug the massager in, or correct device.serialPort; 'ls -l /dev/serial/by-id' lists what is "
                            + "connected and stays stable across reboots.");
        }
        if (!Files.isReadable(port) || !Files.isWritable(port)) {
            return new Check("serial port", Status.FAIL, display(port) + " exists but " + user()
                    + " cannot read and write it" + group(port),
                    "The daemon's user must be in the port's group: sudo usermod -aG dialout massaged "
                            + "(the Debian package does this), then restart massaged.");
        }
        return new Check("serial port", Status.OK, display(port) + " is readable and writable by " + user(), "");
    }

    private Check pwm() {
        Path pwm = inRoot("/sys/class/pwm");
        List<Path> chips = list(pwm, "pwmchip*");
        if (chips.isEmpty()) {
            return new Check("pwm", Status.FAIL, "no hardware PWM (" + display(pwm) + " has no pwmchip)",
                    "Add 'dtoverlay=pwm,pin=12,func=4' (the PWM pin the profile names; docs/wiring.md) to "
                            + "/boot/firmware/config.txt and reboot.");
        }
        return new Check("pwm", Status.OK, "hardware PWM present: " + chips.stream().map(this::display).toList(), "");
    }

    private Check gpio() {
        List<Path> chips = list(inRoot("/dev"), "gpiochip*");
        if (chips.isEmpty()) {
            return new Check("gpio", Status.FAIL, "no /dev/gpiochip*", "On a Raspberry Pi it exists unless the kernel "
                    + "lacks GPIO support; a GPIO profile needs a Raspberry Pi (or another board with gpiochip).");
        }
        for (Path chip : chips) {
            if (!Files.isReadable(chip) || !Files.isWritable(chip)) {
                return new Check("gpio", Status.FAIL, display(chip) + " is not readable and writable by " + user()
                        + group(chip), "The daemon's user must be in group gpio: sudo usermod -aG gpio massaged "
                        + "(the Debian package does this), then restart massaged.");
            }
        }
        return new Check("gpio", Status.OK, chips.stream().map(this::display).toList() + " usable by " + user(), "");
    }

    private Check broker(DaemonConfig config) {
        if (config.mqtt().isEmpty()) {
            return new Check("broker", Status.SKIP, "no broker configured: local control only", "");
        }
        DaemonConfig.Mqtt mqtt = config.mqtt().get();
        Optional<String> login = mqtt.username().or(() -> mqtt.publisher().username());
        if (login.isPresent() && daemonRunning(config)) {
            return new Check("broker", Status.SKIP, "not checked: the daemon is running, logged in as '"
                    + login.get() + "', and a second connection with that login would take the daemon's "
                    + "over on a broker that binds client ids to logins (the packaged Mosquitto)",
                    "To check the login, stop the daemon first (systemctl stop massaged); meanwhile its log says "
                    + "whether it is connected (journalctl -u massaged | grep mqtt).");
        }
        List<String> failures = new ArrayList<>();
        for (String uri : mqtt.uris()) {
            Optional<String> failure = tryBroker(uri, mqtt, mqtt.username(), mqtt.password());
            if (failure.isEmpty()) {
                return publisherLogin(uri, mqtt, "connected to " + uri
                        + mqtt.username().map(user -> " as '" + user + "'").orElse(" without credentials"));
            }
            failures.add(uri + ": " + failure.get());
        }
        return new Check("broker", Status.FAIL, String.join("; ", failures), brokerFix(failures));
    }

    /**
     * The publisher's own login, when the daemon would use one (docs/mqtt.md, Connection), on the broker that took
     * the daemon's.
     */
    private Check publisherLogin(String uri, DaemonConfig.Mqtt mqtt, String connected) {
        Optional<String> user = mqtt.publisher().username().filter(name -> mqtt.publisher().enabled());
        if (user.isEmpty()) {
            return new Check("broker", Status.OK, connected, "");
        }
        Optional<String> failure = tryBroker(uri, mqtt, user, mqtt.publisher().password());
        if (failure.isPresent()) {
            return new Check("broker", Status.WARN, connected + ", but the publisher's login '" + user.get()
                    + "' failed: " + failure.get(), "Check mqtt.publisher.username and its password "
                    + "(mqtt.publisher.passwordFile or mqtt.publisher.password) against the broker's users "
                    + "(mosquitto_passwd). Until it logs in, the daemon sends everything through one connection.");
        }
        return new Check("broker", Status.OK, connected + ", the publisher as '" + user.get() + "'", "");
    }

    /** Whether a daemon answers on the configured control socket (the daemon this configuration runs). */
    private static boolean daemonRunning(DaemonConfig config) {
        return config.localControl().enabled() && LocalControlServer.answers(config.localControl().socket());
    }

    private Optional<String> tryBroker(String uri, DaemonConfig.Mqtt mqtt, Optional<String> username,
                                       Optional<String> password) {
        MqttClient client = null;
        try {
            client = new MqttClient(uri, clientId(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(brokerTimeoutSeconds);
            username.ifPresent(options::setUserName);
            password.ifPresent(secret -> options.setPassword(secret.getBytes(StandardCharsets.UTF_8)));
            if (uri.startsWith("ssl://") || uri.startsWith("wss://")) {
                options.setSocketFactory(TlsSockets.socketFactory(mqtt.caFile(), mqtt.clientCertificate(),
                        mqtt.clientKey()));
            }
            client.connect(options);
            client.disconnect();
            return Optional.empty();
        } catch (MqttException e) {
            return Optional.of(explain(e));
        } catch (Exception e) {
            return Optional.of(e.getMessage());
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException ignored) {
                    // already closed
                }
            }
        }
    }

    /**
     * A client id of its own for each check (23 characters, the most every broker accepts): doctors on two Pis of a
     * spa, whose process ids may well be equal, must not take each other's connection over.
     */
    private static String clientId() {
        String random = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36
                * 36 * 36 * 36), 36);
        return "massaged-doctor-" + "0".repeat(7 - random.length()) + random;
    }

    private static String explain(MqttException e) {
        int code = e.getReasonCode();
        if (code == 134 || code == 4) {
            return "bad user name or password (reason " + code + ")";
        }
        if (code == 135 || code == 5) {
            return "not authorized (reason " + code + ")";
        }
        Throwable cause = e.getCause();
        return (cause != null && cause.getMessage() != null ? cause.getClass().getSimpleName() + ": "
                + cause.getMessage() : e.getMessage()) + " (reason " + code + ")";
    }

    private static String brokerFix(List<String> failures) {
        String all = String.join(" ", failures);
        if (all.contains("password") || all.contains("authorized")) {
            return "Check mqtt.username and the password (" + ConfigLoader.ENV_MQTT_PASSWORD
                    + ", mqtt.passwordFile or mqtt.password) against the broker's users (mosquitto_passwd).";
        }
        return "Is the broker running and reachable from here? 'systemctl status mosquitto'; check mqtt.broker "
                + "(host, port, tcp:// or ssl://) and any firewall.";
    }

    private Check journal(DaemonConfig config) {
        Path journal = inRoot(config.journal().toString());
        String fix = "The daemon's user must be able to write it. The package makes /var/lib/massaged for it; "
                + "for another place: sudo install -d -o massaged -g massaged -m 750 " + display(journal.getParent())
                + " (and check as the daemon: sudo -u massaged massaged doctor).";
        if (Files.exists(journal)) {
            if (!Files.isRegularFile(journal) || !Files.isWritable(journal)) {
                return new Check("journal", Status.FAIL, display(journal) + " is not a file writable by " + user(), fix);
            }
            return new Check("journal", Status.OK, display(journal) + " is writable by " + user(), "");
        }
        Path directory = journal.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return new Check("journal", Status.FAIL, "the journal's directory " + display(directory) + " does not exist",
                    fix);
        }
        if (!Files.isWritable(directory)) {
            return new Check("journal", Status.FAIL, display(directory) + " is not writable by " + user(), fix);
        }
        return new Check("journal", Status.OK, display(journal) + " will be created in a writable directory", "");
    }

    private Path inRoot(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    private String display(Path path) {
        if (path == null) {
            return "(none)";
        }
        return path.startsWith(root) && !root.toString().equals("/") ? "/" + root.relativize(path) : path.toString();
    }

    private static List<Path> list(Path directory, String glob) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, glob)) {
            entries.forEach(found::add);
        } catch (IOException ignored) {
            // unreadable: reported as not found
        }
        found.sort(null);
        return found;
    }

    private static String user() {
        return "user '" + System.getProperty("user.name") + "'";
    }

    private static String group(Path path) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
            return " (owner " + attributes.owner().getName() + ", group " + attributes.group().getName() + ", "
                    + java.nio.file.attribute.PosixFilePermissions.toString(attributes.permissions()) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

}
