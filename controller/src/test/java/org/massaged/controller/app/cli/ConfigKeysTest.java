package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.systemd.ControlledStop;
import org.massaged.controller.web.Dashboard;

/**
 * No setting is read and silently ignored. Every key docs/configuration.md or the example configuration names is
 * one the loader takes, every key the loader takes is documented, and setting each one changes what
 * {@code massaged run} does (what it assembles, drives, journals, listens on or publishes as), or is refused.
 */
class ConfigKeysTest {

    private static final Path DOCS = Path.of("../docs/configuration.md");
    private static final Path EXAMPLE = Path.of("../packaging/config.example.yaml");
    private static final Path CA = Path.of("src/test/resources/config/valid/ca.pem").toAbsolutePath();
    private static final Path PASSWORD = Path.of("src/test/resources/config/valid/mqtt-password").toAbsolutePath();

    @TempDir
    Path directory;

    private String closedBroker;
    private int closedPort;

    @BeforeEach
    void closedPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        closedBroker = "tcp://127.0.0.1:" + closedPort;
    }

    /** How to set a key to something other than its default: the lines for it, and what both runs share. */
    private record Probe(String context, String setting) {}

    private Map<String, Probe> probes() throws Exception {
        Path override = Files.writeString(directory.resolve("override.yaml"),
                "version: 1\nprofile: body-massager-serial\nzones:\n  back: {homeMax: 4}\n");
        Path programs = Files.createDirectories(directory.resolve("programs"));
        Files.writeString(programs.resolve("short.yaml"), "version: 1\nid: short\nname: Short\nsteps:\n"
                + "  - {technique: kneading, zones: [both], intensity: 0.5, share: 0.8}\n"
                + "  - {technique: long-slow-stroke, zones: [both], intensity: 0.5, share: 0.2}\n");
        String mqtt = "mqtt:\n  broker: " + closedBroker + "\n";
        String tls = "mqtt:\n  broker: ssl://127.0.0.1:" + closedPort + "\n";
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("profile", new Probe("", "profile: lumbar-duo-serial\n"));
        probes.put("userOverride", new Probe("", "userOverride: " + override + "\n"));
        probes.put("programsDirectory", new Probe("", "programsDirectory: " + programs + "\n"));
        probes.put("defaultProgram", new Probe("", "defaultProgram: knots\n"));
        probes.put("allowHighIntensity", new Probe("", "allowHighIntensity: true\n"));
        probes.put("remoteStart", new Probe("", "remoteStart: disabled\n"));
        probes.put("tickHz", new Probe("", "tickHz: 20\n"));
        probes.put("dailyDoseLimit", new Probe("", "dailyDoseLimit: 0.5\n"));
        probes.put("simulate", new Probe("", "simulate: true\n"));
        probes.put("journal", new Probe("", "journal: other-journal.jsonl\n"));
        probes.put("device", new Probe("", "device:\n  serialPort: /dev/ttyNOPE\n"));
        probes.put("device.serialPort", new Probe("", "device:\n  serialPort: /dev/ttyNOPE\n"));
        probes.put("device.tcp", new Probe("", "device:\n  tcp:\n    host: 127.0.0.1\n    port: " + closedPort + "\n"));
        probes.put("device.tcp.host", new Probe("", "device:\n  tcp:\n    host: localhost\n    port: " + closedPort + "\n"));
        probes.put("device.tcp.port", probes.get("device.tcp"));
        probes.put("mqtt", new Probe("", mqtt));
        probes.put("mqtt.enabled", new Probe(mqtt, "  enabled: false\n"));
        probes.put("mqtt.broker", new Probe("mqtt:\n", "  broker: tcp://127.0.0.1:" + (closedPort == 1 ? 2 : 1) + "\n"));
        probes.put("mqtt.deviceId", new Probe(mqtt, "  deviceId: chair-2\n"));
        probes.put("mqtt.topicRoot", new Probe(mqtt, "  topicRoot: home/chair\n"));
        probes.put("mqtt.clientId", new Probe(mqtt, "  clientId: other-client\n"));
        probes.put("mqtt.username", new Probe(mqtt, "  username: anna\n"));
        probes.put("mqtt.password", new Probe(mqtt + "  username: anna\n", "  password: secret\n"));
        probes.put("mqtt.passwordFile", new Probe(mqtt + "  username: anna\n", "  passwordFile: " + PASSWORD + "\n"));
        probes.put("mqtt.tls", new Probe(tls, "  tls:\n    caFile: " + CA + "\n"));
        probes.put("mqtt.tls.caFile", probes.get("mqtt.tls"));
        Probe clientCertificate = new Probe(tls, "  tls:\n    clientCertificate: " + CA + "\n    clientKey: " + CA + "\n");
        probes.put("mqtt.tls.clientCertificate", clientCertificate);
        probes.put("mqtt.tls.clientKey", clientCertificate);
        probes.put("mqtt.publisher", new Probe(mqtt, "  publisher:\n    enabled: false\n"));
        probes.put("mqtt.publisher.enabled", probes.get("mqtt.publisher"));
        probes.put("mqtt.publisher.username", new Probe(mqtt, "  publisher:\n    username: anna-publisher\n"));
        String publisherLogin = mqtt + "  publisher:\n    username: anna-publisher\n";
        probes.put("mqtt.publisher.password", new Probe(publisherLogin, "    password: secret\n"));
        probes.put("mqtt.publisher.passwordFile", new Probe(publisherLogin, "    passwordFile: " + PASSWORD + "\n"));
        probes.put("mqtt.discoveryPrefix", new Probe(mqtt, "  discoveryPrefix: ha\n"));
        probes.put("mqtt.commandMaxAge", new Probe(mqtt, "  commandMaxAge: 10s\n"));
        probes.put("mqtt.stateInterval", new Probe(mqtt, "  stateInterval: 5min\n"));
        probes.put("localControl", new Probe("", "localControl:\n  enabled: false\n"));
        probes.put("localControl.enabled", new Probe("", "localControl:\n  enabled: false\n"));
        probes.put("localControl.socket", new Probe("", "localControl:\n  socket: " + directory.resolve("other.sock") + "\n"));
        String dashboard = "dashboard:\n  port: " + closedPort + "\n";
        String onTheNetwork = dashboard + "  bind: 0.0.0.0\n";
        Path token = Files.writeString(directory.resolve("dashboard-token"), "0123456789abcdef0123\n");
        probes.put("dashboard", new Probe("", dashboard));
        probes.put("dashboard.enabled", new Probe(dashboard, "  enabled: false\n"));
        probes.put("dashboard.bind", new Probe(dashboard, "  bind: 0.0.0.0\n"));
        probes.put("dashboard.port", new Probe("dashboard:\n", "  port: " + closedPort + "\n"));
        probes.put("dashboard.token", new Probe(onTheNetwork, "  token: 0123456789abcdef0123\n"));
        probes.put("dashboard.tokenFile", new Probe(onTheNetwork, "  tokenFile: " + token + "\n"));
        return probes;
    }

    @Test
    void everyDocumentedKeyIsTakenAndEveryTakenKeyIsDocumented() throws Exception {
        Set<String> taken = taken();
        Set<String> documented = documented();
        Set<String> inTheExample = inTheExample();

        assertThat(documented).as("docs/configuration.md").containsExactlyInAnyOrderElementsOf(taken);
        assertThat(taken).as("the keys of the example configuration").containsAll(inTheExample);
        assertThat(probes().keySet()).as("a probe for every key").containsExactlyInAnyOrderElementsOf(taken);
    }

    @Test
    void everyKeyChangesWhatTheDaemonDoesOrIsRefused() throws Exception {
        Map<String, Map<String, String>> baseline = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, Probe> probe : probes().entrySet()) {
            Probe how = probe.getValue();
            Map<String, String> without = baseline.computeIfAbsent(how.context(), this::observe);
            Map<String, String> with = observe(how.context() + how.setting());
            boolean refused = with.get("exit").equals(Integer.toString(ExitCodes.CONFIG))
                    && with.get("output").contains(probe.getKey().substring(probe.getKey().lastIndexOf('.') + 1));
            if (!refused && with.equals(without)) {
                ignored.add(probe.getKey() + " (both runs: " + with + ")");
            }
        }
        assertThat(ignored).as("keys read and ignored").isEmpty();
    }

    /** What {@code massaged run} does with this configuration, up to its ready line; then a controlled stop. */
    private Map<String, String> observe(String lines) {
        try {
            Path config = Files.writeString(Files.createTempFile(directory, "config", ".yaml"),
                    "profile: body-massager-serial\njournal: journal.jsonl\n"
                            + (lines.contains("localControl:") ? "" : "localControl:\n  socket: "
                            + directory.resolve("control.sock") + "\n") + lines);
            RunCommandTest.StubAssembly assembly = new RunCommandTest.StubAssembly(lines.contains("device:"));
            StringWriter out = new StringWriter();
            CompletableFuture<ControlledStop> armed = new CompletableFuture<>();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cli.create(Map.of(), assembly,
                            armed::complete).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                    .execute("run", "--json", "--config", config.toString()));
            await().atMost(Duration.ofSeconds(30)).until(() -> exit.isDone() || armed.isDone());
            if (armed.isDone()) {
                armed.join().run();
            }
            Map<String, String> seen = new TreeMap<>();
            seen.put("exit", Integer.toString(exit.get(20, TimeUnit.SECONDS)));
            seen.put("output", out.toString().replace(config.toString(), "CONFIG"));
            assembly.made.ifPresent(parts -> {
                seen.put("engine", parts.engineConfig().profile() + " " + new TreeSet<>(parts.engineConfig().programs()
                        .keySet()) + " " + parts.engineConfig().defaultProgram() + " "
                        + parts.engineConfig().allowHighIntensity() + " " + parts.engineConfig().remoteStartPolicy()
                        + " " + parts.engineConfig().dailyDoseLimit());
                seen.put("tickHz", Integer.toString(parts.tickHz()));
                seen.put("observers", parts.observers().stream().map(o -> o.getClass().getSimpleName()).toList()
                        .toString());
                parts.observers().stream().filter(Dashboard.class::isInstance).map(Dashboard.class::cast)
                        .forEach(dashboard -> seen.put("dashboard", dashboard.address().toString()));
            });
            assembly.partsAsked.stream().findFirst().ifPresent(given -> given.mqtt().ifPresent(mqtt -> seen.put(
                    "mqtt", DaemonAssembler.mqttSettings(mqtt, assembly.profile, given).toString())));
            return seen;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys the loader takes, as its "known keys" lists say for each section. */
    private static Set<String> taken() {
        Set<String> keys = new TreeSet<>();
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("", "zzz: 1\n");
        sections.put("device", "device:\n  zzz: 1\n");
        sections.put("device.tcp", "device:\n  tcp:\n    host: h\n    port: 1\n    zzz: 1\n");
        sections.put("mqtt", "mqtt:\n  zzz: 1\n");
        sections.put("mqtt.tls", "mqtt:\n  broker: ssl://h:8883\n  tls:\n    zzz: 1\n");
        sections.put("mqtt.publisher", "mqtt:\n  publisher:\n    zzz: 1\n");
        sections.put("localControl", "localControl:\n  zzz: 1\n");
        sections.put("dashboard", "dashboard:\n  zzz: 1\n");
        for (Map.Entry<String, String> section : sections.entrySet()) {
            try {
                new ConfigLoader(Map.of()).parse(Path.of("/c.yaml"), "profile: p\n" + section.getValue(),
                        Optional.empty());
                throw new AssertionError("the unknown key in " + section.getKey() + " was taken");
            } catch (ConfigException refused) {
                Matcher known = Pattern.compile("known keys: (.*)").matcher(refused.getMessage());
                assertThat(known.find()).as(refused.getMessage()).isTrue();
                for (String key : known.group(1).split(", ")) {
                    keys.add(section.getKey().isEmpty() ? key : section.getKey() + "." + key);
                }
            }
        }
        return keys;
    }

    private static Set<String> documented() throws Exception {
        Set<String> keys = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| ((?:`[^`]+`(?:, )?)+) \\|");
        for (String line : Files.readAllLines(DOCS)) {
            Matcher matcher = row.matcher(line);
            if (matcher.find() && !line.contains("| used by |")) {
                Matcher key = Pattern.compile("`([^`]+)`").matcher(matcher.group(1));
                while (key.find()) {
                    if (!key.group(1).startsWith("MASSAGED_") && !key.group(1).matches("[A-Z_]+")) {
                        keys.add(key.group(1));
                    }
                }
            }
        }
        return keys;
    }

    /** Keys of the example, commented out or not: {@code #key:}, nested by two spaces per level. */
    private static Set<String> inTheExample() throws Exception {
        Set<String> keys = new TreeSet<>();
        List<String> path = new ArrayList<>();
        Pattern key = Pattern.compile("^#?((?:  )*)([a-z][A-Za-z]*):(?: |$)");
        for (String line : Files.readAllLines(EXAMPLE)) {
            Matcher matcher = key.matcher(line);
            if (!matcher.find()) {
                continue;
            }
            int depth = matcher.group(1).length() / 2;
            while (path.size() > depth) {
                path.remove(path.size() - 1);
            }
            path.add(matcher.group(2));
            keys.add(String.join(".", path));
        }
        return keys;
    }
}
