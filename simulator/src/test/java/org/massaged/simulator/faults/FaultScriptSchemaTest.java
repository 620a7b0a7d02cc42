package org.massaged.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.schema.SchemaAgreement;
import org.massaged.device.profile.schema.SchemaAgreement.Refusal;

/** schema/faults.schema.json and {@link FaultScenario} agree on every key and every bound. */
class FaultScriptSchemaTest {

    private static final Path SCHEMA = Path.of("../device-profiles/src/main/resources/schema/faults.schema.json");
    private static final Pattern PROBLEM = Pattern.compile("^[^:]*:\\d+:\\d+: (?:(\\S*): )?(.*)$");

    private static List<Refusal> read(String yaml) {
        try {
            FaultScenario.parse("faults.yaml", yaml);
            return List.of();
        } catch (IllegalArgumentException refused) {
            List<Refusal> refusals = new ArrayList<>();
            for (String line : refused.getMessage().split("\\R")) {
                Matcher matcher = PROBLEM.matcher(line);
                refusals.add(matcher.matches() ? new Refusal(matcher.group(1) == null ? "" : matcher.group(1),
                        matcher.group(2)) : new Refusal("", line));
            }
            return refusals;
        }
    }

    @Test
    void theSchemaAndTheReaderAgreeOnEveryKeyAndBound() {
        SchemaAgreement agreement = new SchemaAgreement(SCHEMA, FaultScriptSchemaTest::read,
                SchemaAgreement.load("- {at: 1s, fault: reset}\n- {at: 2s, fault: drop 0.2}\n"), Map.of());

        assertThat(agreement.disagreements()).isEmpty();
        assertThat(agreement.checks()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theSchemaNamesEveryFaultTheInjectorKnowsAndNoOther() throws Exception {
        String schema = java.nio.file.Files.readString(SCHEMA);
        Matcher verbs = Pattern.compile("\\^\\(([a-z|-]+)\\)").matcher(schema);
        assertThat(verbs.find()).as("the fault pattern in " + SCHEMA).isTrue();
        String refusal = "";
        try {
            new FaultInjector(org.mockito.Mockito.mock(FaultTarget.class)).command("explode");
        } catch (IllegalArgumentException expected) {
            refusal = expected.getMessage();
        }
        assertThat(refusal).contains("expected one of ");
        List<String> known = List.of(refusal.substring(refusal.indexOf("expected one of ") + 16).split(",\\s*"));
        assertThat(List.of(verbs.group(1).split("\\|"))).containsExactlyInAnyOrderElementsOf(known);
    }
}
