package org.massaged.device.profile.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.schema.SchemaAgreement.Refusal;
import org.massaged.device.program.ProgramLoader;

/**
 * The published schemas (schema/*.schema.json) and the readers agree on every key and bound; and the check
 * itself notices a reader that drifts from its schema.
 */
class SchemaAgreementTest {

    private static final Path SCHEMAS = Path.of("src/main/resources/schema");
    private static final Path RESOURCES = Path.of("src/main/resources");

    interface Parse {
        void parse(String yaml) throws ProfileValidationException;
    }

    static Function<String, List<Refusal>> reader(Parse parse) {
        return yaml -> {
            try {
                parse.parse(yaml);
                return List.of();
            } catch (ProfileValidationException refused) {
                return refused.problems().stream().map(problem -> new Refusal(problem.path(), problem.expected())).toList();
            }
        };
    }

    /** Where the profile reader narrows a field's range by another field of the same profile. */
    private static final Map<String, String> PROFILE_RELATIONS = Map.ofEntries(
            Map.entry("zones[0].actuator.defaultLevel", "at most levels, and its steps reach offBelow"),
            Map.entry("zones[0].actuator.homeMax", "at most levels and at most hardMax"),
            Map.entry("zones[0].actuator.hardMax", "at most levels"),
            Map.entry("zones[0].actuator.offBelow", "at most steps"),
            Map.entry("zones[0].actuator.kickStart.steps", "at most steps"),
            Map.entry("zones[0].actuator.shutdownValue", "at most steps"),
            Map.entry("zones[0].actuator.rampUpLevelsPerSecond", "at most levels per second"),
            Map.entry("zones[0].actuator.rampDownLevelsPerSecond", "at most levels per second"),
            Map.entry("heater.tripCelsius", "above setpointCelsius"),
            Map.entry("vibration.accelerationPerLevel", "one figure per level of the zones"),
            Map.entry("transport.gpio.enable.pull", "an output rests off: pull down when activeHigh, up when not"));

    @Test
    void theProfileSchemaAndTheProfileReaderAgree() throws Exception {
        for (String profile : List.of("lumbar-duo-serial", "body-massager-gpio")) {
            SchemaAgreement agreement = new SchemaAgreement(SCHEMAS.resolve("profile.schema.json"),
                    reader(yaml -> ProfileLoader.parse("p.yaml", yaml)),
                    SchemaAgreement.load(Files.readString(RESOURCES.resolve("profiles/" + profile + ".yaml"))),
                    PROFILE_RELATIONS);
            assertThat(agreement.disagreements()).as(profile).isEmpty();
            assertThat(agreement.checks()).as(profile).isGreaterThan(40);
        }
    }

    @Test
    void theProgramSchemaAndTheProgramReaderAgree() throws Exception {
        ProfileCatalogue profiles = ProfileCatalogue.builtIn();
        SchemaAgreement agreement = new SchemaAgreement(SCHEMAS.resolve("program.schema.json"),
                reader(yaml -> ProgramLoader.parse("g.yaml", yaml, profiles)),
                SchemaAgreement.load(Files.readString(RESOURCES.resolve("programs/gentle.yaml"))),
                Map.of("steps[0].share", "a step lasts at least 10 s in the shortest session",
                        "steps", "the steps' shares add up to 1"));
        assertThat(agreement.disagreements()).isEmpty();
    }

    @Test
    void theOverrideSchemaAndTheOverrideReaderAgree() throws Exception {
        var base = ProfileCatalogue.builtIn().find("lumbar-duo-serial").orElseThrow();
        SchemaAgreement agreement = new SchemaAgreement(SCHEMAS.resolve("override.schema.json"),
                reader(yaml -> ProfileLoader.applyOverride(base, "o.yaml", yaml)),
                SchemaAgreement.load("""
                        version: 1
                        profile: lumbar-duo-serial
                        name: Anna
                        zones: {lumbar-left: {defaultLevel: 2, homeMax: 5, hardMax: 6, rampUpLevelsPerSecond: 0.3}}
                        heater: {enabled: true, maxWarmUp: 2m}
                        session: {defaultDuration: 8m, minDuration: 6m, maxDuration: 10m}
                        """), Map.of(
                "zones.lumbar-left.defaultLevel", "its steps must still reach the profile's offBelow",
                "heater.setpointCelsius", "an override may only lower the profile's setpoint",
                "heater.tripCelsius", "an override may only lower the profile's trip, which stays above the setpoint"));
        assertThat(agreement.disagreements()).isEmpty();
    }

