package org.massaged.device.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.profile.Zone;

/** How a program is laid out on a device: zones, degradation, timing and levels. */
class ProgramPlannerTest {

    private final ProfileCatalogue profiles = ProfileCatalogue.builtIn();
    private final ProgramCatalogue programs = ProgramCatalogue.builtIn(profiles);
    private final DeviceProfile lumbar = profiles.find("lumbar-duo-serial").orElseThrow();
    private final DeviceProfile bodySerial = profiles.find("body-massager-serial").orElseThrow();
    private final DeviceProfile bodyGpio = profiles.find("body-massager-gpio").orElseThrow();
    private final Program relief = programs.find("lower-back-relief").orElseThrow();

    @Test
    void theLumbarSpineZoneIsNeverAddressedByAnyPlanAtAnyMomentOfAnySession() throws Exception {
        for (Program program : programs.all()) {
            for (int minutes = 5; minutes <= 15; minutes++) {
                ProgramPlan plan = ProgramPlanner.plan(program, lumbar, Duration.ofMinutes(minutes));
                assertThat(plan.zones()).extracting(Zone::id).doesNotContain("spine");
                for (PlannedStep step : plan.steps()) {
                    assertThat(step.zones()).as(program.id()).doesNotContain("spine").isNotEmpty();
                }
                for (long second = 0; second <= minutes * 60L; second += 1) {
                    Map<String, Double> levels = plan.levelsAt(Duration.ofSeconds(second), 12);
                    assertThat(levels).doesNotContainKey("spine");
                }
            }
        }
    }

