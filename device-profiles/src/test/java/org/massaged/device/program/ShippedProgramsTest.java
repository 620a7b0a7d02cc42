package org.massaged.device.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;

/** Every shipped program loads, ends with the long slow stroke, and plays on every shipped device. */
class ShippedProgramsTest {

    private final ProfileCatalogue profiles = ProfileCatalogue.builtIn();
    private final ProgramCatalogue programs = ProgramCatalogue.builtIn(profiles);

    @Test
    void theFiveShippedProgramsLoad() {
        assertThat(programs.ids()).containsExactlyInAnyOrder(
                "gentle", "lower-back-relief", "shiatsu-rhythm", "knots", "wind-down");
    }

    @Test
    void theDefaultProgramIsShippedAndIsTheGentlest() {
        Program gentle = programs.find(ProgramCatalogue.DEFAULT_PROGRAM).orElseThrow();
        double gentlest = gentle.steps().stream().mapToDouble(Step::intensity).max().orElseThrow();
        for (Program program : programs.all()) {
            assertThat(program.steps().stream().mapToDouble(Step::intensity).max().orElseThrow())
                    .as(program.id()).isGreaterThanOrEqualTo(gentlest);
        }
        assertThat(gentle.steps()).extracting(Step::technique)
                .doesNotContain(Technique.TAPPING, Technique.KNUCKLING, Technique.SHIATSU);
    }

    @Test
    void windDownIsWarmAndHasNothingBrisk() {
        Program windDown = programs.find("wind-down").orElseThrow();
        assertThat(windDown.steps()).noneMatch(step -> step.technique() == Technique.TAPPING
                || step.technique() == Technique.KNUCKLING || step.technique() == Technique.SHIATSU);
        assertThat(windDown.steps().get(0).heat()).isTrue();
    }

    @Test
    void lowerBackReliefWarmsUpThenWorksEachSideSeparatelyThenBothEndingWithSpreadsAndTheStroke() {
        List<Step> steps = programs.find("lower-back-relief").orElseThrow().steps();
        assertThat(steps.get(0).heat()).isTrue();
        assertThat(steps).extracting(Step::zones).containsExactly(List.of("both"), List.of("left"), List.of("right"),
                List.of("both"), List.of("both"), List.of("both"));
        assertThat(steps.get(steps.size() - 2).technique()).isEqualTo(Technique.BACK_SPREADS);
    }

    @Test
    void knotsDwellsWithThumbCirclingOnEachSide() {
        List<Step> steps = programs.find("knots").orElseThrow().steps();
        assertThat(steps).filteredOn(step -> step.technique() == Technique.THUMB_CIRCLING)
                .extracting(Step::zones).containsExactly(List.of("left"), List.of("right"));
    }

    @Test
    void shiatsuRhythmIsMostlyShiatsu() {
        List<Step> steps = programs.find("shiatsu-rhythm").orElseThrow().steps();
        assertThat(steps.stream().filter(step -> step.technique() == Technique.SHIATSU).mapToDouble(Step::share).sum())
                .isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void everyProgramEndsWithTheLongSlowStrokeAndItsSharesMakeTheWholeSession() {
        for (Program program : programs.all()) {
            List<Step> steps = program.steps();
            assertThat(steps.get(steps.size() - 1).technique()).as(program.id()).isEqualTo(Technique.LONG_SLOW_STROKE);
            assertThat(steps.stream().mapToDouble(Step::share).sum()).as(program.id())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void everyProgramPlaysOnEveryShippedProfileForEveryWholeMinuteFromFiveToFifteen() throws Exception {
        for (DeviceProfile profile : profiles.all()) {
            for (Program program : programs.all()) {
                for (int minutes = 5; minutes <= 15; minutes++) {
                    ProgramPlan plan = ProgramPlanner.plan(program, profile, Duration.ofMinutes(minutes));
                    assertThat(plan.steps().get(plan.steps().size() - 1).end()).isEqualTo(Duration.ofMinutes(minutes));
                }
            }
        }
    }
}
