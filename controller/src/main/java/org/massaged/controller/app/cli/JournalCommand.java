package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.config.FileAccess;
import org.massaged.controller.app.config.Locations;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalContents;
import org.massaged.controller.session.JournalEntry;
import org.massaged.controller.session.JournalReport;
import org.massaged.controller.session.JournalRetention;
import org.massaged.device.profile.DeviceProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code massaged journal}: recent sessions and safety events, and today's budget, read from the journal
 * file itself (so it works while the daemon is stopped), with the session package's own reader.
 */
@Command(name = "journal", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = {"Show recent sessions and safety events from the journal, and what is left of today's budget.",
                "Today is the rolling 24 hours the daemon counts. This works while the daemon is stopped, since it "
                        + "reads the journal file itself."})
final class JournalCommand implements Callable<Integer> {

    @ParentCommand
    MassagedCommand cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10",
            description = "How many recent sessions and safety events to show, at least 1 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--file", paramLabel = "FILE",
            description = "The journal file (default: journal from the configuration; with no configuration, the "
                    + "installed daemon's, else your simulation's).")
    Path file;

    private final Assembly assembly;

    JournalCommand(Assembly assembly) {
        this.assembly = assembly;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--limit must be a whole number of at least 1, got " + limit + ".");
        }
        Optional<DaemonConfig> config;
        Path journal;
        if (file == null && !cli.configNamed() && !Files.exists(cli.configPath())) {
            config = Optional.empty();
            journal = Files.isDirectory(Locations.SYSTEM_JOURNAL.getParent()) ? Locations.SYSTEM_JOURNAL
                    : Locations.of(cli.environment()).journal(true);
        } else {
            try {
                config = file == null ? Optional.of(cli.loadConfig()) : optionalConfig();
            } catch (ConfigException invalid) {
                return Output.failure(cli, ExitCodes.CONFIG, "invalid-configuration", "massaged: cannot tell where "
                        + "the journal is from the configuration:\n" + invalid.getMessage());
            }
            journal = file != null ? file : config.get().journal();
        }
        Duration budget = config.flatMap(this::dailyBudget).orElse(Duration.ZERO);
        JournalContents contents;
        try {
            contents = Journal.read(journal, JournalRetention.report(Math.max(1, limit)));
        } catch (AccessDeniedException denied) {
            return Output.failure(cli, ExitCodes.CONFIG, "permission-denied",
                    "massaged: cannot read the journal " + journal + ": " + FileAccess.advice(journal));
        } catch (IOException unreadable) {
            return Output.failure(cli, ExitCodes.CONFIG, "journal-unreadable",
                    "massaged: cannot read the journal " + journal + ": " + unreadable.getMessage());
        }
        Instant now = Instant.now();
        if (cli.json()) {
            Output.json(cli.out(), json(journal, contents, now, budget, limit));
        } else {
            cli.out().print(JournalReport.render(contents, now, budget, limit));
            if (budget.isZero()) {
                cli.out().println("(the daily budget is the profile's; name the configuration to see what is left)");
            }
            cli.out().flush();
        }
        return ExitCodes.OK;
    }

    /** With --file, the configuration is only needed for the budget: use it when it loads. */
    private Optional<DaemonConfig> optionalConfig() {
        try {
            return Optional.of(cli.loadConfig());
        } catch (ConfigException notThere) {
            return Optional.empty();
        }
    }

    private Optional<Duration> dailyBudget(DaemonConfig config) {
        try {
            DeviceProfile profile = assembly.profile(config);
            return Optional.of(profile.session().dailyBudget());
        } catch (Exception unusable) {
            return Optional.empty();
        }
    }

    private static ObjectNode json(Path journal, JournalContents contents, Instant now, Duration budget, int recent) {
        ObjectNode out = Output.object();
        out.put("journal", journal.toString());
        ArrayNode sessions = out.putArray("sessions");
        List<JournalContents.SessionRecord> all = contents.sessions();
        for (JournalContents.SessionRecord s : all.subList(Math.max(0, all.size() - recent), all.size())) {
            sessions.addObject().put("started", s.started().toString()).put("ended", s.ended().toString())
                    .put("program", s.program()).put("duration_seconds", s.duration().toSeconds())
                    .put("ran_seconds", s.ran().toSeconds()).put("cause", s.cause()).put("max_level", s.maxLevel())
                    .put("origin", s.origin());
        }
        ArrayNode safety = out.putArray("safety_events");
        List<JournalEntry> events = contents.safetyEvents();
        out.put("session_count", contents.sessionCount()).put("safety_event_count", contents.safetyEventCount());
        for (JournalEntry entry : events.subList(Math.max(0, events.size() - recent), events.size())) {
            ObjectNode node = safety.addObject().put("at", entry.at().toString()).put("line", entry.line());
            if (entry instanceof JournalEntry.Fault fault) {
                node.put("type", "fault").put("code", fault.code()).put("message", fault.message());
            } else if (entry instanceof JournalEntry.EmergencyStop stop) {
                node.put("type", "emergency_stop").put("origin", stop.origin());
            } else if (entry instanceof JournalEntry.RepeatedWhileLatched repeated) {
                node.put("type", "repeated_while_latched").put("what", repeated.what()).put("count", repeated.count());
            } else if (entry instanceof JournalEntry.LatchReset reset) {
                node.put("type", "reset").put("origin", reset.origin()).put("cleared", reset.cleared());
            } else if (entry instanceof JournalEntry.ConfigRefused refused) {
                node.put("type", "config_refused").put("source", refused.source()).put("reason", refused.reason());
            }
        }
        ObjectNode today = out.putObject("today");
        Duration used = contents.usedToday(now);
        today.put("sessions", contents.sessionsToday(now));
        today.put("used_seconds", used.toSeconds());
        if (!budget.isZero()) {
            today.put("budget_seconds", budget.toSeconds());
            today.put("left_seconds", Math.max(0, budget.minus(used).toSeconds()));
        }
        ArrayNode warnings = out.putArray("warnings");
        contents.warnings().forEach(warnings::add);
        return out;
    }
}
