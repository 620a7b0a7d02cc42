package org.massaged.controller.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a command the way a newcomer would: as an ordinary user, with only the environment given (a clean HOME,
 * nothing inherited), in a child process. When the tests run as root (which may read and write anything a
 * newcomer may not), that user is {@code nobody}; otherwise it is the user running the tests. SIGINT is reset to
 * its default, so that Ctrl-C can be sent even when the build itself runs in the background.
 */
public final class OrdinaryUser {

    private OrdinaryUser() {}

    public static boolean testsRunAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static String name() {
        return testsRunAsRoot() ? "nobody" : System.getProperty("user.name");
    }

    /** A new empty directory in /tmp that the user owns and only they may use: a clean HOME, say. */
    public static Path freshDirectory(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(Path.of("/tmp"), prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (testsRunAsRoot()) {
            UserPrincipal user = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name());
            Files.setOwner(directory, user);
        }
        return directory;
    }

    /** {@code java} on the PATH is the JDK running the tests. */
    public static String path() {
        return Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin";
    }

    public static ProcessBuilder process(Map<String, String> environment, List<String> command, Path directory) {
        List<String> line = new ArrayList<>();
        if (testsRunAsRoot()) {
            line.addAll(List.of("runuser", "-u", name(), "--"));
        }
        line.addAll(List.of("env", "-i", "--default-signal=INT"));
        environment.forEach((name, value) -> line.add(name + "=" + value));
        line.addAll(command);
        return new ProcessBuilder(line).directory(directory.toFile());
    }

    /** Kills the command and everything it started: killing runuser alone would leave the command running. */
    public static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Sends {@code signal} (INT, TERM) to the command itself, not to runuser around it. */
    public static void signal(Process process, String signal) throws IOException, InterruptedException {
        long pid = process.descendants().filter(child -> child.info().command().orElse("").endsWith("/java"))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    public static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
