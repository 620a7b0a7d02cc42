package org.massaged.controller.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.cli.Cli;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;

/** {@code massaged history} and {@code programs show --plot} end to end through the real command line, on real files. */
class HistoryCliTest {

    private static final Map<String, String> NO_CONFIGURATION = Map.of("MASSAGED_CONFIG",
            Path.of(System.getProperty("java.io.tmpdir"), "massaged-test-no-such-config.yaml").toString());

    @TempDir
    Path directory;
    Path history;

    record Run(int code, String out, String err) {
        boolean showsAStackTrace() {
            return (out + err).contains("Exception") || (out + err).contains("\tat ");
        }
    }

    private static Run massaged(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, environment, Cli.defaultAssembly(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run massaged(String... args) {
        return massaged(NO_CONFIGURATION, args);
    }

    /** Two sessions recorded by the recorder from the real engine, started now (so they count as today's). */
    @BeforeEach
    void recordTwoSessions() throws IOException {
        history = directory.resolve("journal.history");
        HistoryStore store = new HistoryStore(history, HistoryBounds.DEFAULT);
        Instant wall = Instant.now().minus(Duration.ofMinutes(30));
        for (int i = 0; i < 2; i++) {
            VirtualSession[] session = new VirtualSession[1];
            HistoryRecorder recorder = HistoryRecorder.open(store, () -> session[0].nanos(), () -> session[0].wall());
            session[0] = new VirtualSession(VirtualSession.config("body-massager-serial"), recorder,
                    (1 + i) * 600_000_000_000L, wall);
            session[0].start("gentle", Duration.ofMinutes(5), 2 + i);
            session[0].run(Duration.ofSeconds(20));
            session[0].send(new Command.Stop(Origin.CLI));
            session[0].runToEnd(Duration.ofSeconds(20));
            recorder.close();
        }
    }

    @Test
    void theSessionsAsTextJsonAndCsv() throws IOException {
        Run text = massaged("history", "--dir", history.toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("2 sessions kept", "Today (the last 24 hours): 2 sessions, 0 min run",
                "rest: unknown (the daemon is not running)", "gentle", "stop:cli", "2/2/2", "3/3/3", "EXPOSURE",
                "EXPOSURE its vibration exposure");
        assertThat(text.out().lines().filter(line -> line.contains("stop:cli")))
                .allMatch(line -> line.matches(".* \\d+\\.\\d +stop:cli$"), "an exposure beside each end");
        assertThat(text.err()).isEmpty();

        Run json = massaged("history", "--dir", history.toString(), "--json", "-n", "1");
        assertThat(json.code()).isZero();
        JsonNode answer = new ObjectMapper().readTree(json.out());
        assertThat(answer.get("kept").asInt()).isEqualTo(2);
        assertThat(answer.get("sessions")).hasSize(1);
        JsonNode last = answer.get("sessions").get(0);
        assertThat(iterable(last)).containsExactly("id", "program", "started_at", "ended_at", "planned_s", "ran_s",
                "start_level", "max_level", "end_level", "peak_level", "heat", "origin", "ended_by", "ended_kind",
                "completed", "exposure");
        assertThat(last.get("exposure").isNumber()).as("body-massager-serial declares its figures").isTrue();
        assertThat(last.get("exposure").asDouble()).isPositive();
        assertThat(last.get("id").asLong()).isEqualTo(2);
        assertThat(last.get("ended_by").asText()).isEqualTo("stop:cli");
        assertThat(answer.get("today").get("sessions").asInt()).isEqualTo(2);
        assertThat(answer.get("today").get("rest_remaining_s").isNull()).isTrue();
        assertThat(answer.get("today").get("dose_a8").isNull()).as("only a running daemon knows the dose").isTrue();

        Run csv = massaged("history", "--dir", history.toString(), "--csv");
        assertThat(csv.code()).isZero();
        List<String> rows = csv.out().lines().toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo("id,program,started_at,ended_at,planned_s,ran_s,start_level,max_level,"
                + "end_level,peak_level,heat,origin,ended_by,ended_kind,completed,exposure");
        assertThat(rows.get(2)).startsWith("2,gentle,").contains(",300,", ",stop:cli,stop,false,"
                + last.get("exposure").asText());
    }

    @Test
    void oneSessionsTraceAsCsv() {
        Run csv = massaged("history", "show", "1", "--csv", "--dir", history.toString());
        assertThat(csv.code()).isZero();
        List<String> rows = csv.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("t_s,level_back,rpm_back");
        assertThat(rows.size() - 1).isBetween(20, 28);
        assertThat(rows.get(10)).matches("[0-9.]+,[0-9.]+,[0-9.]+");

        Run text = massaged("history", "show", "2", "--dir", history.toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("Session 2: gentle", "ended by stop:cli", "back=");
    }

    @Test
    void clearErrorsWithTheirExitCodesAndNoStackTrace() throws IOException {
        Run unknown = massaged("history", "show", "99", "--dir", history.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no session 99 in " + history);

        Run both = massaged("history", "--csv", "--json", "--dir", history.toString());
        assertThat(both.code()).isEqualTo(2);

        Files.writeString(history.resolve("session-000002.jsonl"), "{\"type\":\"sam", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Run torn = massaged("history", "show", "2", "--dir", history.toString());
        assertThat(torn.code()).isZero();
        assertThat(torn.err()).contains("session-000002.jsonl line", "torn last record skipped");
        assertThat(torn.showsAStackTrace()).isFalse();

        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: [unclosed\n");
        Run invalid = massaged("--config", config.toString(), "history");
        assertThat(invalid.code()).isEqualTo(3);
        assertThat(invalid.err()).contains("cannot tell where the history is");
        assertThat(invalid.showsAStackTrace()).isFalse();
    }

    @Test
    void theHistoryIsFoundBesideTheConfiguredJournal() throws IOException {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\njournal: " + directory.resolve("journal.jsonl") + "\n");
        Run run = massaged("--config", config.toString(), "history", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"kept\":2");
    }

    @Test
    void programsShowPlotsTheEnginesDryRun() throws IOException {
        Path svg = directory.resolve("preview.svg");
        Run run = massaged("programs", "show", "lower-back-relief", "--profile", "lumbar-duo-serial", "--plot",
                svg.toString(), "--minutes", "6", "--level", "3");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Plot written to " + svg, "at level 3", "ended by duration-elapsed");
        assertThat(Files.readString(svg)).startsWith("<svg").contains("class=\"envelope\"", "peak level");

        Run adjusted = massaged("programs", "show", "gentle", "--profile", "lumbar-duo-serial", "--plot",
                svg.toString(), "--level", "10", "--json");
        assertThat(adjusted.code()).as(adjusted.out()).isZero();
        JsonNode plot = new ObjectMapper().readTree(adjusted.out()).get("plot");
        assertThat(plot.get("start_result").asText()).isEqualTo("adjusted");
        assertThat(plot.get("level").asInt()).isLessThan(10);

        Run nowhere = massaged("programs", "show", "gentle", "--profile", "lumbar-duo-serial", "--plot",
                directory.resolve("no/such/dir/p.svg").toString());
        assertThat(nowhere.code()).isEqualTo(3);
        assertThat(nowhere.err()).contains("its directory does not exist");
        assertThat(nowhere.showsAStackTrace()).isFalse();
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
