package org.massaged.device.profile.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "150ms, 150", "30s, 30000", "1m, 60000", "10min, 600000", "1m30s, 90000", "2h, 7200000",
        "1.5s, 1500", "0s, 0", "1h2m3s4ms, 3723004", "' 5s ', 5000", "240h, 864000000"
    })
    void readsTheDocumentedForms(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
        assertThat(Durations.require(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "5", "0", "-5s", "+5s", "5 s", "30s1m", "1s1s", "5sec", "1.s", ".5s", "5S",
        "241h", "1e3ms", "s"})
    void refusesEverythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
        assertThatThrownBy(() -> Durations.require(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("like 200ms, 2s, 1m or 1h");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"-5s", " -1m"})
    void aNegativeDurationIsNamedSo(String text) {
        assertThatThrownBy(() -> Durations.require(text))
                .hasMessage("'" + text + "' is negative; a duration is never negative, write it like 200ms, 2s, 1m or 1h");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"150ms", "30s", "1m30s", "2h", "2h0m5s"})
    void showReadsBack(String text) {
        Duration duration = Durations.require(text);
        assertThat(Durations.require(Durations.show(duration))).isEqualTo(duration);
    }
}
