package org.massaged.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class in its own JVM (the daemon, or a stand-in for it), so that a test can signal it, kill it with
 * SIGKILL and read what it wrote: the one child-process launcher of the tests. Its standard output and error go to
 * one log file; it never inherits a systemd {@code NOTIFY_SOCKET}.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** What to start: JVM flags, class path, main class and its arguments, the log, environment changes. */
    public record Launch(List<String> jvmFlags, String classPath, String mainClass, List<String> arguments,
                         Path log, boolean appendLog, Map<String, String> environment) {

        public Launch {
            jvmFlags = List.copyOf(jvmFlags);
            arguments = List.copyOf(arguments);
            environment = Map.copyOf(environment);
        }

        /** {@code mainClass args} with this test's class path, default flags, a fresh log. */
        public static Launch of(String mainClass, Path log, String... arguments) {
            return new Launch(List.of(), System.getProperty("java.class.path"), mainClass, List.of(arguments), log,
                    false, Map.of());
        }

        public Launch withJvmFlags(List<String> flags) {
            return new Launch(flags, classPath, mainClass, arguments, log, appendLog, environment);
        }

        public Launch withClassPath(String path) {
            return new Launch(jvmFlags, path, mainClass, arguments, log, appendLog, environment);
        }

        /** Appends to the log rather than replacing it (a restart keeps what the last run wrote). */
        public Launch appendingLog() {
            return new Launch(jvmFlags, classPath, mainClass, arguments, log, true, environment);
        }

        /** Sets these variables; an empty value removes one. */
        public Launch withEnvironment(Map<String, String> changes) {
            return new Launch(jvmFlags, classPath, mainClass, arguments, log, appendLog, changes);
        }

        public ChildJvm start() throws IOException {
            return ChildJvm.start(this);
        }
    }

    public static ChildJvm start(Launch launch) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmFlags());
        command.addAll(List.of("-cp", launch.classPath(), launch.mainClass()));
        command.addAll(launch.arguments());
        File logFile = launch.log().toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(launch.appendLog() ? ProcessBuilder.Redirect.appendTo(logFile)
                        : ProcessBuilder.Redirect.to(logFile));
        builder.environment().remove("NOTIFY_SOCKET");
        launch.environment().forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return new ChildJvm(builder.start(), launch.log());
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the child wrote to standard error and output so far. */
    public List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logText() {
        return String.join("\n", logLines());
    }

    /** Waits until the child's log has a line that contains {@code text}; fails at once if the child exits. */
    public void awaitLog(String text, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertAlive();
            return logLines().stream().anyMatch(line -> line.contains(text));
        });
    }

    /** Fails with the child's log if it exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the child JVM exited with " + process.exitValue() + ":\n" + logText());
        }
    }

    /** Resident memory now (VmRSS), in kilobytes. */
    public long residentKilobytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("the child JVM is gone: " + logText(), e);
        }
    }

    /** CPU time the child used so far (user + system), in milliseconds. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException e) {
            throw new IllegalStateException("the child JVM is gone: " + logText(), e);
        }
    }

    /** Waits for a child that ends by itself; its exit code, or a failure with the log. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no exit within " + within + "; log:\n" + logText());
        }
        return process.exitValue();
    }

    /** SIGTERM (the controlled stop, as {@code systemctl stop} sends it); the exit code, or a failure with the log. */
    public int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no exit within " + within + " of SIGTERM; log:\n" + logText());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no last frame (the crash, or power loss). Returns the exit code once it is gone. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child JVM survived SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it does not end within 15 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
