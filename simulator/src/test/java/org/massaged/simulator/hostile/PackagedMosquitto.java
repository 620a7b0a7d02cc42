package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.massaged.controller.mqtt.MosquittoBroker;

/**
 * A Mosquitto configured as {@code packaging/mosquitto/} ships it — its settings, the ACL, a password file —
 * on a free port of the test, with a login for each given user (password: the user name + {@code -secret}).
 */
final class PackagedMosquitto {

    private static final Path PACKAGING = Path.of("..", "packaging", "mosquitto");

    private PackagedMosquitto() {}

    /** The packaged settings, without those that name the host's files or its port. */
    static List<String> settings() throws IOException {
        return Files.readAllLines(PACKAGING.resolve("massaged.conf")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .filter(line -> !line.startsWith("listener") && !line.startsWith("password_file")
                        && !line.startsWith("acl_file") && !line.startsWith("per_listener_settings"))
                .toList();
    }

    static MosquittoBroker start(Path directory, String... users) throws Exception {
        Path secrets = Files.createDirectories(directory.resolve("mosquitto"));
        Path passwords = secrets.resolve("passwd");
        for (String user : users) {
            List<String> command = new ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwords)) {
                command.add(1, "-c");
            }
            command.addAll(List.of(passwords.toString(), user, user + "-secret"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor()).as(new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8)).isZero();
        }
        Path acl = secrets.resolve("massaged.acl");
        Files.copy(PACKAGING.resolve("massaged.acl"), acl);
        for (Path path : List.of(directory, secrets, passwords, acl)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        List<String> config = new ArrayList<>(settings());
        config.add("password_file " + passwords);
        config.add("acl_file " + acl);
        MosquittoBroker broker = new MosquittoBroker(directory, "tcp", config);
        broker.start();
        return broker;
    }

    static MqttConnectionOptions login(String user) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword((user + "-secret").getBytes(StandardCharsets.UTF_8));
        return options;
    }

    /** The daemon's {@code mqtt:} lines for logging in as {@code user}. */
    static String daemonLogin(Path directory, String user) throws IOException {
        Path password = directory.resolve(user + ".password");
        Files.writeString(password, user + "-secret\n");
        return "  username: " + user + "\n  passwordFile: " + password + "\n";
    }
}
