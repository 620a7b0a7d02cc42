package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.massaged.controller.app.local.LocalControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code massaged status}: the session as the control thread sees it. */
@Command(name = "status", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = "Show the session: phase, program and step, levels, the next start's choices, time, heat, "
                + "today's budget, faults.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    MassagedCommand cli;

    @Override
    public Integer call() {
        JsonNode answer;
        try {
            answer = cli.client().send(cli.client().protocol().request("status"));
        } catch (LocalControlException unreachable) {
            return Output.unreachable(cli, unreachable);
        }
        if (cli.json() || !answer.has("state")) {
            return Output.result(cli, answer);
        }
        print(cli.out(), answer.get("state"));
        cli.out().flush();
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, JsonNode state) {
        row(out, "phase", state.path("phase").asText() + " (" + state.path("cause").asText() + ")");
        if (!state.path("program").isNull()) {
            row(out, "program", state.path("program").asText() + ", step " + state.path("step").asInt()
                    + " of " + state.path("step_count").asInt()
                    + (state.path("technique").isNull() ? "" : " (" + state.path("technique").asText() + ")"));
        }
        if (state.path("active").asBoolean()) {
            row(out, "level", state.path("target_level").asInt() + " (ceiling " + state.path("ceiling").asInt() + ")");
        }
        JsonNode next = state.path("next");
        row(out, "next", next.path("program").asText() + ", " + next.path("duration").asLong() + " min, level "
                + next.path("level").asInt() + ", heat " + (next.path("heat").asBoolean() ? "on" : "off")
                + (state.path("active").asBoolean() ? "" : " (ceiling " + state.path("ceiling").asInt() + ")"));
        StringBuilder zones = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = state.path("zones").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> zone = it.next();
            zones.append(zones.length() == 0 ? "" : ", ").append(zone.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", zone.getValue().asDouble()));
        }
        if (zones.length() > 0) {
            row(out, "zones", zones.toString());
        }
        row(out, "time", clock(state.path("elapsed_s").asLong()) + " elapsed, "
                + clock(state.path("remaining_s").asLong()) + " remaining");
        StringBuilder heat = new StringBuilder(state.path("heater_on").asBoolean() ? "on" : "off");
        if (state.path("heat").asBoolean()) {
            heat.append(" (requested)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = state.path("temperatures").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> sensor = it.next();
            heat.append(", ").append(sensor.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.1f °C", sensor.getValue().asDouble()));
        }
        row(out, "heat", heat.toString());
        if (!state.path("occupied").isNull()) {
            row(out, "seat", state.path("occupied").asBoolean() ? "occupied" : "empty");
        }
        row(out, "today", state.path("sessions_today").asInt() + " sessions, " + state.path("minutes_today").asLong()
                + " min; rest remaining " + clock(state.path("rest_remaining_s").asLong()));
        if (state.path("dose_a8").isNumber()) {
            row(out, "dose", String.format(java.util.Locale.ROOT, "A(8) %.2f m/s²", state.path("dose_a8").asDouble())
                    + (state.path("dose_limit").isNumber() ? String.format(java.util.Locale.ROOT,
                    " of the %.2f m/s² daily limit", state.path("dose_limit").asDouble()) : " (no limit set)"));
        }
        JsonNode last = state.path("last_session");
        if (last.isObject()) {
            row(out, "last", last.path("program").asText() + ", " + last.path("ended").asText() + " after "
                    + clock(last.path("ran_s").asLong()) + " at " + last.path("ended_at").asText());
        }
        row(out, "fault", !state.path("fault").asBoolean() ? "none"
                : state.path("fault_code").asText() + ": " + state.path("fault_message").asText()
                + " (clear with 'massaged reset')");
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-8s %s%n", label, value);
    }

    static String clock(long seconds) {
        return seconds / 60 + ":" + String.format(java.util.Locale.ROOT, "%02d", seconds % 60);
    }
}
