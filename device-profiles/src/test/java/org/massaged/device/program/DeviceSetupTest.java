package org.massaged.device.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.ValidationProblem;
import org.massaged.device.profile.Zone;

class DeviceSetupTest {

    @Test
    void aBuiltInIdWithAnOverrideGivesTheNarrowedProfileAndTheShippedPrograms(@TempDir Path dir) throws Exception {
        Path override = dir.resolve("anna.yaml");
        Files.writeString(override, "version: 1\ndisableZones: [lumbar-right]\n");
        DeviceSetup setup = DeviceSetup.load("lumbar-duo-serial", Optional.of(override), Optional.empty());
        assertThat(setup.base().drivableZones()).hasSize(2);
        assertThat(setup.profile().drivableZones()).extracting(Zone::id).containsExactly("lumbar-left");
        assertThat(setup.programsById()).containsKeys("gentle", "wind-down");
    }

    @Test
    void aProfileFileAndAProgramDirectoryThatNamesItsZoneLoadTogether(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("recliner.yaml");
        Files.writeString(profile, new String(getClass().getClassLoader()
                .getResourceAsStream("profiles/body-massager-serial.yaml").readAllBytes())
                .replace("id: body-massager-serial", "id: recliner").replace("- id: back", "- id: seat-back"));
        Path programs = Files.createDirectory(dir.resolve("programs"));
        Files.writeString(programs.resolve("seat.yaml"), """
                version: 1
                id: seat
                name: Seat
                steps:
                  - {technique: kneading, zones: [seat-back], intensity: 0.5, share: 0.8}
                  - {technique: long-slow-stroke, zones: [both], intensity: 0.5, share: 0.2}
                """);
        DeviceSetup setup = DeviceSetup.load(profile.toString(), Optional.empty(), Optional.of(programs));
        assertThat(setup.profile().id()).isEqualTo("recliner");
        assertThat(setup.programsById()).containsKey("seat");
        assertThat(ProgramPlanner.plan(setup.programs().find("seat").orElseThrow(), setup.profile()).steps())
                .first().satisfies(step -> assertThat(step.zones()).containsExactly("seat-back"));
    }

    @Test
    void everyProblemOfEveryFileIsReportedTogether(@TempDir Path dir) throws IOException {
        Path override = dir.resolve("bad-override.yaml");
        Files.writeString(override, "version: 1\nzones: {lumbar-left: {homeMax: 12}}\n");
        Path programs = Files.createDirectory(dir.resolve("programs"));
        Files.writeString(programs.resolve("bad.yaml"), "version: 1\nid: bad\nname: Bad\nsteps: []\n");
        assertThatThrownBy(() -> DeviceSetup.load("lumbar-duo-serial", Optional.of(override), Optional.of(programs)))
                .isInstanceOfSatisfying(ProfileValidationException.class, failure ->
                        assertThat(failure.problems()).extracting(ValidationProblem::path)
                                .containsExactlyInAnyOrder("zones.lumbar-left.homeMax", "steps"));
        assertThatThrownBy(() -> DeviceSetup.load("sofa", Optional.empty(), Optional.empty()))
                .hasMessageContaining("profile: got \"sofa\", expected a built-in profile id");
    }
}