    @Test
    void aProgramBuiltInCodeThatNamesTheSpineIsRefusedByThePlannerToo() {
        Program sneaky = new Program("sneaky", "Sneaky", "", List.of(
                new Step("Spine", Technique.TAPPING, List.of("spine"), 1.0, 0.5, false),
                new Step("End", Technique.LONG_SLOW_STROKE, List.of("both"), 0.5, 0.5, false)));
        assertThatThrownBy(() -> ProgramPlanner.plan(sneaky, lumbar))
                .isInstanceOfSatisfying(ProgramNotPlayableException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(ProgramNotPlayableException.ZONE_OVER_SPINE);
                    assertThat(refused.getMessage()).contains("\"spine\"", "lies over the spine");
                });
    }

    @Test
    void onTheLumbarUnitEachSideIsWorkedSeparatelyThenBoth() throws Exception {
        ProgramPlan plan = ProgramPlanner.plan(relief, lumbar);
        assertThat(plan.steps()).extracting(PlannedStep::zones).containsExactly(
                List.of("lumbar-left", "lumbar-right"), List.of("lumbar-left"), List.of("lumbar-right"),
                List.of("lumbar-left", "lumbar-right"), List.of("lumbar-left", "lumbar-right"),
                List.of("lumbar-left", "lumbar-right"));
        assertThat(plan.notes()).isEmpty();
        assertThat(plan.steps().get(0).heat()).isTrue();
        Map<String, Double> duringLeftStep = plan.levelsAt(plan.steps().get(1).start().plusSeconds(5), 4);
        assertThat(duringLeftStep.get("lumbar-left")).isPositive();
        assertThat(duringLeftStep.get("lumbar-right")).isZero();
    }

    @Test
    void onASingleZoneDeviceTheSidesDegradeToTheWholeBackAndThePlanSaysSo() throws Exception {
        ProgramPlan plan = ProgramPlanner.plan(relief, bodySerial);
        assertThat(plan.steps()).allSatisfy(step -> assertThat(step.zones()).containsExactly("back"));
        assertThat(plan.steps().get(1).notes()).anySatisfy(note ->
                assertThat(note).contains("left side works back", "no left-only zone"));
        assertThat(plan.notes()).anySatisfy(note -> assertThat(note).startsWith("step 2 \"Kneading, left side\""));
    }

    @Test
    void withoutAHeaterHeatIsDroppedAndThePlanSaysSo() throws Exception {
        ProgramPlan plan = ProgramPlanner.plan(relief, bodyGpio);
        assertThat(plan.steps()).noneMatch(PlannedStep::heat);
        assertThat(plan.steps().get(0).notes()).anySatisfy(note -> assertThat(note).contains("without heat"));
        assertThat(plan.notes()).contains("steps 1, 2, 3, 4 run without heat: the device has no heater (or it"
                + " is disabled)");
    }

    @Test
    void aSideTheUserDisabledIsLeftOutAndItsTimeGoesToTheOtherSteps() throws Exception {
        DeviceProfile noLeft = ProfileLoader.applyOverride(lumbar, "o.yaml", "version: 1\ndisableZones: [lumbar-left]\n");
        ProgramPlan plan = ProgramPlanner.plan(relief, noLeft, Duration.ofMinutes(10));
        assertThat(plan.steps()).hasSize(5).extracting(PlannedStep::name).doesNotContain("Kneading, left side");
        assertThat(plan.steps()).extracting(PlannedStep::programIndex).containsExactly(0, 2, 3, 4, 5);
        assertThat(plan.steps()).allSatisfy(step -> assertThat(step.zones()).containsExactly("lumbar-right"));
        assertThat(plan.notes()).anySatisfy(note -> assertThat(note).contains("left out", "Kneading, left side"));
        assertThat(plan.steps().get(4).end()).isEqualTo(Duration.ofMinutes(10));
        // the warm-up had 0.15 of 1.0; now 0.15 of 0.85
        assertThat(plan.steps().get(0).duration().toSeconds()).isEqualTo(Math.round(600 * 0.15 / 0.85));
    }

    @Test
    void stepsScaleToTheChosenDurationBackToBackEndingExactlyOnTime() throws Exception {
        for (Duration duration : List.of(Duration.ofMinutes(5), Duration.ofSeconds(7 * 60 + 30), Duration.ofMinutes(15))) {
            ProgramPlan plan = ProgramPlanner.plan(relief, lumbar, duration);
            Duration cursor = Duration.ZERO;
            for (int i = 0; i < plan.steps().size(); i++) {
                PlannedStep step = plan.steps().get(i);
                assertThat(step.start()).isEqualTo(cursor);
                assertThat(step.duration().toMillis() / (double) duration.toMillis())
                        .isCloseTo(relief.steps().get(i).share(), within(0.01));
                cursor = step.end();
            }
            assertThat(cursor).isEqualTo(duration);
            assertThat(plan.stepAt(duration)).isEmpty();
            assertThat(plan.levelsAt(duration, 5).values()).allMatch(level -> level == 0.0);
        }
    }

    @Test
    void durationsOutsideWhatTheProfileAllowsAreRefused() throws Exception {
        assertThatThrownBy(() -> ProgramPlanner.plan(relief, lumbar, Duration.ofMinutes(16)))
                .isInstanceOfSatisfying(ProgramNotPlayableException.class, refused ->
                        assertThat(refused.reason()).isEqualTo(ProgramNotPlayableException.DURATION_OUT_OF_RANGE));
        assertThatThrownBy(() -> ProgramPlanner.plan(relief, lumbar, Duration.ofMinutes(4)))
                .hasMessageContaining("5m to 15m");
        DeviceProfile shorter = ProfileLoader.applyOverride(lumbar, "o.yaml",
                "version: 1\nsession: {maxDuration: 12m}\n");
        assertThatThrownBy(() -> ProgramPlanner.plan(relief, shorter, Duration.ofMinutes(13)))
                .hasMessageContaining("5m to 12m");
    }

    @Test
    void aZoneIdTheProfileLacksIsRefusedNamingTheZoneAndTheProfilesZones() {
        Program specific = new Program("specific", "Specific", "", List.of(
                new Step("Left", Technique.KNEADING, List.of("lumbar-left"), 0.5, 0.5, false),
                new Step("End", Technique.LONG_SLOW_STROKE, List.of("both"), 0.5, 0.5, false)));
        assertThatThrownBy(() -> ProgramPlanner.plan(specific, bodySerial))
                .isInstanceOfSatisfying(ProgramNotPlayableException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(ProgramNotPlayableException.ZONE_MISSING);
                    assertThat(refused.getMessage()).contains("\"lumbar-left\"", "body-massager-serial", "back");
                });
    }

    @Test
    void levelsStayWithinTheSessionLevelAndNeverStallADrivenMotor() throws Exception {
        for (Program program : programs.all()) {
            ProgramPlan plan = ProgramPlanner.plan(program, lumbar);
            for (int sessionLevel = 2; sessionLevel <= 10; sessionLevel++) {
                for (long tenth = 0; tenth < plan.duration().toMillis() / 100; tenth += 7) {
                    Duration at = Duration.ofMillis(tenth * 100);
                    PlannedStep step = plan.stepAt(at).orElseThrow();
                    for (Map.Entry<String, Double> entry : plan.levelsAt(at, sessionLevel).entrySet()) {
                        Zone zone = plan.zone(entry.getKey()).orElseThrow();
                        assertThat(entry.getValue()).isLessThanOrEqualTo(sessionLevel);
                        if (step.drives(zone.id())) {
                            assertThat(zone.actuator().stepsFor(entry.getValue())).as("%s at %s", program.id(), at)
                                    .isGreaterThanOrEqualTo(zone.actuator().offBelow()).isPositive();
                        } else {
                            assertThat(entry.getValue()).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLevelRangeSpansTheTechniquesWaveform() throws Exception {
        ProgramPlan plan = ProgramPlanner.plan(programs.find("knots").orElseThrow(), lumbar);
        PlannedStep thumbLeft = plan.steps().get(1);
        Zone left = plan.zone("lumbar-left").orElseThrow();
        LevelRange range = ProgramPlan.levelRange(thumbLeft, left, 10);
        double lowest = left.actuator().lowestTurningLevel();
        assertThat(lowest).as("the lumbar motor stalls below some level").isPositive();
        double cap = Math.min(10, left.actuator().hardMax());
        assertThat(range.max()).isCloseTo(lowest + (cap - lowest) * 0.85 * 1.0, within(1e-9));
        assertThat(range.min()).isCloseTo(lowest + (cap - lowest) * 0.85 * 0.45, within(1e-9));
        assertThat(ProgramPlan.levelRange(thumbLeft, plan.zone("lumbar-right").orElseThrow(), 10))
                .isEqualTo(new LevelRange(0, 0));
    }

    @Test
    void theBareRelativeDriveIsIntensityTimesWaveformAndZeroWhereTheStepDoesNotReach() throws Exception {
        ProgramPlan plan = ProgramPlanner.plan(relief, lumbar);
        PlannedStep left = plan.steps().get(1);
        Duration at = left.start().plusMillis(750);
        assertThat(plan.relativeDrive("lumbar-left", at)).isCloseTo(0.7 * Technique.KNEADING.drive(0.75), within(1e-9));
        assertThat(plan.relativeDrive("lumbar-right", at)).isZero();
        assertThat(plan.relativeDrive("spine", at)).isZero();
        assertThat(plan.relativeDrive("lumbar-left", plan.duration())).isZero();
    }
}
