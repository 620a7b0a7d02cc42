package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramsCommandTest {

    private static List<String> stepRows(String out) {
        return out.lines().filter(line -> line.matches("\\d+ .*")).toList();
    }

    @Test
    void listShowsTheFiveShippedPrograms() {
        CliRun run = CliRun.massaged("programs", "list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("gentle", "lower-back-relief", "shiatsu-rhythm", "knots", "wind-down");
    }

    @Test
    void showPrintsEveryStepWithZonesLevelsAndTimesForTheDefaultAndTheChosenDuration() {
        CliRun run = CliRun.massaged("programs", "show", "lower-back-relief", "--profile", "lumbar-duo-serial",
                "--duration", "12m");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("AT 10m", "AT 12m", "LEVEL@2", "LEVEL@7", "Never driven: spine (over the spine)");
        List<String> rows = stepRows(run.out());
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).contains("Warm-up", "palm-circling", "lumbar-left,lumbar-right", "yes",
                "0:00 +1:30", "0:00 +1:48");
        assertThat(rows.get(1)).contains("kneading", " lumbar-left ", "1:30 +1:30", "1:48 +1:48");
        assertThat(rows.get(5)).contains("long-slow-stroke", "8:30 +1:30", "10:12 +1:48");
        assertThat(rows).noneMatch(row -> row.contains("spine"));
    }

    @Test
    void showOnASingleZoneDeviceSaysHowTheProgramWasAdapted() {
        CliRun run = CliRun.massaged("programs", "show", "lower-back-relief", "--profile", "body-massager-serial");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Adapted to this device:", "left side works back", "run without heat");
        assertThat(stepRows(run.out())).allMatch(row -> row.contains(" back "));
    }

    @Test
    void showWithAnOverrideLeavesOutTheDisabledSide(@TempDir Path dir) throws IOException {
        Path override = dir.resolve("anna.yaml");
        Files.writeString(override, "version: 1\nprofile: lumbar-duo-serial\ndisableZones: [lumbar-left]\n");
        CliRun run = CliRun.massaged("programs", "show", "knots", "--profile", "lumbar-duo-serial",
                "--override", override.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("lumbar-left (disabled by override)", "left out");
        assertThat(stepRows(run.out())).hasSize(4).noneMatch(row -> row.contains("lumbar-left"))
                .extracting(row -> row.substring(0, 2).strip()).containsExactly("1", "3", "4", "5");
    }

    @Test
    void unknownNamesAreUsageErrorsThatListWhatIsKnown() {
        CliRun program = CliRun.massaged("programs", "show", "karate", "--profile", "lumbar-duo-serial");
        assertThat(program.exitCode()).isEqualTo(ProfilesCommand.USAGE);
        assertThat(program.err()).contains("No program \"karate\"", "wind-down");
        CliRun profile = CliRun.massaged("programs", "show", "knots", "--profile", "sofa");
        assertThat(profile.exitCode()).isEqualTo(ProfilesCommand.USAGE);
        assertThat(profile.err()).contains("No profile \"sofa\"", "lumbar-duo-serial");
        assertThat(CliRun.massaged("programs", "show", "knots").exitCode()).isEqualTo(ProfilesCommand.USAGE);
    }

    @Test
    void durationsAboveTheCeilingAreRefusedAndNonsenseIsAUsageError() {
        CliRun tooLong = CliRun.massaged("programs", "show", "knots", "--profile", "lumbar-duo-serial",
                "--duration", "20");
        assertThat(tooLong.exitCode()).isEqualTo(ProfilesCommand.INVALID);
        assertThat(tooLong.err()).contains("duration-out-of-range", "5m to 15m");
        CliRun nonsense = CliRun.massaged("programs", "show", "knots", "--profile", "lumbar-duo-serial",
                "--duration", "soon");
        assertThat(nonsense.exitCode()).isEqualTo(ProfilesCommand.USAGE);
        assertThat(nonsense.err()).contains("'soon' is not a duration");
        assertThat(tooLong.showsAStackTrace() || nonsense.showsAStackTrace()).isFalse();
    }

    @Test
    void anInvalidOverrideIsReportedWithItsPlace(@TempDir Path dir) throws IOException {
        Path override = dir.resolve("bob.yaml");
        Files.writeString(override, "version: 1\nzones:\n  lumbar-left: {hardMax: 11}\n");
        CliRun run = CliRun.massaged("programs", "show", "knots", "--profile", "lumbar-duo-serial",
                "--override", override.toString());
        assertThat(run.exitCode()).isEqualTo(ProfilesCommand.INVALID);
        assertThat(run.err()).contains(override + ":3:26: zones.lumbar-left.hardMax: got \"11\", expected at most 10");
    }

    @Test
    void showWithoutProfileUsesTheConfiguredOneNarrowedByItsOverride(@TempDir Path dir) throws IOException {
        Path override = dir.resolve("anna.yaml");
        Files.writeString(override, "version: 1\nprofile: lumbar-duo-serial\ndisableZones: [lumbar-left]\n");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "profile: lumbar-duo-serial\nuserOverride: anna.yaml\n");

        CliRun run = CliRun.massaged("programs", "show", "knots", "--config", config.toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("knots \"", " on lumbar-duo-serial ", "lumbar-left (disabled by override)");
    }

    @Test
    void showWithoutProfileOrConfigurationSaysHowToNameOne() {
        CliRun run = CliRun.massaged("programs", "show", "knots");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--profile", "massaged profiles list", "massaged-test-no-such-config.yaml");
        assertThat(run.showsAStackTrace()).isFalse();
    }
}
