package org.massaged.controller.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place of the history's JSON field names: the index lines, the sample lines of a session file and what
 * {@code massaged history --json} prints (docs/history.md lists them; they are stable).
 */
public final class HistoryJson {

    private HistoryJson() {}

    public static ObjectNode summary(SessionSummary s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("id", s.id()).put("program", s.program())
                .put("started_at", s.started().toString());
        node.put("ended_at", s.ended().map(Instant::toString).orElse(null));
        node.put("planned_s", s.planned().toSeconds()).put("ran_s", s.ran().toSeconds())
                .put("start_level", s.startLevel()).put("max_level", s.maxLevel()).put("end_level", s.endLevel())
                .put("peak_level", s.peakLevel()).put("heat", s.heat()).put("origin", s.origin());
        node.put("ended_by", s.endedBy().orElse(null));
        node.put("ended_kind", s.endedKind().orElse(null));
        node.put("completed", s.completed());
        return node.put("exposure", s.exposure().orElse(null));
    }

    /** {@code {"t":12.0,"level":{"back":3.52},"rpm":{"back":1056},"temp":{"pad":38.2}}}, rounded as stored. */
    public static ObjectNode sample(TraceSample sample) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("t", round(sample.at(), 10));
        map(node.putObject("level"), sample.levels(), 100);
        map(node.putObject("rpm"), sample.rpm(), 1);
        map(node.putObject("temp"), sample.temperatures(), 10);
        return node;
    }

    private static void map(ObjectNode into, Map<String, Double> values, int scale) {
        new TreeMap<>(values).forEach((key, value) -> into.put(key, round(value, scale)));
    }

    static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
