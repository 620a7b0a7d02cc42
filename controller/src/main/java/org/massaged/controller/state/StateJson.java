package org.massaged.controller.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.massaged.controller.json.JsonCodec;

/**
 * The one encoder of the {@link StateDocument}: the same bytes on MQTT, the local socket and the command line, its
 * fields in the order of docs/mqtt.md's table. One per owner, never static: daemons sharing a JVM share no state.
 */
public final class StateJson {

    private final JsonCodec json = new JsonCodec();

    public byte[] bytes(StateDocument document) {
        return json.bytes(tree(document));
    }

    /** The document as a JSON object, to embed in an answer (written out, it is {@link #bytes}). */
    public ObjectNode tree(StateDocument d) {
        ObjectNode node = JsonCodec.object()
                .put("phase", d.phase()).put("cause", d.cause()).put("active", d.active())
                .put("program", d.program()).put("step", d.step()).put("step_count", d.stepCount())
                .put("technique", d.technique());
        node.set("zones", numbers(d.zones()));
        node.put("target_level", d.targetLevel()).put("ceiling", d.ceiling())
                .put("remaining_s", d.remainingSeconds()).put("elapsed_s", d.elapsedSeconds())
                .put("heat", d.heat()).put("heater_on", d.heaterOn());
        node.set("temperatures", numbers(d.temperatures()));
        node.put("occupied", d.occupied()).put("fault", d.fault()).put("fault_code", d.faultCode())
                .put("fault_message", d.faultMessage()).put("sessions_today", d.sessionsToday())
                .put("minutes_today", d.minutesToday()).put("rest_remaining_s", d.restRemainingSeconds());
        node.set("next", next(d.next()));
        node.put("program_shown", d.programShown()).put("level_shown", d.levelShown())
                .put("heat_shown", d.heatShown()).put("dose_a8", d.doseA8()).put("dose_limit", d.doseLimit());
        node.set("last_session", last(d.lastSession()));
        return node.put("updated_at", d.updatedAt());
    }

    private static ObjectNode numbers(Map<String, Double> values) {
        ObjectNode node = JsonCodec.object();
        values.forEach(node::put);
        return node;
    }

    private static ObjectNode next(StateDocument.Next next) {
        return next == null ? null : JsonCodec.object().put("program", next.program())
                .put("duration", next.duration()).put("level", next.level()).put("heat", next.heat());
    }

    private static ObjectNode last(StateDocument.Last last) {
        return last == null ? null : JsonCodec.object().put("ended", last.ended()).put("cause", last.cause())
                .put("program", last.program()).put("ended_at", last.endedAt()).put("ran_s", last.ranSeconds())
                .put("minutes", last.minutes()).put("max_level", last.maxLevel());
    }
}
