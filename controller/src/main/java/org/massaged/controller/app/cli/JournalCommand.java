package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.massaged.controller.app.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code massaged journal}: the most recent sessions and safety events from the journal file, and today's
 * budget as the running daemon counts it. Reads the file directly, so it works while the daemon is down.
 */
@Command(name = "journal", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = {"Show recent sessions and safety events from the journal, and today's budget.",
                "Works while the daemon is stopped (the budget then comes from the daemon's next start)."})
final class JournalCommand implements Callable<Integer> {

    @ParentCommand
    MassagedCommand cli;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "How many of the most recent entries to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--file", paramLabel = "FILE",
            description = "The journal file (default: journal from the configuration).")
    Path file;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() {
        Path journal;
        try {
            journal = file != null ? file : cli.loadConfig().journal();
        } catch (ConfigException invalid) {
            cli.err().println("massaged: cannot tell where the journal is, the configuration is invalid:");
            cli.err().println(invalid.getMessage());
            return ExitCodes.CONFIG;
        }
        JournalTail tail;
        try {
            tail = JournalTail.read(journal, Math.max(1, limit));
        } catch (IOException unreadable) {
            cli.err().println("massaged: cannot read the journal " + journal + ": " + unreadable.getMessage());
            return ExitCodes.CONFIG;
        }
        Optional<JsonNode> state = cli.statusIfRunning().map(answer -> answer.path("state"))
                .filter(node -> !node.isMissingNode());
        if (cli.json()) {
            ObjectNode out = json.createObjectNode();
            out.put("journal", journal.toString());
            ArrayNode entries = out.putArray("entries");
            tail.entries().forEach(entries::add);
            out.put("unreadable_lines", tail.unreadableLines());
            state.ifPresentOrElse(s -> {
                ObjectNode today = out.putObject("today");
                today.set("sessions", s.path("sessions_today"));
                today.set("minutes", s.path("minutes_today"));
                today.set("rest_remaining_seconds", s.path("rest_remaining_seconds"));
            }, () -> out.putNull("today"));
            cli.out().println(out);
        } else {
            print(journal, tail, state);
        }
        cli.out().flush();
        return ExitCodes.OK;
    }

    private void print(Path journal, JournalTail tail, Optional<JsonNode> state) {
        if (tail.entries().isEmpty()) {
            cli.out().println("The journal " + journal + " has no entries yet.");
        }
        for (JsonNode entry : tail.entries()) {
            cli.out().println(line(entry));
        }
        if (tail.unreadableLines() > 0) {
            cli.out().println("(" + tail.unreadableLines() + " unreadable line(s) skipped: a torn write from a crash "
                    + "is expected at most once, at the end)");
        }
        state.ifPresentOrElse(s -> cli.out().println("today: " + s.path("sessions_today").asInt() + " sessions, "
                        + s.path("minutes_today").asLong() + " min; rest remaining "
                        + StatusCommand.clock(s.path("rest_remaining_seconds").asLong())),
                () -> cli.out().println("today: (the daemon is not running; start it to see the budget)"));
    }

    /** One entry as a line: its time and type first, then the other fields. */
    static String line(JsonNode entry) {
        StringBuilder text = new StringBuilder();
        for (String key : new String[] {"time", "at", "timestamp", "ts"}) {
            if (entry.has(key)) {
                text.append(entry.get(key).asText()).append("  ");
                break;
            }
        }
        for (String key : new String[] {"type", "event", "kind"}) {
            if (entry.has(key)) {
                text.append(String.format("%-16s", entry.get(key).asText()));
                break;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!java.util.Set.of("time", "at", "timestamp", "ts", "type", "event", "kind").contains(field.getKey())) {
                text.append(' ').append(field.getKey()).append('=')
                        .append(field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
            }
        }
        return text.toString().strip();
    }
}
