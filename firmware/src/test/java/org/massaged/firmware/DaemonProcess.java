package org.massaged.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.massaged.controller.app.SocketDaemon;

/**
 * The real daemon, `massaged run --config FILE`, in its own JVM (so that a test can kill it with SIGKILL): the
 * shipped profile of the Nano board, the bench's pseudo-terminal as its serial port (jSerialComm), a journal
 * and a local control socket in the test's directory, and the test's broker.
 */
final class DaemonProcess implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final String PROFILE = "nano-motor-driver";
    /** A small, quickly started JVM: the daemon's work here is the link, not throughput. */
    private static final List<String> JVM_FLAGS = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final SocketDaemon daemon;
    private final Path journal;
    private final String deviceId;

    private DaemonProcess(SocketDaemon daemon, Path journal, String deviceId) {
        this.daemon = daemon;
        this.journal = journal;
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
        return new DaemonProcess(new SocketDaemon(config, socket, directory.resolve("daemon-" + n + ".log"),
                JVM_FLAGS), journal, deviceId);
    }

    String topic(String leaf) {
        return "massaged/" + deviceId + "/" + leaf;
    }

    Path journal() {
        return journal;
    }

    /** Starts the JVM; returns when its local control socket answers. */
    DaemonProcess start() throws IOException {
        daemon.start();
        return this;
    }

    /** The `massaged` command line against this daemon (over its local socket). */
    SocketDaemon.Result massaged(String... args) {
        return daemon.massaged(args);
    }

    /** The engine's state, as `massaged status --json` gives it. */
    JsonNode state() {
        return daemon.state();
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
        return daemon.logText();
    }

    boolean alive() {
        return daemon.alive();
    }

    /** SIGKILL: no shutdown hook, no last frame. Returns when the process is gone. */
    void kill9() throws InterruptedException, IOException {
        daemon.kill();
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
