package org.massaged.controller.app.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.massaged.controller.safety.SessionSnapshot;

/**
 * A {@link SessionSnapshot} as JSON for the local control channel (docs/cli.md). Snake case like the MQTT
 * {@code state} topic, but its own field names (e.g. {@code zone_levels}, {@code remaining_seconds}): the
 * MQTT document adds the next-start choices and HA-friendly names (docs/mqtt.md).
 */
public final class SnapshotJson {

    private SnapshotJson() {}

    public static ObjectNode of(ObjectMapper json, SessionSnapshot snapshot) {
        ObjectNode node = json.createObjectNode();
        node.put("phase", snapshot.phase().wireName());
        node.put("cause", snapshot.cause().text());
        snapshot.program().ifPresentOrElse(program -> node.put("program", program), () -> node.putNull("program"));
        node.put("step_index", snapshot.stepIndex());
        node.put("step_count", snapshot.stepCount());
        snapshot.technique().ifPresentOrElse(technique -> node.put("technique", technique),
                () -> node.putNull("technique"));
        ObjectNode zones = node.putObject("zone_levels");
        new TreeMap<>(snapshot.zoneLevels()).forEach(zones::put);
        node.put("target_level", snapshot.targetLevel());
        node.put("ceiling", snapshot.ceiling());
        node.put("remaining_seconds", snapshot.remainingSeconds());
        node.put("elapsed_seconds", snapshot.elapsedSeconds());
        node.put("heat_requested", snapshot.heatRequested());
        node.put("heater_on", snapshot.heaterOn());
        ObjectNode temperatures = node.putObject("temperatures");
        for (Map.Entry<String, Double> entry : new TreeMap<>(snapshot.temperatures()).entrySet()) {
            temperatures.put(entry.getKey(), entry.getValue());
        }
        snapshot.occupied().ifPresentOrElse(occupied -> node.put("occupied", occupied), () -> node.putNull("occupied"));
        snapshot.fault().ifPresentOrElse(fault -> {
            ObjectNode faultNode = node.putObject("fault");
            faultNode.put("code", fault.code());
            faultNode.put("message", fault.message());
        }, () -> node.putNull("fault"));
        node.put("sessions_today", snapshot.sessionsToday());
        node.put("minutes_today", snapshot.minutesToday());
        node.put("rest_remaining_seconds", snapshot.restRemainingSeconds());
        return node;
    }
}
