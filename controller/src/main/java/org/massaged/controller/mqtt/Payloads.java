package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.SessionEvent;

/** The JSON documents the bridge publishes besides the state ({@code StateJson}): event and response (docs/mqtt.md). */
public final class Payloads {

    private final JsonCodec json;

    public Payloads() {
        this(new JsonCodec());
    }

    /** With the codec the owner already has (the dashboard shares one). */
    public Payloads(JsonCodec json) {
        this.json = json;
    }

    public JsonCodec codec() {
        return json;
    }

    public ObjectNode event(SessionEvent event, Instant now) {
        ObjectNode node = JsonCodec.object();
        if (event instanceof SessionEvent.Started started) {
            node.put("event", "started");
            node.put("program", started.program());
            node.put("duration_s", started.duration().toSeconds());
            node.put("level", started.level());
            node.put("heat", started.heat());
            node.put("by", started.origin().wireName());
        } else if (event instanceof SessionEvent.StepChanged step) {
            node.put("event", "step_changed");
            node.put("step", step.index() + 1);
            node.put("name", step.name());
            node.put("technique", step.technique().toLowerCase(Locale.ROOT));
        } else if (event instanceof SessionEvent.Ended ended) {
            boolean completed = ended.cause().completion();
            node.put("event", completed ? "completed" : "stopped");
            node.put("program", ended.program());
            node.put("ran_s", ended.ran().toSeconds());
            node.put("max_level", ended.maxLevel());
            node.put("cause", ended.cause().text());
            if (!completed) {
                node.put("by", ended.cause().askedBy().map(Origin::wireName).orElse(ended.cause().kind()));
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
            node.put("by", stopped.origin().wireName());
        } else if (event instanceof SessionEvent.LatchReset reset) {
            node.put("event", "reset");
            node.put("by", reset.origin().wireName());
            node.put("cleared", reset.cleared().wireName());
        } else if (event instanceof SessionEvent.Rejected rejected) {
            node.put("event", "command_rejected");
            node.put("command", Controls.nameOf(rejected.command()));
            node.put("by", rejected.command().origin().wireName());
            node.put("reason", rejected.result().reason());
            node.put("message", rejected.result().message());
        } else if (event instanceof SessionEvent.PhaseChanged changed) {
            node.put("event", "phase_changed");
            node.put("from", changed.from().wireName());
            node.put("to", changed.to().wireName());
            node.put("cause", changed.cause().text());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        node.put("at", now.toString());
        return node;
    }

    /** A response to one command. */
    public ObjectNode response(Optional<String> transaction, String command, String topic, CommandResult result,
                               Optional<String> field) {
        ObjectNode node = JsonCodec.object();
        if (transaction.isPresent()) {
            node.put("transaction", transaction.get());
        } else {
            node.putNull("transaction");
        }
        node.put("command", command);
        node.put("topic", topic);
        node.put("outcome", result.outcome().wireName());
        node.put("reason", result.reason());
        node.put("message", result.message());
        field.or(result::field).ifPresent(value -> node.put("field", value));
        return node;
    }

    public byte[] bytes(ObjectNode node) {
        return json.bytes(node);
    }
}
