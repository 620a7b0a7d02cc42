package org.massaged.controller.mqtt;

import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.massaged.controller.safety.StartChoice;

import org.massaged.controller.safety.Cause;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionEvent;

/** The event and state documents, field by field (docs/mqtt.md). */
class PayloadsTest {

    private final Payloads payloads = new Payloads();
    private final Instant at = Instant.parse("2026-11-20T20:00:00Z");

    private JsonNode event(SessionEvent event) {
        return payloads.event(event, at);
    }

    @Test
    void eachSessionEventHasItsWireForm() {
        JsonNode stopped = event(new SessionEvent.Ended("gentle", Duration.ofSeconds(300), new Cause.Asked(Cause.Act.STOP, Origin.MQTT), 4));
        assertThat(stopped.get("event").asText()).isEqualTo("stopped");
        assertThat(stopped.get("by").asText()).isEqualTo("mqtt");
        assertThat(stopped.get("ran_s").asLong()).isEqualTo(300);
        assertThat(stopped.get("at").asText()).isEqualTo("2026-11-20T20:00:00Z");
        assertThat(event(new SessionEvent.Ended("gentle", Duration.ofMinutes(10), Cause.Event.DURATION_ELAPSED, 3))
                .get("event").asText()).isEqualTo("completed");
        assertThat(event(new SessionEvent.Ended("gentle", Duration.ofMinutes(2), Cause.Event.SEAT_EMPTY, 3)).get("by").asText())
                .isEqualTo("seat-empty");
        JsonNode fault = event(new SessionEvent.Faulted("pad-overheat", "pad at 43.1 °C"));
        assertThat(fault.get("event").asText()).isEqualTo("fault");
        assertThat(fault.get("code").asText()).isEqualTo("pad-overheat");
        assertThat(event(new SessionEvent.EmergencyStopped(Origin.LOCAL_INPUT)).get("by").asText()).isEqualTo("local-input");
        JsonNode linkDown = event(new SessionEvent.Ended("gentle", Duration.ofMinutes(2),
                new Cause.LinkDown("no frame for 800 ms"), 3));
        assertThat(linkDown.get("by").asText()).as("a cause with a colon in its detail is not cut at the colon")
                .isEqualTo("link-down");
        assertThat(linkDown.get("cause").asText()).isEqualTo("link-down: no frame for 800 ms");
        JsonNode reset = event(new SessionEvent.LatchReset(Origin.CLI, Phase.EMERGENCY_STOP));
        assertThat(reset.get("event").asText()).isEqualTo("reset");
        assertThat(reset.get("cleared").asText()).isEqualTo("emergency_stop");
        JsonNode rejected = event(new SessionEvent.Rejected(new Command.Start(Origin.MQTT, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.OptionalInt.empty(), java.util.Optional.empty()),
                CommandResult.rejected("resting", "rest 12 more minutes")));
        assertThat(rejected.get("event").asText()).isEqualTo("command_rejected");
        assertThat(rejected.get("command").asText()).isEqualTo("start");
        assertThat(rejected.get("reason").asText()).isEqualTo("resting");
        JsonNode step = event(new SessionEvent.StepChanged(2, "knead", "KNEADING"));
        assertThat(step.get("step").asInt()).isEqualTo(3);
        assertThat(step.get("technique").asText()).isEqualTo("kneading");
        assertThat(event(new SessionEvent.PhaseChanged(Phase.RUNNING, Phase.STOPPING, new Cause.Asked(Cause.Act.STOP, Origin.MQTT))).get("to").asText())
                .isEqualTo("stopping");
    }

    @Test
    void theStateShowsTheFaultAndTheNextStartChoice() {
        JsonNode faulted = new StateJson().tree(StateDocument.of(Fixtures.faulted("pad-overheat", "pad at 43.1 °C")));
        assertThat(faulted.get("fault").asBoolean()).isTrue();
        assertThat(faulted.get("fault_message").asText()).isEqualTo("pad at 43.1 °C");
        assertThat(faulted.get("active").asBoolean()).isFalse();
        assertThat(faulted.get("next").get("program").asText()).isEqualTo("gentle");
        assertThat(faulted.get("next").get("duration").asInt()).isEqualTo(10);
        assertThat(faulted.get("next").get("level").asInt()).isEqualTo(2);
        JsonNode running = new StateJson().tree(StateDocument.of(Fixtures.running("kneading", 4, 200)));
        assertThat(running.get("level_shown").asInt()).isEqualTo(4);
        assertThat(running.get("program_shown").asText()).isEqualTo("kneading");
        assertThat(running.get("step").asInt()).isEqualTo(1);
        assertThat(running.get("technique").asText()).isEqualTo("palm_circling");
        assertThat(running.get("zones").get("lumbar-left").asDouble()).isEqualTo(3.6);
    }
}
