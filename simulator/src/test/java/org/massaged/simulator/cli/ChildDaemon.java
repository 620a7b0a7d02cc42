package org.massaged.simulator.cli;

import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.cli.Cli;

/**
 * {@code massaged run --simulate} in its own JVM (the way systemd runs it, minus systemd), with its own
 * configuration, control socket and journal in {@code directory}; the command line talks to it over the socket.
 */
final class ChildDaemon implements AutoCloseable {

    record Result(int code, String text) {}

    private final Path directory;
    private final Path config;
    private final Path socket;
    private final Path journal;
    private Process process;
    private int starts;

    ChildDaemon(Path directory, String profile) throws Exception {
        this.directory = directory;
        this.config = directory.resolve("config.yaml");
        this.socket = directory.resolve("control.sock");
        this.journal = directory.resolve("journal.jsonl");
        Files.writeString(config, "profile: " + profile + "\n"
                + "journal: " + journal + "\n"
                + "localControl:\n  socket: " + socket + "\n");
    }

    Path journal() {
        return journal;
    }

    /** Starts the daemon and waits until its control socket answers. */
    ChildDaemon start() throws Exception {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.massaged.controller.app.Main",
                "run", "--simulate", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log().toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        process = builder.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon exited: " + logText());
            }
            return Files.exists(socket) && massaged("status").code() == 0;
        });
        return this;
    }

    /** SIGTERM, as {@code systemctl stop} and {@code systemctl restart} send; returns the exit code. */
    int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no exit within 20 s of SIGTERM; log:\n" + logText());
        }
        return process.exitValue();
    }

    /** SIGKILL: the crash (or power loss) case; nothing of the daemon runs after it. */
    void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        Files.deleteIfExists(socket);
    }

    /** {@code massaged ARGS --config ...}, run in this JVM against the daemon's socket. */
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

    String logText() {
        try {
            return Files.readString(log());
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private Path log() {
        return directory.resolve("daemon-" + starts + ".log");
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
