package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.massaged.controller.history.HistoryCsv;
import org.massaged.controller.history.HistoryJson;
import org.massaged.controller.history.HistoryStore;
import org.massaged.controller.history.SessionSummary;
import org.massaged.controller.history.SessionTrace;
import org.massaged.controller.history.TraceSample;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code massaged history show ID}: one session's summary and its trace (levels, motor speeds, temperatures). */
@Command(name = "show", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = "Show one session and its trace: each zone's level, motor speed and temperature, about once a "
                + "second.")
final class HistoryShow implements Callable<Integer> {

    @ParentCommand
    HistoryCommand history;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id, as 'massaged history' lists it.")
    long id;

    @Option(names = "--csv", description = "Print the trace as CSV: t_s, then level_<zone>, rpm_<zone>, temp_<sensor>.")
    boolean csv;

    @Override
    public Integer call() {
        MassagedCommand cli = history.cli;
        if (csv && cli.json()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Choose one of --csv and --json.");
        }
        HistoryCommand.Located located = history.locate(cli);
        if (located.store().isEmpty()) {
            return located.failure();
        }
        HistoryStore store = located.store().get();
        Optional<SessionTrace> trace;
        try {
            trace = store.trace(id);
        } catch (IOException failure) {
            return HistoryCommand.unreadable(cli, store, failure);
        }
        if (trace.isEmpty()) {
            return Output.failure(cli, ExitCodes.USAGE, "unknown-session", "massaged: no session " + id + " in "
                    + store.directory() + " ('massaged history' lists the sessions kept).");
        }
        if (cli.json()) {
            ObjectNode out = Output.object();
            out.set("session", HistoryJson.summary(trace.get().summary()));
            ArrayNode samples = out.putArray("samples");
            trace.get().samples().forEach(sample -> samples.add(HistoryJson.sample(sample)));
            ArrayNode problems = out.putArray("problems");
            trace.get().problems().forEach(problems::add);
            Output.json(cli.out(), out);
            return ExitCodes.OK;
        }
        HistoryCommand.problems(cli, trace.get().problems());
        if (csv) {
            HistoryCsv.trace(cli.out(), trace.get());
        } else {
            text(cli.out(), trace.get());
        }
        return ExitCodes.OK;
    }

    private static void text(PrintWriter out, SessionTrace trace) {
        SessionSummary s = trace.summary();
        out.printf("Session %d: %s, started %s from %s, %s of %s run; level %d at the start, %d at most, %d at the end "
                        + "(peak driven %d); heat %s; vibration exposure %s; ended by %s.%n", s.id(), s.program(),
                HistoryCommand.local(s.started()), s.origin(),
                HistoryCommand.minutesSeconds(s.ran().toSeconds()), HistoryCommand.minutesSeconds(s.planned().toSeconds()),
                s.startLevel(), s.maxLevel(), s.endLevel(), s.peakLevel(), s.heat() ? "on" : "off", s.exposureText(),
                s.endedByText());
        out.printf("%d samples.%n%n", trace.samples().size());
        out.printf("%-7s %-28s %-28s %s%n", "T", "LEVEL", "RPM", "TEMPERATURE");
        for (TraceSample sample : trace.samples()) {
            out.printf(Locale.ROOT, "%-7s %-28s %-28s %s%n", HistoryCommand.minutesSeconds(Math.round(sample.at())),
                    values(sample.levels(), "%.2f"), values(sample.rpm(), "%.0f"), values(sample.temperatures(), "%.1f"));
        }
        out.flush();
    }

    private static String values(Map<String, Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        return new TreeMap<>(values).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + String.format(Locale.ROOT, format, entry.getValue()))
                .collect(Collectors.joining(" "));
    }

}
