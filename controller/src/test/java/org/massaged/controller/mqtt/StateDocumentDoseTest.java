package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.DoseToday;
import org.massaged.controller.safety.LastSession;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.massaged.device.profile.Vibration;

/** The state document every channel shows carries the day's dose, its limit and the last session, by one name each. */
class StateDocumentDoseTest {

    private static SessionSnapshot with(SessionSnapshot s, Optional<DoseToday> dose, Optional<LastSession> last) {
        return new SessionSnapshot(s.phase(), s.cause(), s.program(), s.stepIndex(), s.stepCount(), s.technique(),
                s.zoneLevels(), s.targetLevel(), s.ceiling(), s.remainingSeconds(), s.elapsedSeconds(),
                s.heatRequested(), s.heaterOn(), s.temperatures(), s.occupied(), s.fault(), s.sessionsToday(),
                s.minutesToday(), s.restRemainingSeconds(), s.next(), dose, last);
    }

    @Test
    void theDoseItsLimitAndTheLastSessionAreInTheDocument() {
        LastSession last = new LastSession("gentle", Instant.parse("2026-11-20T07:10:00Z"), Duration.ofSeconds(561),
                "stop", "stop:mqtt", 4);
        SessionSnapshot snapshot = with(Fixtures.idle(),
                Optional.of(new DoseToday(0.123456, Optional.of(0.5), Vibration.Weighting.ISO_2631_1_WC)),
                Optional.of(last));
        JsonNode state = new StateJson().tree(StateDocument.of(snapshot).at(Instant.parse("2026-11-20T08:00:00Z")));
        assertThat(state.get("dose_a8").asDouble()).isEqualTo(0.123);
        assertThat(state.get("dose_limit").asDouble()).isEqualTo(0.5);
        JsonNode shown = state.get("last_session");
        assertThat(shown.get("ended").asText()).isEqualTo("stop");
        assertThat(shown.get("cause").asText()).isEqualTo("stop:mqtt");
        assertThat(shown.get("program").asText()).isEqualTo("gentle");
        assertThat(shown.get("ended_at").asText()).isEqualTo("2026-11-20T07:10:00Z");
        assertThat(shown.get("ran_s").asLong()).isEqualTo(561);
        assertThat(shown.get("minutes").asDouble()).isEqualTo(9.4);
        assertThat(shown.get("max_level").asInt()).isEqualTo(4);
    }

    @Test
    void withoutFiguresOrALimitOrASessionTheFieldsAreThereAndNull() {
        JsonNode state = new StateJson().tree(StateDocument.of(Fixtures.idle()));
        assertThat(state.get("dose_a8").isNull()).isTrue();
        assertThat(state.get("dose_limit").isNull()).isTrue();
        assertThat(state.get("last_session").isNull()).isTrue();

        SessionSnapshot shownOnly = with(Fixtures.idle(),
                Optional.of(new DoseToday(0.2, Optional.empty(), Vibration.Weighting.ISO_2631_1_WC)), Optional.empty());
        JsonNode unlimited = new StateJson().tree(StateDocument.of(shownOnly));
        assertThat(unlimited.get("dose_a8").asDouble()).isEqualTo(0.2);
        assertThat(unlimited.get("dose_limit").isNull()).isTrue();
    }
}
