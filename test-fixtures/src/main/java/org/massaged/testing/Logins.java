package org.massaged.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Mosquitto password files for tests: a login for each user, whose password is the user name + {@code -secret}. */
final class Logins {

    private Logins() {}

    /**
     * Writes {@code passwd} in {@code secrets} with a login for each user. Mosquitto started as root reads its files
     * as user mosquitto: the directories above and the file are made readable by all.
     */
    static Path passwordFile(Path directory, Path secrets, List<String> users) throws IOException, InterruptedException {
        Files.createDirectories(secrets);
        Path passwords = secrets.resolve("passwd");
        for (String user : users) {
            List<String> command = new ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwords)) {
                command.add(1, "-c");
            }
            command.addAll(List.of(passwords.toString(), user, user + "-secret"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed for " + user + ": " + output);
            }
        }
        readableByAll(directory, secrets, passwords);
        return passwords;
    }

    static void readableByAll(Path... paths) throws IOException {
        for (Path path : paths) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
