package org.massaged.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.program.ProgramLoader;
import org.massaged.device.profile.yaml.YamlFiles;

/**
 * The configuration, a profile, a program and a fault script go through one YAML layer: the same broken text
 * is refused at the same file:line:column by every reader, and the same kind of mistake (a wrong type, a number
 * out of range, an unknown key, a bad duration) reads the same words, at the place of the value or key.
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

    private static final String CONFIG = "profile: p\ntickHz: 50\nmqtt:\n  commandMaxAge: 30s\n";
    private static final String FAULTS = "- at: 1s\n  fault: reset\n";
    private static final String WRONG_TYPE = "got \"lots\", expected (an integer|a number) (from|above) [0-9.]+ (to|and up to) [0-9.]+";
    private static final String OUT_OF_RANGE = "got \"999\", expected (an integer|a number) (from|above) [0-9.]+ (to|and up to) [0-9.]+";
    private static final String UNKNOWN_KEY = "expected no key \"zzTypo\" here; known keys: [a-zA-Z, ]+";
    private static final String BAD_DURATION = "got \"-5s\", expected a duration from \\w+ to \\w+, written with a unit "
            + "\\(ms, s, m, h\\) and no sign, e\\.g\\. 10m, 1m30s or 500ms";

    /** Each kind of mistake in each reader: the text, the problem's path, the words it must read. */
    static List<Object[]> mistakes() {
        String profile = resource("profiles/body-massager-serial.yaml");
        String program = resource("programs/gentle.yaml");
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"config", CONFIG.replace("tickHz: 50", "tickHz: lots"), "tickHz: lots", "tickHz", WRONG_TYPE});
        cases.add(new Object[] {"config", CONFIG.replace("tickHz: 50", "tickHz: 999"), "tickHz: 999", "tickHz",
                OUT_OF_RANGE});
        cases.add(new Object[] {"config", CONFIG + "zzTypo: 1\n", "zzTypo", "zzTypo", UNKNOWN_KEY});
        cases.add(new Object[] {"config", CONFIG.replace("commandMaxAge: 30s", "commandMaxAge: -5s"), "commandMaxAge: -5s",
                "mqtt.commandMaxAge", BAD_DURATION});
        cases.add(new Object[] {"profile", profile.replace("dataBits: 8", "dataBits: lots"), "dataBits: lots",
                "transport.serial.dataBits", WRONG_TYPE});
        cases.add(new Object[] {"profile", profile.replace("dataBits: 8", "dataBits: 999"), "dataBits: 999",
                "transport.serial.dataBits", OUT_OF_RANGE});
        cases.add(new Object[] {"profile", profile.replace("\nidentity:", "\nzzTypo: 1\nidentity:"), "zzTypo", "zzTypo",
                UNKNOWN_KEY});
        cases.add(new Object[] {"profile", profile.replace("lease: 750ms", "lease: -5s"), "lease: -5s", "zones[0].actuator.lease",
                BAD_DURATION});
        cases.add(new Object[] {"program", program.replaceFirst("intensity: 0.5\n", "intensity: lots\n"), "intensity: lots",
                "steps[0].intensity", WRONG_TYPE});
        cases.add(new Object[] {"program", program.replaceFirst("intensity: 0.5\n", "intensity: 999\n"), "intensity: 999",
                "steps[0].intensity", OUT_OF_RANGE});
        cases.add(new Object[] {"program", program.replace("\nsteps:", "\nzzTypo: 1\nsteps:"), "zzTypo", "zzTypo",
                UNKNOWN_KEY});
        cases.add(new Object[] {"program", program.replaceFirst("share: 0.4\n", "duration: -5s\n"), "duration: -5s",
                "steps[0].duration", BAD_DURATION});
        cases.add(new Object[] {"faults", FAULTS + "  zzTypo: 1\n", "zzTypo", "[0].zzTypo", UNKNOWN_KEY});
        cases.add(new Object[] {"faults", FAULTS.replace("at: 1s", "at: -5s"), "at: -5s", "[0].at", BAD_DURATION});
        return cases;
    }

    @ParameterizedTest(name = "{0}: {3}")
    @org.junit.jupiter.params.provider.MethodSource("mistakes")
    void theSameMistakeReadsTheSameWordsAtItsPlaceInEveryReader(String reader, String text, String written,
                                                                String path, String words) {
        String file = reader + ".yaml";
        Throwable refused = catchThrowable(() -> read(reader, file, text));
        assertThat(refused).as(reader + " accepted " + path).isNotNull();
        int offset = text.indexOf(written) + (written.contains(": ") ? written.indexOf(": ") + 2 : 0);
        int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
        int column = offset - text.lastIndexOf('\n', offset - 1);

        assertThat(refused.getMessage().lines().map(String::strip))
                .as(refused.getMessage())
                .anyMatch(problem -> problem.matches(java.util.regex.Pattern.quote(file + ":" + line + ":" + column + ": "
                        + path + ": ") + words));
    }

    private static void read(String reader, String file, String text) throws Exception {
        switch (reader) {
            case "config" -> new ConfigLoader(Map.of()).parse(Path.of(file), text, Optional.empty());
            case "profile" -> ProfileLoader.parse(file, text);
            case "program" -> ProgramLoader.parse(file, text, ProfileCatalogue.builtIn());
            case "faults" -> FaultScenario.parse(file, text);
            default -> throw new IllegalArgumentException(reader);
        }
    }

    private static String resource(String name) {
        return YamlFiles.text("classpath:" + name).orElseThrow();
    }
}
