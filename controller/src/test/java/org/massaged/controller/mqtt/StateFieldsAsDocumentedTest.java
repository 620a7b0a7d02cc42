package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.junit.jupiter.api.Test;

/** The state document's encoder writes the fields of docs/mqtt.md's state table, all of them, in its order. */
class StateFieldsAsDocumentedTest {

    private static final Path DOCS = Path.of("../docs/mqtt.md");
    private static final Pattern FIELD = Pattern.compile("`([a-z0-9_]+)`");

    @Test
    void everyDocumentedFieldInTheDocumentedOrderAndNoOther() throws Exception {
        JsonNode running = new StateJson().tree(
                StateDocument.of(Fixtures.running("kneading", 4, 200)).at(Instant.parse("2026-11-30T00:00:00Z")));
        List<String> written = new ArrayList<>();
        running.fieldNames().forEachRemaining(written::add);
        assertThat(written).containsExactlyElementsOf(documentedFields());
    }

    @Test
    void absentValuesAreWrittenAsNullNotLeftOut() {
        JsonNode idle = new StateJson().tree(StateDocument.of(Fixtures.idle()));
        assertThat(idle.get("program").isNull()).isTrue();
        assertThat(idle.get("updated_at").isNull()).isTrue();
        assertThat(idle.get("last_session").isNull()).isTrue();
    }

    private static List<String> documentedFields() throws Exception {
        String text = Files.readString(DOCS);
        String section = text.substring(text.indexOf("\n## state\n"), text.indexOf("\n## availability and link\n"));
        List<String> fields = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher names = FIELD.matcher(line.substring(0, line.indexOf(" |", 2)));
            while (names.find()) {
                fields.add(names.group(1));
            }
        }
        return fields;
    }
}
