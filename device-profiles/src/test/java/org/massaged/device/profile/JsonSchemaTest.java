package org.massaged.device.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The JSON Schemas editors use know every key the shipped files use, where they use it; a key added to
 * the loader and the shipped files but forgotten in the schema fails here.
 */
class JsonSchemaTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private final Load load = new Load(LoadSettings.builder().build());

    @Test
    void everyKeyOfEveryShippedProfileAndProgramIsDeclaredInItsSchema() throws IOException {
        check("profile", RESOURCES.resolve("profiles"));
        check("program", RESOURCES.resolve("programs"));
    }

    @Test
    void theOverrideSchemaDeclaresWhatTheOverrideTestsUse() throws IOException {
        Map<?, ?> schema = schema("override");
        Object example = load.loadFromString("""
                version: 1
                kind: override
                profile: lumbar-duo-serial
                name: Anna
                disableZones: [lumbar-left]
                zones: {lumbar-right: {defaultLevel: 2, homeMax: 5, hardMax: 6, rampUpLevelsPerSecond: 0.3}}
                heater: {enabled: true, setpointCelsius: 38, tripCelsius: 40, maxWarmUp: 2m}
                session: {defaultDuration: 8m, minDuration: 6m, maxDuration: 10m, minRest: 1h, dailyBudget: 30m,
                          pauseTimeout: 1m}
                """);
        List<String> undeclared = new ArrayList<>();
        walk(schema, schema, example, "", undeclared);
        assertThat(undeclared).isEmpty();
    }

    private void check(String kind, Path dir) throws IOException {
        Map<?, ?> schema = schema(kind);
        List<String> undeclared = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                walk(schema, schema, load.loadFromString(Files.readString(file)), file.getFileName() + ":", undeclared);
            }
        }
        assertThat(undeclared).isEmpty();
    }

    private Map<?, ?> schema(String kind) throws IOException {
        return (Map<?, ?>) load.loadFromString(Files.readString(RESOURCES.resolve("schema/" + kind + ".schema.json")));
    }

    /** Follows the value and the schema together through properties, items, $ref and allOf. */
    private void walk(Map<?, ?> root, Map<?, ?> schema, Object value, String path, List<String> undeclared) {
        Map<?, ?> resolved = resolve(root, schema);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Map<?, ?> child = property(root, resolved, String.valueOf(entry.getKey()));
                if (child == null) {
                    undeclared.add(path + "." + entry.getKey());
                } else {
                    walk(root, child, entry.getValue(), path + "." + entry.getKey(), undeclared);
                }
            }
        } else if (value instanceof List<?> list && resolved.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                walk(root, items, list.get(i), path + "[" + i + "]", undeclared);
            }
        }
    }

    private Map<?, ?> property(Map<?, ?> root, Map<?, ?> schema, String key) {
        if (schema.get("properties") instanceof Map<?, ?> properties && properties.get(key) instanceof Map<?, ?> found) {
            return found;
        }
        if (schema.get("allOf") instanceof List<?> all) {
            for (Object part : all) {
                Map<?, ?> found = property(root, resolve(root, (Map<?, ?>) part), key);
                if (found != null) {
                    return found;
                }
            }
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> any) {
            return any;
        }
        return null;
    }

    private Map<?, ?> resolve(Map<?, ?> root, Map<?, ?> schema) {
        Object ref = schema.get("$ref");
        if (ref instanceof String pointer && pointer.startsWith("#/$defs/")) {
            return resolve(root, (Map<?, ?>) ((Map<?, ?>) root.get("$defs")).get(pointer.substring("#/$defs/".length())));
        }
        return schema;
    }
}
