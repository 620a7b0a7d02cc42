package org.massaged.controller.app.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.massaged.controller.app.config.DaemonConfig.DeviceConnection;
import org.massaged.controller.app.config.DaemonConfig.Dashboard;
import org.massaged.controller.app.config.DaemonConfig.LocalControl;
import org.massaged.controller.app.config.DaemonConfig.Mqtt;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.device.profile.yaml.YamlNodes;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code /etc/massaged/config.yaml} (or another file) into a {@link DaemonConfig}. Every setting has a
 * default (docs/configuration.md) except {@code profile}; every problem is reported with file, line, column,
 * setting and reason, all at once, and nothing is returned unless the whole file is valid. Secrets may come
 * from the environment instead of the file ({@link #ENV_MQTT_PASSWORD}, {@link #ENV_MQTT_USERNAME}).
 */
public final class ConfigLoader {

    public static final Path DEFAULT_PATH = Path.of("/etc/massaged/config.yaml");
    public static final String ENV_MQTT_PASSWORD = "MASSAGED_MQTT_PASSWORD";
    public static final String ENV_MQTT_USERNAME = "MASSAGED_MQTT_USERNAME";
    static final long MAX_FILE_BYTES = 256 * 1024;

    static final String DEFAULT_PROGRAM = "gentle";
    static final int DEFAULT_TICK_HZ = 50;
    static final RemoteStartPolicy DEFAULT_REMOTE_START = RemoteStartPolicy.ALLOWED;
    /** sun_path is 108 bytes on Linux, including the terminating zero. */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    static final int MIN_TOKEN_CHARS = 16;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Map<String, RemoteStartPolicy> REMOTE_START = remoteStartNames();

    private final Map<String, String> environment;
    private final Locations locations;

    private static Map<String, RemoteStartPolicy> remoteStartNames() {
        Map<String, RemoteStartPolicy> names = new LinkedHashMap<>();
        names.put("allowed", RemoteStartPolicy.ALLOWED);
        names.put("requireOccupancy", RemoteStartPolicy.REQUIRE_OCCUPANCY);
        names.put("disabled", RemoteStartPolicy.DISABLED);
        return Collections.unmodifiableMap(names);
    }

    /** @param environment where secrets may come from; pass {@code System.getenv()} in production */
    public ConfigLoader(Map<String, String> environment) {
        this(environment, Locations.of(environment));
    }

    /** @param locations where the journal and the socket are when the file does not say */
    public ConfigLoader(Map<String, String> environment, Locations locations) {
        this.environment = Map.copyOf(environment);
        this.locations = locations;
    }

    /** Reads and validates {@code file}. */
    public DaemonConfig load(Path file) throws ConfigException {
        return parse(file, read(file), Optional.empty(), false);
    }

    /**
     * For {@code massaged run --simulate}: the file when one is named, else all defaults; {@code profile}
     * falls back to the simulator's own, and {@code simulate} is forced on (so the journal and the socket are the
     * person's own unless the file names them).
     */
    public DaemonConfig loadForSimulation(Optional<Path> file, String fallbackProfile) throws ConfigException {
        Path label = file.orElse(Path.of("(built-in defaults)"));
        String text = file.isPresent() ? read(file.get()) : "";
        return parse(label, text, Optional.of(fallbackProfile), true);
    }

    /** Validates {@code text} as if it were the content of {@code file} (paths resolve next to it). */
    public DaemonConfig parse(Path file, String text, Optional<String> fallbackProfile) throws ConfigException {
        return parse(file, text, fallbackProfile, false);
    }

    private DaemonConfig parse(Path file, String text, Optional<String> fallbackProfile, boolean simulating)
            throws ConfigException {
        ProblemSink problems = new ProblemSink(file);
        List<Node> documents;
        try {
            documents = YamlNodes.composeAll(file.toString(), text, (int) MAX_FILE_BYTES);
        } catch (YamlNodes.YamlSyntaxException syntax) {
            problems.at(syntax.problemMark().orElse(null), "", "not valid YAML: " + syntax.problem()
                    + syntax.contextMark().map(mark -> " (" + syntax.context().orElse("") + " on line "
                    + (mark.getLine() + 1) + ")").orElse(""));
            throw problems.exception();
        }
        if (documents.size() > 1) {
            problems.at(documents.get(1).getStartMark().orElse(null), "", "not valid YAML: a second document starts here; "
                    + "the configuration is one document");
            throw problems.exception();
        }
        Optional<YamlSection> top = YamlSection.root(problems, documents.stream().findFirst());
        if (top.isEmpty()) {
            problems.throwIfAny();
        }
        DaemonConfig config = read(top.get(), file.toAbsolutePath().getParent(), fallbackProfile, simulating);
        problems.throwIfAny();
        return config;
    }

    private static String read(Path file) throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw problem(file, "is a directory; name the configuration file itself, e.g. " + DEFAULT_PATH);
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw problem(file, "is larger than " + MAX_FILE_BYTES / 1024 + " KiB; is it the right file?");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException missing) {
            throw problem(file, "no such file; create it from /usr/share/massaged/config.example.yaml, "
                    + "or name another file with --config");
        } catch (AccessDeniedException denied) {
            throw problem(file, FileAccess.advice(file));
        } catch (CharacterCodingException encoding) {
            throw problem(file, "is not UTF-8 text; save it as UTF-8");
        } catch (IOException io) {
            throw problem(file, "cannot be read: " + io.getMessage());
        }
    }

    private static ConfigException problem(Path file, String reason) {
        return new ConfigException(List.of(ConfigProblem.ofFile(file, reason)));
    }

    private DaemonConfig read(YamlSection top, Path directory, Optional<String> fallbackProfile, boolean simulating) {
        String profile = profile(top, directory, fallbackProfile);
        Optional<Path> userOverride = existingPath(top, "userOverride", directory, false);
        Optional<Path> programsDirectory = existingPath(top, "programsDirectory", directory, true);
        String defaultProgram = name(top, "defaultProgram", DEFAULT_PROGRAM);
        boolean allowHighIntensity = top.bool("allowHighIntensity", false);
        RemoteStartPolicy remoteStart = top.choice("remoteStart", REMOTE_START, DEFAULT_REMOTE_START);
        int tickHz = top.integer("tickHz", DEFAULT_TICK_HZ, 10, 100);
        Optional<Double> dailyDoseLimit = dailyDoseLimit(top);
        boolean simulate = top.bool("simulate", false) || simulating;
        Path journal = top.text("journal").map(text -> directory.resolve(text).normalize())
                .orElse(locations.journal(simulate));
        DeviceConnection device = top.section("device").map(this::device).orElse(DeviceConnection.fromProfile());
        Optional<Mqtt> mqtt = top.section("mqtt")
                .flatMap(section -> new MqttSectionReader(environment).read(section, directory));
        Path defaultSocket = locations.socket(simulate);
        LocalControl localControl = top.section("localControl")
                .map(section -> localControl(section, directory, defaultSocket))
                .orElse(new LocalControl(true, defaultSocket));
        Dashboard dashboard = top.section("dashboard").map(section -> dashboard(section, directory))
                .orElse(Dashboard.off());
        top.rejectUnknownKeys();
        return new DaemonConfig(profile, userOverride, programsDirectory, defaultProgram, device, mqtt, journal,
                allowHighIntensity, remoteStart, localControl, tickHz, simulate, dashboard, dailyDoseLimit);
    }

    /** The largest daily dose limit (A(8), m/s²) the configuration takes: far above any occupational reference. */
    static final double MAX_DAILY_DOSE_LIMIT = 5.0;

    /** {@code dailyDoseLimit}: an A(8) in m/s², above 0 and at most {@link #MAX_DAILY_DOSE_LIMIT}. */
    private static Optional<Double> dailyDoseLimit(YamlSection top) {
        return top.value("dailyDoseLimit").flatMap(value -> value.asNumber(0, true, MAX_DAILY_DOSE_LIMIT,
                "m/s² (an A(8))"));
    }

    private static String profile(YamlSection top, Path directory, Optional<String> fallbackProfile) {
        Optional<String> profile = top.text("profile");
        if (profile.isEmpty()) {
            if (fallbackProfile.isEmpty() && !top.has("profile")) {
                top.problem("profile", "required: name a built-in profile (see 'massaged profiles list') or a "
                        + "profile file; massaged will not guess which hardware it drives");
            }
            return fallbackProfile.orElse("");
        }
        String value = profile.get();
        if (value.contains("/") || value.endsWith(".yaml") || value.endsWith(".yml")) {
            Path path = directory.resolve(value).normalize();
            if (!Files.isRegularFile(path)) {
                top.problem("profile", "no profile file at " + path);
            } else if (!Files.isReadable(path)) {
                top.problem("profile", "cannot read " + path + " (permission denied)");
            }
            return path.toString();
        }
        if (!NAME.matcher(value).matches()) {
            top.problem("profile", "expected a built-in profile id (lower-case letters, digits, '-') or a path to "
                    + "a .yaml file, got '" + value + "'");
        }
        return value;
    }

    private static String name(YamlSection section, String key, String fallback) {
        String value = section.text(key, fallback);
        if (!NAME.matcher(value).matches()) {
            section.problem(key, "expected an id of lower-case letters, digits, '-' and '_', got '" + value + "'");
        }
        return value;
    }

    static Optional<Path> existingPath(YamlSection section, String key, Path directory, boolean directoryWanted) {
        Optional<String> text = section.text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path path = directory.resolve(text.get()).normalize();
        if (directoryWanted ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
            section.problem(key, "no " + (directoryWanted ? "directory" : "file") + " at " + path);
        } else if (!Files.isReadable(path)) {
            section.problem(key, "cannot read " + path + " (permission denied)");
        }
        return Optional.of(path);
    }

    private DeviceConnection device(YamlSection section) {
        Optional<String> serialPort = section.text("serialPort");
        serialPort.filter(port -> !port.startsWith("/"))
                .ifPresent(port -> section.problem("serialPort",
                        "expected an absolute device path such as /dev/ttyUSB0 or /dev/serial/by-id/..., got '"
                                + port + "'"));
        Optional<String> host = Optional.empty();
        int port = 0;
        Optional<YamlSection> tcp = section.section("tcp");
        if (tcp.isPresent()) {
            host = tcp.get().text("host");
            if (host.isEmpty() && !tcp.get().has("host")) {
                tcp.get().problem("host", "required when device.tcp is set (the host of the serial bridge)");
            }
            if (!tcp.get().has("port")) {
                tcp.get().problem("port", "required when device.tcp is set (the bridge's TCP port)");
            }
            port = tcp.get().integer("port", 0, 1, 65535);
            tcp.get().rejectUnknownKeys();
        }
        if (serialPort.isPresent() && section.has("tcp")) {
            section.problem("tcp", "set either device.serialPort or device.tcp, not both");
        }
        section.rejectUnknownKeys();
        return new DeviceConnection(serialPort, host, port);
    }

    private static LocalControl localControl(YamlSection section, Path directory, Path defaultSocket) {
        boolean enabled = section.bool("enabled", true);
        Path socket = section.text("socket").map(text -> directory.resolve(text).normalize()).orElse(defaultSocket);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            section.problem("socket", "a Unix socket path may be at most " + MAX_SOCKET_PATH_BYTES
                    + " bytes long; choose a shorter one such as " + Locations.SYSTEM_SOCKET);
        }
        section.rejectUnknownKeys();
        return new LocalControl(enabled, socket);
    }

    /** A network listener beyond loopback only with a token: nobody on the LAN may command the chair unasked. */
    private Dashboard dashboard(YamlSection section, Path directory) {
        boolean enabled = section.bool("enabled", true);
        String bind = section.text("bind", Dashboard.LOOPBACK);
        int port = section.integer("port", Dashboard.DEFAULT_PORT, 1, 65535);
        Optional<String> token = secret(section, "token", "tokenFile", directory);
        String tokenKey = section.text("token").isPresent() ? "token" : "tokenFile";
        token.filter(text -> text.length() < MIN_TOKEN_CHARS).ifPresent(text -> section.problem(tokenKey,
                "must be at least " + MIN_TOKEN_CHARS + " characters long (e.g. the output of 'openssl rand -hex 16')"));
        token.filter(text -> !text.chars().allMatch(ConfigLoader::isTokenChar)).ifPresent(text -> section.problem(
                tokenKey, "may hold only printable ASCII without spaces, quotes, commas, semicolons or backslashes "
                        + "(it is sent in a cookie and a header); e.g. the output of 'openssl rand -hex 16'"));
        section.rejectUnknownKeys();
        Optional<Boolean> loopback = Dashboard.isLoopback(bind);
        if (loopback.isEmpty()) {
            section.problem("bind", "expected an IP address of this machine such as 127.0.0.1 or 0.0.0.0, got '"
                    + bind + "'");
        } else if (!loopback.get() && token.isEmpty()) {
            section.problem("bind", "'" + bind + "' is reachable from the network: set dashboard.token or "
                    + "dashboard.tokenFile, or bind to 127.0.0.1 and use a reverse proxy (docs/dashboard.md)");
        }
        return new Dashboard(enabled, bind, port, token);
    }

    /** A cookie value's characters (RFC 6265 cookie-octet) without the single quote. */
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != ',' && c != ';' && c != '\\';
    }

    /** A secret given inline or in a file of its own (one or the other). */
    private Optional<String> secret(YamlSection section, String inlineKey, String fileKey, Path directory) {
        Optional<String> inline = section.text(inlineKey);
        Optional<Path> file = existingPath(section, fileKey, directory, false);
        if (inline.isPresent() && file.isPresent()) {
            section.problem(fileKey, "set either " + inlineKey + " or " + fileKey + ", not both");
        }
        if (file.isEmpty() || !Files.isReadable(file.get())) {
            return inline;
        }
        try {
            String secret = Files.readString(file.get(), StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                section.problem(fileKey, file.get() + " is empty");
                return Optional.empty();
            }
            return Optional.of(secret);
        } catch (IOException e) {
            section.problem(fileKey, "cannot read " + file.get() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
