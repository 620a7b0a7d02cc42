package org.massaged.controller.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What to tell a person who may not read one of the daemon's files or reach its socket. The package makes them
 * readable by group {@code massaged} (configuration, journal, control socket); when the group may but the person
 * may not, they are not (yet) in the group, and the advice is to join it. When the group may not either, the
 * modes are wrong, and the advice is to fix them.
 */
public final class FileAccess {

    private FileAccess() {}

    /** The first part of {@code path} this process may not pass (a directory) or read (the file), if any. */
    public static Optional<Path> deniedAt(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path current = absolute.getRoot();
        for (Path part : absolute) {
            Path next = current.resolve(part);
            boolean last = next.equals(absolute);
            if (!Files.exists(next)) {
                return Files.isExecutable(current) ? Optional.empty() : Optional.of(current);
            }
            if (last ? !Files.isReadable(next) : !Files.isExecutable(next)) {
                return Optional.of(next);
            }
            current = next;
        }
        return Optional.empty();
    }

    /** "Permission denied on …", why, and what to do about it. */
    public static String advice(Path path) {
        Path denied = deniedAt(path).orElse(path);
        boolean directory = Files.isDirectory(denied);
        boolean file = Files.isRegularFile(denied);
        Optional<PosixFileAttributes> attributes = attributes(denied);
        String where = "permission denied on " + denied + attributes.map(FileAccess::describe).orElse("");
        if (attributes.isEmpty()) {
            return where + ". Ask the administrator for access to it.";
        }
        String group = attributes.get().group().getName();
        PosixFilePermission needed = directory ? PosixFilePermission.GROUP_EXECUTE
                : file ? PosixFilePermission.GROUP_READ : PosixFilePermission.GROUP_WRITE;
        String verb = directory ? "enter it" : file ? "read it" : "use it";
        if (attributes.get().permissions().contains(needed)) {
            return where + ": only members of group '" + group + "' may " + verb
                    + ". Add yourself to the group with sudo usermod -aG " + group + " \"$USER\", then log in again.";
        }
        return where + ": not even its group '" + group + "' may " + verb
                + ". Give it to the daemon's group: sudo chgrp massaged " + denied + " && sudo chmod "
                + (directory ? "750 " : "640 ") + denied + ".";
    }

    private static Optional<PosixFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, PosixFileAttributes.class));
        } catch (IOException | UnsupportedOperationException unknown) {
            return Optional.empty();
        }
    }

    private static String describe(PosixFileAttributes attributes) {
        return " (" + PosixFilePermissions.toString(attributes.permissions()) + ", " + attributes.owner().getName()
                + ":" + attributes.group().getName() + ")";
    }
}
