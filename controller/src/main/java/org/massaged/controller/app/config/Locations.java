package org.massaged.controller.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the journal and the control socket are when the configuration does not say.
 *
 * <ul>
 *   <li>The daemon that drives hardware uses the system's, whoever runs it: {@code /var/lib/massaged/journal.jsonl}
 *       (one journal counts every real session, so rest and the daily budget hold) and
 *       {@code /run/massaged/control.sock} (both made by systemd for the packaged service).</li>
 *   <li>A simulation uses the person's own, and never the system's: a simulated session must not count against
 *       the real massager's rest and budget, nor appear in its record of safety events, and a command meant for
 *       the real massager must not reach a simulation. The journal goes in {@code $XDG_STATE_HOME/massaged}
 *       ({@code ~/.local/state/massaged}), the socket in {@code $XDG_RUNTIME_DIR/massaged}; without those (no
 *       home directory, no login session) both go in {@code <tmp>/massaged-<user>}.</li>
 * </ul>
 */
public record Locations(Path userState, Path userRuntime) {

    public static final Path SYSTEM_JOURNAL = Path.of("/var/lib/massaged/journal.jsonl");
    public static final Path SYSTEM_SOCKET = Path.of("/run/massaged/control.sock");
    static final String SIMULATION_JOURNAL = "simulation-journal.jsonl";
    static final String SIMULATION_SOCKET = "simulation.sock";

    /** The locations for this process: its environment, user and temporary directory. */
    public static Locations of(Map<String, String> environment) {
        return of(environment, System.getProperty("user.name"), Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Locations of(Map<String, String> environment, String user, Path tmp) {
        Path fallback = tmp.toAbsolutePath().resolve("massaged-" + user);
        Path state = absolute(environment.get("XDG_STATE_HOME")).map(dir -> dir.resolve("massaged"))
                .or(() -> absolute(environment.get("HOME")).filter(Files::isDirectory)
                        .map(home -> home.resolve(".local/state/massaged")))
                .orElse(fallback);
        Path runtime = absolute(environment.get("XDG_RUNTIME_DIR")).filter(Files::isDirectory)
                .map(dir -> dir.resolve("massaged")).orElse(fallback);
        return new Locations(state, runtime);
    }

    private static Optional<Path> absolute(String value) {
        return Optional.ofNullable(value).filter(text -> text.startsWith("/")).map(Path::of);
    }

    public Path journal(boolean simulate) {
        return simulate ? userState.resolve(SIMULATION_JOURNAL) : SYSTEM_JOURNAL;
    }

    public Path socket(boolean simulate) {
        return simulate ? userRuntime.resolve(SIMULATION_SOCKET) : SYSTEM_SOCKET;
    }

    /**
     * Makes the directory of {@code file} when it is one of this person's own, private to them (0700). A directory
     * in the shared temporary directory is used only when this user owns it and no one else may write in it.
     */
    public void prepare(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !(directory.equals(userState) || directory.equals(userRuntime))) {
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        String user = System.getProperty("user.name");
        boolean othersMayWrite = attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        if (!attributes.isDirectory() || !attributes.owner().getName().equals(user) || othersMayWrite) {
            throw new IOException(directory + " is not a private directory of user '" + user + "' (it is "
                    + PosixFilePermissions.toString(attributes.permissions()) + ", owner "
                    + attributes.owner().getName() + "); remove it, or name other paths with journal: and "
                    + "localControl.socket in a configuration file");
        }
    }
}
