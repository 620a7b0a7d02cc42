package org.massaged.device.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user override narrows a profile and never widens it. */
class UserOverrideTest {

    private final DeviceProfile lumbar = ProfileCatalogue.builtIn().find("lumbar-duo-serial").orElseThrow();

    private DeviceProfile apply(String yaml) throws ProfileValidationException {
        return ProfileLoader.applyOverride(lumbar, "anna.yaml", "version: 1\nkind: override\n" + yaml);
    }

    private Actuator actuator(DeviceProfile profile, String zone) {
        return profile.zone(zone).orElseThrow().actuator();
    }

    @Test
    void anOverrideWithNothingInItLeavesTheProfileAsItWas() throws Exception {
        assertThat(apply("profile: lumbar-duo-serial\n")).isEqualTo(lumbar);
    }

    @Test
    void aDisabledZoneStaysInTheProfileButIsNeverDrivable() throws Exception {
        DeviceProfile narrowed = apply("disableZones: [lumbar-left]\n");
        assertThat(narrowed.zones()).extracting(Zone::id).containsExactly("lumbar-left", "lumbar-right", "spine");
        assertThat(narrowed.zone("lumbar-left").orElseThrow().disabled()).isTrue();
        assertThat(narrowed.drivableZones()).extracting(Zone::id).containsExactly("lumbar-right");
    }

    @Test
    void loweringHardMaxPullsHomeMaxAndTheStartLevelDownWithIt() throws Exception {
        DeviceProfile narrowed = apply("zones:\n  lumbar-right:\n    hardMax: 3\n");
        assertThat(actuator(narrowed, "lumbar-right").hardMax()).isEqualTo(3);
        assertThat(actuator(narrowed, "lumbar-right").homeMax()).isEqualTo(3);
        assertThat(actuator(narrowed, "lumbar-right").defaultLevel()).isEqualTo(2);
        assertThat(actuator(narrowed, "lumbar-left")).isEqualTo(actuator(lumbar, "lumbar-left"));
    }

    @Test
    void loweringLimitsBelowEachOtherExplicitlyIsAProblem() {
        assertThatThrownBy(() -> apply("zones:\n  lumbar-right:\n    hardMax: 3\n    homeMax: 5\n"))
                .isInstanceOfSatisfying(ProfileValidationException.class, failure ->
                        assertThat(failure.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.path()).isEqualTo("zones.lumbar-right.homeMax");
                            assertThat(problem.line()).isEqualTo(6);
                            assertThat(problem.expected()).contains("at most hardMax (3)");
                        }));
    }

    @Test
    void aStartLevelSoLowTheMotorWouldStallIsRefused() {
        // level 1 of 12 is 83 of 1000 steps, below offBelow 120
        assertThatThrownBy(() -> apply("zones:\n  lumbar-left:\n    defaultLevel: 1\n"))
                .isInstanceOfSatisfying(ProfileValidationException.class, failure ->
                        assertThat(failure.problems()).singleElement().satisfies(problem ->
                                assertThat(problem.expected()).contains("reach offBelow (120)")));
    }

    @Test
    void theHeaterCanBeLoweredOrSwitchedOffButNeverRaised() throws Exception {
        DeviceProfile cooler = apply("heater:\n  setpointCelsius: 37\n  tripCelsius: 39\n");
        assertThat(cooler.heater().orElseThrow().setpointCelsius()).isEqualTo(37.0);
        assertThat(cooler.heater().orElseThrow().tripCelsius()).isEqualTo(39.0);
        assertThat(apply("heater:\n  enabled: false\n").heater()).isEmpty();
        assertThatThrownBy(() -> apply("heater:\n  tripCelsius: 43\n"))
                .hasMessageContaining("heater.tripCelsius: got \"43\", expected at most 42.5 °C");
    }

    @Test
    void sessionsMayBeShortenedAndRestLengthenedAndTheDefaultFollowsIntoTheNarrowerRange() throws Exception {
        DeviceProfile narrowed = apply("session:\n  maxDuration: 8m\n  minRest: 1h\n  dailyBudget: 20m\n");
        SessionLimits session = narrowed.session();
        assertThat(session.maxDuration()).isEqualTo(Duration.ofMinutes(8));
        assertThat(session.defaultDuration()).isEqualTo(Duration.ofMinutes(8));
        assertThat(session.minRest()).isEqualTo(Duration.ofHours(1));
        assertThat(session.dailyBudget()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void everyWideningInOneFileIsReportedAtOnceWithItsKeyAndReason() {
        String yaml = """
                zones:
                  lumbar-left: {homeMax: 8, rampUpLevelsPerSecond: 2}
                  neck: {homeMax: 2}
                session:
                  maxDuration: 16m
                  minDuration: 4m
                  pauseTimeout: 5m
                """;
        assertThatThrownBy(() -> apply(yaml)).isInstanceOfSatisfying(ProfileValidationException.class, failure ->
                assertThat(failure.problems()).extracting(ValidationProblem::path).containsExactlyInAnyOrder(
                        "zones.lumbar-left.homeMax", "zones.lumbar-left.rampUpLevelsPerSecond", "zones.neck",
                        "session.maxDuration", "session.minDuration", "session.pauseTimeout"));
    }

    @Test
    void anOverrideFileOnDiskIsReadWithItsPathInProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bob.yaml");
        Files.writeString(file, "version: 1\nzones:\n  spine: {hardMax: 20}\n");
        assertThatThrownBy(() -> ProfileLoader.applyOverride(lumbar, file))
                .hasMessageContaining(file + ":3:20: zones.spine.hardMax: got \"20\", expected at most 10");
    }

    @Test
    void anOverrideThatIsNotYamlIsAProblemNotACrash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "zones: {lumbar-left: [}\n");
        assertThatThrownBy(() -> ProfileLoader.applyOverride(lumbar, file))
                .isInstanceOf(ProfileValidationException.class).hasMessageContaining("valid YAML");
        assertThatThrownBy(() -> ProfileLoader.applyOverride(lumbar, dir.resolve("missing.yaml")))
                .isInstanceOf(ProfileValidationException.class).hasMessageContaining("no such file");
    }

    @Test
    void aValueBelowItsFloorNamesTheFloorNotSomeFarBound() {
        assertThatThrownBy(() -> apply("session:\n  maxDuration: 4m\n"))
                .hasMessageContaining("session.maxDuration: got \"4m\", expected at least 5m");
        assertThatThrownBy(() -> apply("zones:\n  lumbar-left:\n    hardMax: 0\n"))
                .hasMessageContaining("zones.lumbar-left.hardMax: got \"0\", expected at least 1");
        assertThatThrownBy(() -> apply("heater:\n  setpointCelsius: 20\n"))
                .hasMessageContaining("heater.setpointCelsius: got \"20\", expected at least 30.0 °C");
        assertThatThrownBy(() -> apply("session:\n  minDuration: 16m\n"))
                .hasMessageContaining("session.minDuration: got \"16m\", expected at most 15m");
    }
}
