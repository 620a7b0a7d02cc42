package org.massaged.controller.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.massaged.controller.safety.SessionEvent;

/**
 * The journal's line format: one JSON object per line, {@code {"at":"<ISO instant>","type":"...", ...}}.
 * Durations are ISO-8601 ({@code PT5M}) strings; origins are lower-case names.
 */
final class JournalFormat {

    /** The device disproved the fault that ended the session before it: no rest is due after that session. */
    static final String FAULT_DISPROVED = "fault-disproved";

    private final ObjectMapper mapper = new ObjectMapper();

    String line(SessionEvent event, Instant at) {
        ObjectNode node = mapper.createObjectNode();
        node.put("at", at.toString());
        if (event instanceof SessionEvent.Started started) {
            node.put("type", "session-started");
            node.put("program", started.program());
            node.put("duration", started.duration().toString());
            node.put("level", started.level());
            node.put("heat", started.heat());
            node.put("origin", origin(started.origin().name()));
        } else if (event instanceof SessionEvent.Ended ended) {
            node.put("type", "session-ended");
            node.put("program", ended.program());
            node.put("ran", ended.ran().toString());
            node.put("cause", ended.cause());
            node.put("maxLevel", ended.maxLevel());
        } else if (event instanceof SessionEvent.Faulted faulted) {
            node.put("type", "fault");
            node.put("code", faulted.code());
            node.put("message", faulted.message());
        } else if (event instanceof SessionEvent.FaultDisproved disproved) {
            node.put("type", FAULT_DISPROVED);
            node.put("code", disproved.code());
            node.put("text", disproved.message());
        } else if (event instanceof SessionEvent.EmergencyStopped emergency) {
            node.put("type", "emergency-stop");
            node.put("origin", origin(emergency.origin().name()));
        } else if (event instanceof SessionEvent.LatchReset reset) {
            node.put("type", "latch-reset");
            node.put("origin", origin(reset.origin().name()));
            node.put("cleared", reset.cleared().wireName());
        } else if (event instanceof SessionEvent.PhaseChanged changed) {
            node.put("type", "phase");
            node.put("text", changed.from().wireName() + " -> " + changed.to().wireName() + " (" + changed.cause() + ")");
        } else if (event instanceof SessionEvent.StepChanged step) {
            node.put("type", "step");
            node.put("text", (step.index() + 1) + " " + step.name() + " (" + step.technique() + ")");
        } else if (event instanceof SessionEvent.Rejected rejected) {
            node.put("type", "rejected");
            node.put("text", rejected.command().getClass().getSimpleName() + ": " + rejected.result().reason()
                    + " - " + rejected.result().message());
        } else {
            node.put("type", "note");
            node.put("text", String.valueOf(event));
        }
        return write(node);
    }

    String configRefused(String source, String reason, Instant at) {
        ObjectNode node = mapper.createObjectNode();
        node.put("at", at.toString());
        node.put("type", "config-refused");
        node.put("source", source);
        node.put("reason", reason);
        return write(node);
    }

    /** Parses one line; throws {@link IllegalArgumentException} saying what is wrong with it. */
    JournalEntry parse(String text, int line) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Instant at = Instant.parse(required(node, "at"));
        String type = required(node, "type");
        return switch (type) {
            case "session-started" -> new JournalEntry.SessionStarted(at, line, required(node, "program"),
                    Duration.parse(required(node, "duration")), node.path("level").asInt(), node.path("heat").asBoolean(),
                    node.path("origin").asText(""));
            case "session-ended" -> new JournalEntry.SessionEnded(at, line, required(node, "program"),
                    Duration.parse(required(node, "ran")), node.path("cause").asText(""), node.path("maxLevel").asInt());
            case "fault" -> new JournalEntry.Fault(at, line, required(node, "code"), node.path("message").asText(""));
            case "emergency-stop" -> new JournalEntry.EmergencyStop(at, line, node.path("origin").asText(""));
            case "latch-reset" -> new JournalEntry.LatchReset(at, line, node.path("origin").asText(""),
                    node.path("cleared").asText(""));
            case "config-refused" -> new JournalEntry.ConfigRefused(at, line, node.path("source").asText(""),
                    node.path("reason").asText(""));
            default -> new JournalEntry.Note(at, line, type, node.path("text").asText(""));
        };
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a journal line", e);
        }
    }

    private static String origin(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
