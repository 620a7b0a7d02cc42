package org.massaged.firmware;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.cli.Cli;

/**
 * The real daemon, `massaged run --config FILE`, in its own JVM (so that a test can kill it with SIGKILL): the
 * shipped profile of the Nano board, the bench's pseudo-terminal as its serial port (jSerialComm), a journal
 * and a local control socket in the test's directory, and the test's broker.
 */
final class DaemonProcess implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final String PROFILE = "nano-motor-driver";

    private final Path directory;
    private final Path config;
    private final Path journal;
    private final Path socket;
    private final Path log;
    private final String deviceId;
    private Process process;

    private DaemonProcess(Path directory, Path config, Path journal, Path socket, Path log, String deviceId) {
        this.directory = directory;
        this.config = config;
        this.journal = journal;
        this.socket = socket;
        this.log = log;
        this.deviceId = deviceId;
    }

    /** A daemon for the Nano profile (or a profile file) on the given port, not yet started. */
    static DaemonProcess configure(Path directory, Path serialPort, String brokerUri, String profile)
            throws IOException {
        int n = COUNT.incrementAndGet();
        Path journal = directory.resolve("journal.jsonl");
        Path socket = directory.resolve("control-" + n + ".sock");
        Path config = directory.resolve("config-" + n + ".yaml");
        String deviceId = "nano-" + ProcessHandle.current().pid() + "-" + n;
        Files.writeString(config, "profile: " + profile + "\n"
                + "journal: " + journal + "\n"
                + "localControl:\n  socket: " + socket + "\n"
                + "device:\n  serialPort: " + serialPort + "\n"
                + "mqtt:\n  broker: " + brokerUri + "\n  deviceId: " + deviceId + "\n");
        return new DaemonProcess(directory, config, journal, socket, directory.resolve("daemon-" + n + ".log"),
                deviceId);
    }

    String deviceId() {
        return deviceId;
    }

    String topic(String leaf) {
        return "massaged/" + deviceId + "/" + leaf;
    }

    Path journal() {
        return journal;
    }

    /** Starts the JVM; returns when its local control socket answers. */
    DaemonProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.massaged.controller.app.Main", "run", "--config", config.toString())
                .redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("NOTIFY_SOCKET");
        process = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon exited: " + log());
            }
            return Files.exists(socket) && massaged("status").code() == 0;
        });
        return this;
    }

    record Result(int code, String text) {}

    /** The `massaged` command line against this daemon (over its local socket). */
    Result massaged(String... args) {
        StringWriter out = new StringWriter();
        String[] withConfig = new String[args.length + 2];
        System.arraycopy(args, 0, withConfig, 0, args.length);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = config.toString();
        int code = Cli.execute(withConfig, Map.of(), new DaemonAssembler(), new PrintWriter(out, true),
                new PrintWriter(out, true));
        return new Result(code, out.toString());
    }

    /** The engine's state, as `massaged status --json` gives it. */
    JsonNode state() {
        Result result = massaged("status", "--json");
        if (result.code() != 0) {
            throw new IllegalStateException("massaged status: " + result.text() + "\nlog:\n" + log());
        }
        try {
            return new ObjectMapper().readTree(result.text()).get("state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String phase() {
        return state().get("phase").asText();
    }

    String journalText() {
        try {
            return Files.exists(journal) ? Files.readString(journal) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last frame. Returns when the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the daemon survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the controlled stop
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    Path directory() {
        return directory;
    }
}
