package org.massaged.controller.app;

import java.util.Objects;
import org.massaged.controller.safety.SessionSnapshot;

/** Which snapshot changes are worth publishing at once; the rest go out with the once-a-second state. */
final class StateChange {

    private StateChange() {}

    static boolean significant(SessionSnapshot before, SessionSnapshot after) {
        return before.phase() != after.phase()
                || !Objects.equals(before.cause(), after.cause())
                || !Objects.equals(before.program(), after.program())
                || before.stepIndex() != after.stepIndex()
                || before.targetLevel() != after.targetLevel()
                || before.ceiling() != after.ceiling()
                || before.heatRequested() != after.heatRequested()
                || before.heaterOn() != after.heaterOn()
                || !Objects.equals(before.occupied(), after.occupied())
                || !Objects.equals(before.fault(), after.fault());
    }
}
