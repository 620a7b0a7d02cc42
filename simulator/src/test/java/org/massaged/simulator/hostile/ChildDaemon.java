package org.massaged.simulator.hostile;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real daemon ({@code massaged run}) in its own JVM, started with the JVM flags of the packaged launcher
 * ({@code packaging/massaged}: the 48 MB heap and the rest) and with its production logging (no logback file on
 * its class path), so that what an attacker does to it here is what it would do to the installed daemon.
 */
public final class ChildDaemon implements AutoCloseable {

    private static final Path LAUNCHER = Path.of("..", "packaging", "massaged");

    private final Process process;
    private final Path log;

    private ChildDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code massaged run --config config}; its standard error and output go to {@code log}. */
    public static ChildDaemon start(Path config, Path log) throws IOException {
        return start(config, log, Map.of());
    }

    /** As {@link #start(Path, Path)}, with these variables added to the daemon's environment. */
    public static ChildDaemon start(Path config, Path log, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launcherFlags());
        // for a diagnosis only, e.g. -Dhostile.daemon.flags=-XX:StartFlightRecording=filename=/tmp/daemon.jfr
        String extra = System.getProperty("hostile.daemon.flags", "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", daemonClassPath(), "org.massaged.controller.app.Main", "run", "--config",
                config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("MASSAGED_LOG_LEVEL");
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        return new ChildDaemon(builder.start(), log);
    }

    /** The JVM flags the launcher script gives the daemon, read from the script itself. */
    static List<String> launcherFlags() throws IOException {
        Matcher flags = Pattern.compile("(?s)\nflags=\"([^\"]*)\"").matcher(Files.readString(LAUNCHER));
        if (!flags.find()) {
            throw new IllegalStateException("no flags=\"...\" in " + LAUNCHER.toAbsolutePath());
        }
        return Arrays.stream(flags.group(1).trim().split("\\s+")).toList();
    }

    /** This test's class path without test classes and without the simulator jar: no logback file, as installed. */
    private static String daemonClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .filter(entry -> !entry.replace(File.separatorChar, '/').contains("/simulator/target/"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the daemon wrote to standard error and output so far. */
    public List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String logText() {
        return String.join("\n", logLines());
    }

    /** Resident memory now (VmRSS), in kilobytes. */
    public long residentKilobytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("the daemon is gone: " + logText(), e);
        }
    }

    /** CPU time the daemon used so far (user + system), in milliseconds. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException e) {
            throw new IllegalStateException("the daemon is gone: " + logText(), e);
        }
    }

    /** Fails with the daemon's log if it exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the daemon exited with " + process.exitValue() + ":\n" + logText());
        }
    }

    /** SIGTERM (the controlled stop), then SIGKILL if it does not end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Waits until the daemon's log has a line that contains {@code text}. */
    public void awaitLog(String text, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> logLines().stream().anyMatch(line -> line.contains(text)));
    }
}
