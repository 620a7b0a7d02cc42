package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.FileAccess;
import org.massaged.controller.app.config.Locations;
import org.massaged.controller.history.HistoryBounds;
import org.massaged.controller.history.HistoryContents;
import org.massaged.controller.history.HistoryCsv;
import org.massaged.controller.history.HistoryJson;
import org.massaged.controller.history.HistoryStore;
import org.massaged.controller.history.SessionSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code massaged history}: the sessions the history store keeps (docs/history.md), read from its files like
 * {@code massaged journal} reads the journal, so it works whether the daemon runs or not.
 */
@Command(name = "history", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        subcommands = HistoryShow.class,
        description = {"Show recent sessions: program, minutes run, levels, heat and how each ended, and today's "
                + "sessions, minutes and rest.", "Reads the history files beside the journal, so it works while the "
                + "daemon is stopped. 'history show ID' prints one session's trace."})
final class HistoryCommand implements Callable<Integer> {

    /** A wall time in this machine's zone, to the minute: {@code 2026-11-29 08:01}. */
    static String local(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).format(at.atZone(ZoneId.systemDefault()));
    }

    @ParentCommand
    MassagedCommand cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10",
            description = "How many recent sessions to show, at least 1 (default: ${DEFAULT-VALUE}); --csv exports all.")
    int limit;

    @Option(names = "--csv", description = "Export every session kept as CSV (one header line, one line a session).")
    boolean csv;

    @Option(names = "--dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The history directory (default: the one beside the journal the configuration names, "
                    + "journal.history for journal.jsonl; "
                    + "with no configuration, the installed daemon's, else your simulation's).")
    Path directory;

    /** The store to read, or the exit code of a configuration that cannot say where it is. */
    record Located(Optional<HistoryStore> store, int failure) {}

    Located locate(MassagedCommand cli) {
        if (directory != null) {
            return new Located(Optional.of(new HistoryStore(directory, HistoryBounds.DEFAULT)), ExitCodes.OK);
        }
        Path journal;
        if (!cli.configNamed() && !Files.exists(cli.configPath())) {
            journal = Files.isDirectory(Locations.SYSTEM_JOURNAL.getParent()) ? Locations.SYSTEM_JOURNAL
                    : Locations.of(cli.environment()).journal(true);
        } else {
            try {
                journal = cli.loadConfig().journal();
            } catch (ConfigException invalid) {
                return new Located(Optional.empty(), Output.failure(cli, ExitCodes.CONFIG, "invalid-configuration",
                        "massaged: cannot tell where the history is from the configuration:\n" + invalid.getMessage()));
            }
        }
        return new Located(Optional.of(new HistoryStore(HistoryStore.beside(journal), HistoryBounds.DEFAULT)),
                ExitCodes.OK);
    }

    static int unreadable(MassagedCommand cli, HistoryStore store, IOException failure) {
        if (failure instanceof AccessDeniedException) {
            return Output.failure(cli, ExitCodes.CONFIG, "permission-denied", "massaged: cannot read the history in "
                    + store.directory() + ": " + FileAccess.advice(store.directory()));
        }
        return Output.failure(cli, ExitCodes.CONFIG, "history-unreadable", "massaged: cannot read the history in "
                + store.directory() + ": " + failure.getMessage());
    }

    /** Lines of the store that could not be read: on standard error (or in the JSON's {@code problems}). */
    static void problems(MassagedCommand cli, List<String> problems) {
        problems.forEach(problem -> cli.err().println("massaged: " + problem));
        cli.err().flush();
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--limit must be a whole number of at least 1, got " + limit + ".");
        }
        if (csv && cli.json()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Choose one of --csv and --json.");
        }
        Located located = locate(cli);
        if (located.store().isEmpty()) {
            return located.failure();
        }
        HistoryStore store = located.store().get();
        HistoryContents contents;
        try {
            contents = store.read();
        } catch (IOException failure) {
            return unreadable(cli, store, failure);
        }
        Instant now = Instant.now();
        Optional<JsonNode> status = cli.statusIfRunning();
        Optional<Long> rest = status.map(state -> state.path("rest_remaining_s"))
                .filter(JsonNode::isNumber).map(JsonNode::asLong);
        // the day's vibration dose is the engine's (from the journal, not the history files): only a running daemon has it
        Optional<Double> dose = status.map(state -> state.path("dose_a8")).filter(JsonNode::isNumber)
                .map(JsonNode::asDouble);
        List<SessionSummary> all = contents.sessions();
        List<SessionSummary> recent = all.subList(Math.max(0, all.size() - limit), all.size());
        if (cli.json()) {
            Output.json(cli.out(), json(store, contents, recent, now, rest, dose));
            return ExitCodes.OK;
        }
        problems(cli, contents.problems());
        if (csv) {
            HistoryCsv.sessions(cli.out(), all);
        } else {
            text(cli.out(), store, contents, recent, now, rest, dose);
        }
        cli.out().flush();
        return ExitCodes.OK;
    }

    private static void text(PrintWriter out, HistoryStore store, HistoryContents contents,
                             List<SessionSummary> recent, Instant now, Optional<Long> rest, Optional<Double> dose) {
        List<SessionSummary> today = contents.today(now);
        out.printf("History in %s: %d sessions kept.%n", store.directory(), contents.sessions().size());
        out.printf("Today (the last 24 hours): %d sessions, %d min run; rest: %s%s.%n", today.size(),
                contents.ranToday(now).toMinutes(), rest.map(seconds -> seconds == 0 ? "none due"
                        : minutesSeconds(seconds) + " left").orElse("unknown (the daemon is not running)"),
                dose.map(a8 -> String.format(Locale.ROOT, "; vibration dose A(8) %.2f m/s²", a8)).orElse(""));
        if (recent.isEmpty()) {
            out.println("No sessions yet.");
            return;
        }
        out.println();
        out.printf("%-5s %-16s %-20s %6s %-14s %-4s %-4s %9s %s%n", "ID", "STARTED", "PROGRAM", "MIN",
                "LEVEL s/max/end", "PEAK", "HEAT", "EXPOSURE", "ENDED BY");
        for (SessionSummary s : recent) {
            out.printf("%-5d %-16s %-20s %6s %-15s %-4d %-4s %9s %s%n", s.id(),
                    local(s.started()), s.program(),
                    minutesSeconds(s.ran().toSeconds()), s.startLevel() + "/" + s.maxLevel() + "/" + s.endLevel(),
                    s.peakLevel(), s.heat() ? "yes" : "no", s.exposure().map(value -> String.format(Locale.ROOT,
                            "%.1f", value)).orElse("unknown"), s.endedByText());
        }
        out.printf("%nMIN is the session time run (m:ss, pauses not counted); EXPOSURE its vibration exposure Σ a²·t "
                + "in m²/s³ (docs/dose.md). 'massaged history show ID' prints a session's trace.%n");
    }

    static String minutesSeconds(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static ObjectNode json(HistoryStore store, HistoryContents contents, List<SessionSummary> recent,
                                   Instant now, Optional<Long> rest, Optional<Double> dose) {
        ObjectNode out = Output.object().put("directory", store.directory().toString());
        out.put("kept", contents.sessions().size());
        ArrayNode sessions = out.putArray("sessions");
        recent.forEach(s -> sessions.add(HistoryJson.summary(s)));
        ObjectNode today = out.putObject("today");
        today.put("sessions", contents.today(now).size()).put("ran_s", contents.ranToday(now).toSeconds());
        if (rest.isPresent()) {
            today.put("rest_remaining_s", rest.get());
        } else {
            today.putNull("rest_remaining_s");
        }
        if (dose.isPresent()) {
            today.put("dose_a8", dose.get());
        } else {
            today.putNull("dose_a8");
        }
        ArrayNode problems = out.putArray("problems");
        contents.problems().forEach(problems::add);
        return out;
    }
}
