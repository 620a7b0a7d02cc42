package org.massaged.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * A {@link Mosquitto} configured by a file the project ships ({@code packaging/mosquitto/massaged.conf}, the fleet
 * examples): the file's settings as shipped, but for those that name the host's files, port, certificates and peers,
 * which the test gives; the shipped ACL beside it, and a login for each user (password: the user name +
 * {@code -secret}).
 */
public final class ShippedMosquitto {

    private ShippedMosquitto() {}

    /**
     * Starts a broker from {@code conf} with the ACL {@code acl}, every line of both passed through {@code rewrite}
     * first; {@code replaced} gives settings their test values (by the setting's name), {@code null} leaves one out.
     */
    public static Mosquitto start(Path directory, Path conf, Path acl, UnaryOperator<String> rewrite,
                                  Map<String, String> replaced, List<String> users) throws Exception {
        Path secrets = directory.resolve("secrets");
        Path passwords = Logins.passwordFile(directory, secrets, users);
        Path aclFile = secrets.resolve(acl.getFileName());
        Files.writeString(aclFile, rewrite.apply(Files.readString(acl)));
        Logins.readableByAll(aclFile);
        List<String> general = new ArrayList<>();
        List<String> bridge = new ArrayList<>();
        for (String line : Files.readAllLines(conf)) {
            String setting = rewrite.apply(line.strip());
            if (setting.isEmpty() || setting.startsWith("#")) {
                continue;
            }
            String name = setting.split("\\s+", 2)[0];
            List<String> section = bridge.isEmpty() && !name.equals("connection") ? general : bridge;
            if (!replaced.containsKey(name)) {
                section.add(setting);
            } else if (replaced.get(name) != null) {
                section.add(name + " " + replaced.get(name));
            }
        }
        general.add("password_file " + passwords);
        general.add("acl_file " + aclFile);
        List<String> settings = new ArrayList<>(general);
        settings.addAll(bridge);
        Mosquitto broker = new Mosquitto(directory, "tcp", settings);
        broker.start();
        return broker;
    }

    /** The settings every start leaves out or replaces: the listener's own, and the file paths the test gives. */
    public static Map<String, String> local() {
        Map<String, String> replaced = new HashMap<>();
        for (String name : List.of("per_listener_settings", "listener", "certfile", "keyfile", "password_file",
                "acl_file", "bridge_cafile")) {
            replaced.put(name, null);
        }
        return replaced;
    }

    public static MqttConnectionOptions login(String user) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword((user + "-secret").getBytes(StandardCharsets.UTF_8));
        return options;
    }

    /** A daemon's {@code mqtt:} lines for logging in as {@code user}. */
    public static String daemonLogin(Path directory, String user) throws IOException {
        Files.createDirectories(directory);
        Path password = directory.resolve(user + ".password");
        Files.writeString(password, user + "-secret\n");
        return "  username: " + user + "\n  passwordFile: " + password + "\n";
    }
}
