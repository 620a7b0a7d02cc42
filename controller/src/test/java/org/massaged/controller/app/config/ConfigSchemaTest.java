package org.massaged.controller.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.schema.SchemaAgreement;
import org.massaged.device.profile.schema.SchemaAgreement.Refusal;

/** schema/config.schema.json and {@link ConfigLoader} agree on every key and every bound. */
class ConfigSchemaTest {

    static final Path SCHEMA = Path.of("../device-profiles/src/main/resources/schema/config.schema.json");
    private static final String BASE = """
            profile: chair-lumbar
            defaultProgram: gentle
            allowHighIntensity: false
            remoteStart: allowed
            tickHz: 50
            dailyDoseLimit: 0.5
            simulate: false
            journal: /var/lib/massaged/journal.jsonl
            device:
              tcp: {host: localhost, port: 2000}
            mqtt:
              enabled: true
              broker: tcp://localhost:1883
              commandMaxAge: 30s
              stateInterval: 60s
              tls: {}
            localControl:
              enabled: true
              socket: /tmp/massaged-schema-test.sock
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    private List<Refusal> read(String yaml) {
        try {
            loader.parse(Path.of("/etc/massaged/config.yaml"), yaml, Optional.empty());
            return List.of();
        } catch (ConfigException refused) {
            return refused.problems().stream().map(problem -> new Refusal(problem.field(), problem.reason())).toList();
        }
    }

    @Test
    void theSchemaAndTheLoaderAgreeOnEveryKeyAndBound() {
        String exists = "names a file that must exist (the schema cannot say so)";
        SchemaAgreement agreement = new SchemaAgreement(SCHEMA, this::read, SchemaAgreement.load(BASE), Map.of(
                "userOverride", exists, "programsDirectory", "names a directory that must exist",
                "mqtt.passwordFile", exists, "mqtt.tls.caFile", exists, "mqtt.tls.clientCertificate", exists,
                "mqtt.tls.clientKey", exists, "mqtt.password", "needs a username"));

        assertThat(agreement.disagreements()).isEmpty();
        assertThat(agreement.checks()).as("documents fed to the loader").isGreaterThan(30);
    }

    @Test
    void theExampleConfigurationNamesTheSchema() throws Exception {
        assertThat(Files.readString(Path.of("../packaging/config.example.yaml")))
                .contains("# yaml-language-server: $schema=");
    }
}
