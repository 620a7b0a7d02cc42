package org.massaged.controller.app;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.massaged.controller.app.cli.Cli;
import org.massaged.testing.ChildJvm;

/**
 * The real daemon, {@code massaged run --config FILE}, in its own JVM (the way systemd runs it, minus systemd), so
 * that a test can stop it with SIGTERM or kill it with SIGKILL; the command line talks to it over its local control
 * socket, in this JVM. The configuration is the test's; each start appends to one log.
 */
public final class SocketDaemon implements AutoCloseable {

    public record Result(int code, String text) {}

    private final Path config;
    private final Path socket;
    private final Path log;
    private final List<String> jvmFlags;
    private final List<String> runOptions;
    private ChildJvm jvm;

    /**
     * A daemon on {@code config}, whose {@code localControl.socket} is {@code socket}, not yet started; {@code
     * runOptions} follow {@code run} (e.g. {@code --simulate}).
     */
    public SocketDaemon(Path config, Path socket, Path log, List<String> jvmFlags, String... runOptions) {
        this.config = config;
        this.socket = socket;
        this.log = log;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.runOptions = List.of(runOptions);
    }

    /** Starts the JVM; returns when its local control socket answers. */
    public SocketDaemon start() throws IOException {
        List<String> arguments = new ArrayList<>(List.of("run"));
        arguments.addAll(runOptions);
        arguments.addAll(List.of("--config", config.toString()));
        jvm = ChildJvm.Launch.of(Main.class.getName(), log, arguments.toArray(String[]::new))
                .withJvmFlags(jvmFlags).appendingLog().start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            jvm.assertAlive();
            return Files.exists(socket) && massaged("status").code() == 0;
        });
        return this;
    }

    /** {@code massaged ARGS --config ...}, run in this JVM against the daemon's socket. */
    public Result massaged(String... args) {
        StringWriter out = new StringWriter();
        List<String> withConfig = new ArrayList<>(List.of(args));
        withConfig.addAll(List.of("--config", config.toString()));
        int code = Cli.execute(withConfig.toArray(String[]::new), Map.of(), new DaemonAssembler(),
                new PrintWriter(out, true), new PrintWriter(out, true));
        return new Result(code, out.toString());
    }

    /** The engine's state, as {@code massaged status --json} gives it. */
    public JsonNode state() {
        Result result = massaged("status", "--json");
        if (result.code() != 0) {
            throw new IllegalStateException("massaged status: " + result.text() + "\nlog:\n" + logText());
        }
        try {
            return new ObjectMapper().readTree(result.text()).get("state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as {@code systemctl stop} and {@code systemctl restart} send; the exit code (within 20 s). */
    public int terminate() throws InterruptedException {
        return jvm.terminate(Duration.ofSeconds(20));
    }

    /** SIGKILL: the crash (or power loss) case; nothing of the daemon runs after it, the socket file it leaves is removed, so that a new start waits for its own. */
    public void kill() throws InterruptedException, IOException {
        jvm.kill();
        Files.deleteIfExists(socket);
    }

    public boolean alive() {
        return jvm != null && jvm.alive();
    }

    /** What every start wrote to standard output and error. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it does not end. */
    @Override
    public void close() throws InterruptedException {
        if (jvm != null) {
            jvm.close();
        }
    }
}
