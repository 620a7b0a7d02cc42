package org.massaged.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon as the package installs it: the JVM flags of the packaged launcher ({@code packaging/massaged}: the
 * 48 MB heap and the rest), read from the script itself, and its production logging (no test logback file on the
 * class path), so that what a test does to it is what it would do to the installed daemon.
 */
public final class PackagedLauncher {

    private static final Path LAUNCHER = Path.of("..", "packaging", "massaged");
    private static final String MAIN = "org.massaged.controller.app.Main";

    private PackagedLauncher() {}

    /** The JVM flags the launcher script gives the daemon. */
    public static List<String> flags() throws IOException {
        Matcher flags = Pattern.compile("(?s)\nflags=\"([^\"]*)\"").matcher(Files.readString(LAUNCHER));
        if (!flags.find()) {
            throw new IllegalStateException("no flags=\"...\" in " + LAUNCHER.toAbsolutePath());
        }
        return Arrays.stream(flags.group(1).trim().split("\\s+")).toList();
    }

    /** {@code massaged ARGS} with the launcher's flags on this test's class path (a command that ends by itself). */
    public static ChildJvm.Launch command(Path log, String... arguments) throws IOException {
        return ChildJvm.Launch.of(MAIN, log, arguments).withJvmFlags(flags());
    }

    /**
     * {@code massaged run --config config} with the launcher's flags, on this test's class path without test classes
     * and without the simulator jar, its log in {@code log}. The system property {@code hostile.daemon.flags} adds
     * JVM flags, for a diagnosis only (e.g. {@code -XX:StartFlightRecording=filename=/tmp/daemon.jfr}).
     */
    public static ChildJvm daemon(Path config, Path log) throws IOException {
        return daemon(config, log, Map.of());
    }

    /** As {@link #daemon(Path, Path)}, with these variables added to (or, empty, removed from) its environment. */
    public static ChildJvm daemon(Path config, Path log, Map<String, String> environment) throws IOException {
        List<String> flags = new ArrayList<>(flags());
        String extra = System.getProperty("hostile.daemon.flags", "");
        if (!extra.isBlank()) {
            flags.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return ChildJvm.Launch.of(MAIN, log, "run", "--config", config.toString())
                .withJvmFlags(flags)
                .withClassPath(installedClassPath())
                .withEnvironment(launchEnvironment(environment))
                .start();
    }

    private static Map<String, String> launchEnvironment(Map<String, String> added) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("MASSAGED_LOG_LEVEL", "", "MALLOC_ARENA_MAX", "2"));
        environment.putAll(added);
        return environment;
    }

    private static String installedClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .filter(entry -> !entry.replace(File.separatorChar, '/').contains("/simulator/target/"))
                .filter(entry -> !entry.replace(File.separatorChar, '/').contains("/test-fixtures/"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }
}
