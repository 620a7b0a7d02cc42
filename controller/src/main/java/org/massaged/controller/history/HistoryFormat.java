package org.massaged.controller.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.json.JsonCodec;

/**
 * The lines of the history store, one JSON object each (docs/history.md, "Files"). A session file holds a
 * {@code start} line, {@code sample} lines and, once it ended, an {@code end} line; the index holds one summary per
 * finished session, with the same field names {@code massaged history --json} prints.
 */
final class HistoryFormat {

    /** A line of a session file. */
    sealed interface Line {}

    record Start(long id, String program, Instant started, Duration planned, int level, boolean heat, String origin)
            implements Line {}

    record Sample(TraceSample sample) implements Line {}

    /** @param exposure the session's vibration exposure (m²/s³), empty when not counted (a profile without figures) */
    record End(Instant ended, Duration ran, String endedBy, String endedKind, boolean completed, int maxLevel,
               int endLevel, int peakLevel, Optional<Double> exposure) implements Line {}

    private final JsonCodec json = new JsonCodec();

    String start(Start start) {
        return json.write(JsonCodec.object().put("type", "start").put("id", start.id()).put("program", start.program())
                .put("started_at", start.started().toString()).put("planned_s", start.planned().toSeconds())
                .put("level", start.level()).put("heat", start.heat()).put("origin", start.origin()));
    }

    String sample(TraceSample sample) {
        ObjectNode node = JsonCodec.object().put("type", "sample");
        node.setAll(HistoryJson.sample(sample));
        return json.write(node);
    }

    String end(End end) {
        return json.write(JsonCodec.object().put("type", "end").put("ended_at", end.ended().toString())
                .put("ran_s", end.ran().toSeconds()).put("ended_by", end.endedBy()).put("ended_kind", end.endedKind())
                .put("completed", end.completed()).put("max_level", end.maxLevel()).put("end_level", end.endLevel())
                .put("peak_level", end.peakLevel()).put("exposure", end.exposure().orElse(null)));
    }

    /** The summary as the index stores it and {@code massaged history --json} prints it. */
    String summary(SessionSummary s) {
        return json.write(HistoryJson.summary(s));
    }

    Line line(String text) throws IOException {
        JsonNode node = json.read(text);
        String type = required(node, "type").asText();
        return switch (type) {
            case "start" -> new Start(required(node, "id").asLong(), required(node, "program").asText(),
                    Instant.parse(required(node, "started_at").asText()),
                    Duration.ofSeconds(required(node, "planned_s").asLong()), required(node, "level").asInt(),
                    required(node, "heat").asBoolean(), required(node, "origin").asText());
            case "sample" -> new Sample(new TraceSample(required(node, "t").asDouble(), map(node.path("level")),
                    map(node.path("rpm")), map(node.path("temp"))));
            case "end" -> new End(Instant.parse(required(node, "ended_at").asText()),
                    Duration.ofSeconds(required(node, "ran_s").asLong()), required(node, "ended_by").asText(),
                    required(node, "ended_kind").asText(), required(node, "completed").asBoolean(),
                    required(node, "max_level").asInt(), required(node, "end_level").asInt(),
                    required(node, "peak_level").asInt(), exposure(node));
            default -> throw new IOException("unknown type \"" + type + "\"");
        };
    }

    SessionSummary indexLine(String text) throws IOException {
        JsonNode node = json.read(text);
        return new SessionSummary(required(node, "id").asLong(), required(node, "program").asText(),
                Instant.parse(required(node, "started_at").asText()), optionalText(node, "ended_at").map(Instant::parse),
                Duration.ofSeconds(required(node, "planned_s").asLong()),
                Duration.ofSeconds(required(node, "ran_s").asLong()), required(node, "start_level").asInt(),
                required(node, "max_level").asInt(), required(node, "end_level").asInt(),
                required(node, "peak_level").asInt(), required(node, "heat").asBoolean(), required(node, "origin").asText(),
                optionalText(node, "ended_by"), optionalText(node, "ended_kind"), required(node, "completed").asBoolean(),
                exposure(node));
    }

    /** {@code exposure}: absent or null in records written before it was kept, and then unknown (not zero). */
    private static Optional<Double> exposure(JsonNode node) {
        JsonNode value = node.get("exposure");
        return value != null && value.isNumber() && Double.isFinite(value.asDouble()) && value.asDouble() >= 0
                ? Optional.of(value.asDouble()) : Optional.empty();
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("missing field \"" + field + "\"");
        }
        return value;
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Map<String, Double> map(JsonNode node) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), entry.getValue().asDouble());
        }
        return values;
    }
}
