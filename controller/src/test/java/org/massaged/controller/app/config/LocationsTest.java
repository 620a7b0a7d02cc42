package org.massaged.controller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the journal and the socket go when the configuration does not say, and who may be given them. */
class LocationsTest {

    @TempDir
    Path directory;

    @Test
    void theDaemonDrivingHardwareAlwaysUsesTheSystemsPlacesWhoeverRunsIt() {
        Locations locations = Locations.of(Map.of("HOME", directory.toString()), "alice", directory);

        assertThat(locations.journal(false)).isEqualTo(Path.of("/var/lib/massaged/journal.jsonl"));
        assertThat(locations.socket(false)).isEqualTo(Path.of("/run/massaged/control.sock"));
    }

    @Test
    void aSimulationUsesThePersonsOwnStateAndRuntimeDirectories() throws IOException {
        Path runtime = Files.createDirectory(directory.resolve("run-user"));
        Locations xdg = Locations.of(Map.of("XDG_STATE_HOME", "/home/alice/state", "XDG_RUNTIME_DIR",
                runtime.toString(), "HOME", directory.toString()), "alice", Path.of("/tmp"));
        Locations home = Locations.of(Map.of("HOME", directory.toString()), "alice", Path.of("/tmp"));

        assertThat(xdg.journal(true)).isEqualTo(Path.of("/home/alice/state/massaged/simulation-journal.jsonl"));
        assertThat(xdg.socket(true)).isEqualTo(runtime.resolve("massaged/simulation.sock"));
        assertThat(home.journal(true)).isEqualTo(directory.resolve(".local/state/massaged/simulation-journal.jsonl"));
        assertThat(home.socket(true)).isEqualTo(Path.of("/tmp/massaged-alice/simulation.sock"));
    }

    @Test
    void withoutAHomeOrALoginSessionASimulationUsesAPrivateTemporaryDirectory() {
        Locations nobody = Locations.of(Map.of("HOME", "/nonexistent", "XDG_RUNTIME_DIR", "relative/dir"), "nobody",
                directory);

        assertThat(nobody.journal(true)).isEqualTo(directory.resolve("massaged-nobody/simulation-journal.jsonl"));
        assertThat(nobody.socket(true)).isEqualTo(directory.resolve("massaged-nobody/simulation.sock"));
    }

    @Test
    void theTemporaryDirectoryIsMadePrivateAndASharedOneIsRefused() throws IOException {
        String user = System.getProperty("user.name");
        Locations mine = Locations.of(Map.of(), user, directory);

        mine.prepare(mine.socket(true));
        Path made = directory.resolve("massaged-" + user);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");

        Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> mine.prepare(mine.journal(true))).hasMessageContaining("is not a private directory")
                .hasMessageContaining("rwxrwxrwx");
    }

    @Test
    void aPlaceTheConfigurationNamesIsLeftAlone() throws IOException {
        Locations.of(Map.of(), "alice", directory).prepare(directory.resolve("elsewhere/journal.jsonl"));

        assertThat(directory.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void permissionAdviceSaysToFixTheModesWhenNotEvenTheGroupMayRead() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may read anything; PackageLifecycleIT "
                + "checks the advice as other users");
        Path file = Files.writeString(directory.resolve("config.yaml"), "profile: p\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));

        assertThat(FileAccess.deniedAt(file)).contains(file);
        assertThat(FileAccess.advice(file)).contains("permission denied on " + file, "not even its group",
                "sudo chgrp massaged " + file + " && sudo chmod 640 " + file);
    }
}
