package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesCommandTest {

    static final Path SHIPPED = Path.of("../device-profiles/src/main/resources");
    static final Path MALFORMED = Path.of("../device-profiles/src/test/resources/malformed");

    @Test
    void listShowsTheShippedProfilesAndMarksTheSpineZoneAsNeverDriven() {
        CliRun run = CliRun.massaged("profiles", "list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("body-massager-serial", "lumbar-duo-serial", "body-massager-gpio")
                .contains("spine(never)");
    }

    @Test
    void theShippedFilesValidate() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("profiles", "validate"));
        try (Stream<Path> files = Stream.concat(Files.list(SHIPPED.resolve("profiles")),
                Files.list(SHIPPED.resolve("programs")))) {
            files.filter(file -> file.toString().endsWith(".yaml")).forEach(file -> args.add(file.toString()));
        }
        CliRun run = CliRun.massaged(args.toArray(String[]::new));
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ok      ").contains("(profile lumbar-duo-serial)").contains("(program wind-down)");
    }

    @Test
    void everyMalformedFileFailsWithItsPlaceAndReasonAndNeverAStackTrace() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(MALFORMED)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(25);
        for (Path file : files) {
            CliRun run = CliRun.massaged("profiles", "validate", file.toString());
            assertThat(run.exitCode()).as(file.toString()).isEqualTo(ProfilesCommand.INVALID);
            assertThat(run.err()).as(file.toString()).contains("INVALID " + file)
                    .containsPattern("  " + java.util.regex.Pattern.quote(file.toString()) + "(:\\d+:\\d+)?: ")
                    .contains("expected ");
            assertThat(run.showsAStackTrace()).as(run.err()).isFalse();
        }
    }

    @Test
    void validatingSeveralFilesReportsEachAndFailsIfAnyFails(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        CliRun run = CliRun.massaged("profiles", "validate",
                SHIPPED.resolve("programs/knots.yaml").toString(), missing.toString());
        assertThat(run.exitCode()).isEqualTo(ProfilesCommand.INVALID);
        assertThat(run.out()).contains("ok      " + SHIPPED.resolve("programs/knots.yaml"));
        assertThat(run.err()).contains(missing + ": expected an existing file (no such file)")
                .contains("1 of 2 files failed validation");
    }

    @Test
    void profilesGivenTogetherAreKnownToTheProgramsGivenWithThem(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("recliner.yaml");
        Files.writeString(profile, Files.readString(SHIPPED.resolve("profiles/body-massager-serial.yaml"))
                .replace("id: body-massager-serial", "id: recliner").replace("- id: back", "- id: seat-back"));
        Path program = dir.resolve("seat.yaml");
        Files.writeString(program, """
                version: 1
                id: seat
                name: Seat
                steps:
                  - {technique: kneading, zones: [seat-back], intensity: 0.5, share: 0.8}
                  - {technique: long-slow-stroke, zones: [both], intensity: 0.5, share: 0.2}
                """);
        CliRun alone = CliRun.massaged("profiles", "validate", program.toString());
        assertThat(alone.exitCode()).isEqualTo(ProfilesCommand.INVALID);
        assertThat(alone.err()).contains("no known profile has a zone \"seat-back\"");

        CliRun together = CliRun.massaged("profiles", "validate", profile.toString(), program.toString());
        assertThat(together.err()).isEmpty();
        assertThat(together.exitCode()).isZero();
        assertThat(together.out()).contains("(program seat)").contains("(profile recliner)");
    }

    @Test
    void anOverrideWithoutAProfileKeyIsCheckedAgainstTheProfileOption(@TempDir Path dir) throws IOException {
        Path override = dir.resolve("anna.yaml");
        Files.writeString(override, "version: 1\nkind: override\ndisableZones: [lumbar-left]\n");
        assertThat(CliRun.massaged("profiles", "validate", override.toString()).err())
                .contains("the id of the profile this override narrows");
        CliRun run = CliRun.massaged("profiles", "validate", "--profile", "lumbar-duo-serial", override.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("(override lumbar-duo-serial)");
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertThat(CliRun.massaged("profiles").exitCode()).isEqualTo(ProfilesCommand.USAGE);
        assertThat(CliRun.massaged("profiles", "validate").exitCode()).isEqualTo(ProfilesCommand.USAGE);
        assertThat(CliRun.massaged("profiles", "frobnicate").exitCode()).isEqualTo(ProfilesCommand.USAGE);
    }

    @Test
    void aBrokenProfileDirectoryIsReportedNotThrown(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "version: 1\nid: x\n");
        CliRun run = CliRun.massaged("profiles", "list", "--profiles-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ProfilesCommand.INVALID);
        assertThat(run.err()).contains("bad.yaml:1:1: name: expected the required key \"name\"");
        assertThat(run.showsAStackTrace()).isFalse();
    }

    @Test
    void showPrintsTheProfileFileSoItCanBeCopiedAndStillValidates(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.massaged("profiles", "show", "lumbar-duo-serial");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("overSpine: true", "# yaml-language-server");
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, run.out().replace("id: lumbar-duo-serial", "id: my-chair"));
        assertThat(CliRun.massaged("profiles", "validate", copy.toString()).exitCode()).isZero();
        assertThat(CliRun.massaged("profiles", "show", "sofa").exitCode()).isEqualTo(ProfilesCommand.USAGE);
    }
}