    @Test
    void aReaderThatDriftsFromItsSchemaIsCaught(@TempDir Path directory) throws Exception {
        Path schema = Files.writeString(directory.resolve("toy.schema.json"), """
                {"type": "object", "additionalProperties": false,
                 "properties": {"level": {"type": "integer", "minimum": 1, "maximum": 10},
                                "mode": {"enum": ["a", "b"]}, "extra": {"type": "string"}}}
                """);
        Function<String, List<Refusal>> drifted = yaml -> {
            Map<?, ?> document = (Map<?, ?>) SchemaAgreement.load(yaml);
            List<Refusal> refusals = new ArrayList<>();
            document.forEach((key, value) -> {
                switch (String.valueOf(key)) {
                    case "level" -> {
                        if (!(value instanceof Integer level) || level < 1 || level > 9) {
                            refusals.add(new Refusal("level", "an integer from 1 to 9"));
                        }
                    }
                    case "mode" -> {
                        if (!List.of("a", "b", "c").contains(value)) {
                            refusals.add(new Refusal("mode", "a, b or c"));
                        }
                    }
                    default -> refusals.add(new Refusal(String.valueOf(key), "no key here; known keys: level, mode"));
                }
            });
            return refusals;
        };

        List<String> found = new SchemaAgreement(schema, drifted, SchemaAgreement.load("level: 5\nmode: a\n"), Map.of())
                .disagreements();

        assertThat(found).containsExactlyInAnyOrder(
                ": keys only the reader knows [], only the schema [extra]",
                "level = 10 (maximum): the schema accepts it, the reader refuses: [Refusal[path=level, "
                        + "message=an integer from 1 to 9]]");
    }

    @Test
    void aReaderThatIgnoresTextAndListRulesIsCaught(@TempDir Path directory) throws Exception {
        Path schema = Files.writeString(directory.resolve("toy.schema.json"), """
                {"type": "object", "additionalProperties": false,
                 "properties": {"version": {"const": 1},
                                "id": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 4},
                                "tags": {"type": "array", "minItems": 1, "maxItems": 2,
                                         "items": {"type": "string", "enum": ["x", "y"]}},
                                "names": {"oneOf": [{"type": "string", "pattern": "^[a-z]+$"},
                                    {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-z]+$"}}]}}}
                """);
        Function<String, List<Refusal>> lax = yaml -> {
            Map<?, ?> document = (Map<?, ?>) SchemaAgreement.load(yaml);
            List<Refusal> refusals = new ArrayList<>();
            document.forEach((key, value) -> {
                switch (String.valueOf(key)) {
                    case "version", "id", "names" -> { }
                    case "tags" -> {
                        if (!(value instanceof List<?> tags) || tags.isEmpty()) {
                            refusals.add(new Refusal("tags", "at least one tag"));
                        }
                    }
                    default -> refusals.add(new Refusal(String.valueOf(key),
                            "no key here; known keys: id, names, tags, version"));
                }
            });
            return refusals;
        };

        Object base = SchemaAgreement.load("version: 1\nid: abc\ntags: [x]\nnames: abc\n");
        List<String> found = new SchemaAgreement(schema, lax, base, Map.of()).disagreements();

        assertThat(found).extracting(line -> line.substring(0, line.indexOf(" (")))
                .containsExactlyInAnyOrder("version = 2", "id = ", "id = a", "id = abccc",
                        "tags = [x, x, x]", "tags[0] = zz-none-of-these",
                        "names = ", "names = []", "names = []", "names = {zz=1}");
    }
}
