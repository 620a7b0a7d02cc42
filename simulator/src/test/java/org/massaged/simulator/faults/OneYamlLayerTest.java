package org.massaged.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.device.profile.ProfileLoader;

/**
 * The configuration, a profile and a fault script go through one YAML layer: the same broken text is
 * refused at the same file:line:column by all three, whatever words each reader then uses.
 */
class OneYamlLayerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a value where a key should be | '- at: 1s\\n  fault: reset: now\\n' | 2:15",
        "a tab for indentation         | '- at: 1s\\n\\tfault: reset\\n'      | 2:1",
        "an unclosed quote             | '- at: \"1s\\n  fault: reset\\n'     | 3:1"
    })
    void everyReaderRefusesTheSameBrokenTextAtTheSamePlace(String what, String escaped, String place) {
        String text = escaped.replace("\\n", "\n").replace("\\t", "\t");

        assertThat(List.of(config(text), profile(text), faults(text))).as(what)
                .containsExactly("c.yaml:" + place, "p.yaml:" + place, "f.yaml:" + place);
    }

    @Test
    void aKeyWrittenTwiceIsReportedAtTheSecondKeyByEveryReader() {
        String mapping = "tickHz: 20\nid: x\ntickHz: 30\n";

        assertThat(List.of(config(mapping), profile(mapping), faults("- at: 1s\n  fault: reset\n  at: 2s\n")))
                .containsExactly("c.yaml:3:1", "p.yaml:3:1", "f.yaml:3:3");
    }

    private static String config(String text) {
        return place(() -> new ConfigLoader(Map.of()).parse(Path.of("c.yaml"), text, Optional.empty()), "tickHz");
    }

    private static String profile(String text) {
        return place(() -> ProfileLoader.parse("p.yaml", text), "tickHz");
    }

    private static String faults(String text) {
        return place(() -> FaultScenario.parse("f.yaml", text), "at");
    }

    /**
     * {@code file:line:column} of the problem that names {@code key} twice, or else of the first problem with
     * a place.
     */
    private static String place(ThrowingCallable reading, String key) {
        Throwable refused = catchThrowable(reading);
        assertThat(refused).isNotNull();
        List<String> placed = refused.getMessage().lines().map(String::strip)
                .filter(line -> line.matches("\\S+:\\d+:\\d+: .*")).toList();
        assertThat(placed).as(refused.getMessage()).isNotEmpty();
        String chosen = placed.stream().filter(line -> line.contains("duplicate key") || line.contains("each key once"))
                .findFirst().orElse(placed.get(0));
        String[] parts = chosen.split(":", 4);
        return parts[0] + ":" + parts[1] + ":" + parts[2];
    }
}
