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
