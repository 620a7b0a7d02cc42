package org.massaged.controller.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;

/** The JSON documents the bridge publishes: state, event and response (fields listed in docs/mqtt.md). */
public final class Payloads {

    private final ObjectMapper json = JsonMapper.builder().build();

    public ObjectMapper mapper() {
        return json;
    }

    /** The retained state, without the time stamp: equal documents mean nothing changed. */
    public ObjectNode state(SessionSnapshot snapshot, NextStart next, DeviceLimits limits) {
        ObjectNode node = json.createObjectNode();
        node.put("phase", snapshot.phase().wireName());
        node.put("cause", snapshot.cause());
        node.put("active", CommandPlanner.sessionActive(snapshot.phase()));
        putOptional(node, "program", snapshot.program());
        node.put("step", snapshot.stepCount() == 0 ? 0 : snapshot.stepIndex() + 1);
        node.put("step_count", snapshot.stepCount());
        putOptional(node, "technique", snapshot.technique().map(text -> text.toLowerCase(Locale.ROOT)));
        ObjectNode zones = node.putObject("zones");
        new TreeMap<>(snapshot.zoneLevels()).forEach((zone, level) -> zones.put(zone, round2(level)));
        node.put("target_level", snapshot.targetLevel());
        node.put("ceiling", snapshot.ceiling());
        node.put("remaining_s", snapshot.remainingSeconds());
        node.put("elapsed_s", snapshot.elapsedSeconds());
        node.put("heat", snapshot.heatRequested());
        node.put("heater_on", snapshot.heaterOn());
        ObjectNode temperatures = node.putObject("temperatures");
        new TreeMap<>(snapshot.temperatures()).forEach((sensor, celsius) -> temperatures.put(sensor, round2(celsius)));
        if (snapshot.occupied().isPresent()) {
            node.put("occupied", snapshot.occupied().get());
        } else {
            node.putNull("occupied");
        }
        node.put("fault", snapshot.fault().isPresent());
        putOptional(node, "fault_code", snapshot.fault().map(SessionSnapshot.Fault::code));
        putOptional(node, "fault_message", snapshot.fault().map(SessionSnapshot.Fault::message));
        node.put("sessions_today", snapshot.sessionsToday());
        node.put("minutes_today", snapshot.minutesToday());
        node.put("rest_remaining_s", snapshot.restRemainingSeconds());
        ObjectNode nextNode = node.putObject("next");
        nextNode.put("program", next.program().orElse(limits.defaultProgram().isEmpty() ? null : limits.defaultProgram()));
        nextNode.put("duration", next.durationMinutes().orElse(limits.defaultDurationMinutes()));
        nextNode.put("level", next.level().orElse(limits.defaultLevel()));
        nextNode.put("heat", next.heat().orElse(false));
        // What a dashboard control shows: the running session's value, else the next start's choice.
        boolean active = CommandPlanner.sessionActive(snapshot.phase());
        node.put("program_shown", active && snapshot.program().isPresent() ? snapshot.program().get()
                : nextNode.get("program").asText(null));
        node.put("level_shown", active ? snapshot.targetLevel() : nextNode.get("level").asInt());
        node.put("heat_shown", active ? snapshot.heatRequested() : nextNode.get("heat").asBoolean());
        return node;
    }

    public ObjectNode stamped(ObjectNode document, Instant now) {
        ObjectNode copy = document.deepCopy();
        copy.put("updated_at", now.toString());
        return copy;
    }

    public ObjectNode event(SessionEvent event, Instant now) {
        ObjectNode node = json.createObjectNode();
        if (event instanceof SessionEvent.Started started) {
            node.put("event", "started");
            node.put("program", started.program());
            node.put("duration_s", started.duration().toSeconds());
            node.put("level", started.level());
            node.put("heat", started.heat());
            node.put("by", wire(started.origin()));
        } else if (event instanceof SessionEvent.StepChanged step) {
            node.put("event", "step_changed");
            node.put("step", step.index() + 1);
            node.put("name", step.name());
            node.put("technique", step.technique().toLowerCase(Locale.ROOT));
        } else if (event instanceof SessionEvent.Ended ended) {
            boolean completed = isCompletion(ended.cause());
            node.put("event", completed ? "completed" : "stopped");
            node.put("program", ended.program());
            node.put("ran_s", ended.ran().toSeconds());
            node.put("max_level", ended.maxLevel());
            node.put("cause", ended.cause());
            if (!completed) {
                node.put("by", by(ended.cause()));
            }
        } else if (event instanceof SessionEvent.Faulted fault) {
            node.put("event", "fault");
            node.put("code", fault.code());
            node.put("message", fault.message());
        } else if (event instanceof SessionEvent.FaultDisproved disproved) {
            node.put("event", "fault_disproved");
            node.put("code", disproved.code());
            node.put("message", disproved.message());
        } else if (event instanceof SessionEvent.EmergencyStopped stopped) {
            node.put("event", "emergency_stop");
            node.put("by", wire(stopped.origin()));
        } else if (event instanceof SessionEvent.LatchReset reset) {
            node.put("event", "reset");
            node.put("by", wire(reset.origin()));
            node.put("cleared", reset.cleared().wireName());
        } else if (event instanceof SessionEvent.Rejected rejected) {
            node.put("event", "command_rejected");
            node.put("command", commandName(rejected.command()));
            node.put("by", wire(rejected.command().origin()));
            node.put("reason", rejected.result().reason());
            node.put("message", rejected.result().message());
        } else if (event instanceof SessionEvent.PhaseChanged changed) {
            node.put("event", "phase_changed");
            node.put("from", changed.from().wireName());
            node.put("to", changed.to().wireName());
            node.put("cause", changed.cause());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        node.put("at", now.toString());
        return node;
    }

    /** A response to one command. */
    public ObjectNode response(Optional<String> transaction, String command, String topic, CommandResult result,
                               Optional<String> field) {
        ObjectNode node = json.createObjectNode();
        if (transaction.isPresent()) {
            node.put("transaction", transaction.get());
        } else {
            node.putNull("transaction");
        }
        node.put("command", command);
        node.put("topic", topic);
        node.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        node.put("reason", result.reason());
        node.put("message", result.message());
        field.ifPresent(value -> node.put("field", value));
        return node;
    }

    public byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String commandName(Command command) {
        if (command instanceof Command.Start) { return "start"; }
        if (command instanceof Command.Stop) { return "stop"; }
        if (command instanceof Command.EmergencyStop) { return "emergency_stop"; }
        if (command instanceof Command.Reset) { return "reset"; }
        if (command instanceof Command.SetLevel) { return "level"; }
        if (command instanceof Command.TooMuch) { return "too_much"; }
        if (command instanceof Command.Pause) { return "pause"; }
        if (command instanceof Command.Resume) { return "resume"; }
        if (command instanceof Command.SetHeat) { return "heat"; }
        if (command instanceof Command.SkipStep) { return "skip_step"; }
        throw new IllegalArgumentException("unknown command " + command);
    }

    /** Causes the engine gives for a session that ran its course. */
    static boolean isCompletion(String cause) {
        String lower = cause.toLowerCase(Locale.ROOT);
        return lower.equals("completed") || lower.equals("complete") || lower.contains("elapsed")
                || lower.contains("program-end") || lower.contains("finished");
    }

    /** "stop:mqtt" → "mqtt"; a cause without an origin names itself (e.g. "seat-empty"). */
    private static String by(String cause) {
        int colon = cause.indexOf(':');
        return colon >= 0 ? cause.substring(colon + 1) : cause;
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static void putOptional(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
