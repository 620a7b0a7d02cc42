package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.local.LocalControlServer;
import org.massaged.controller.app.local.RecordingPort;
import picocli.CommandLine;

/**
 * {@code --json} is honoured by every command: whatever a command prints on standard output is JSON, one object
 * per line, failures included, and nothing goes to standard error. The command tree is walked, so a command
 * added without a case here fails the test.
 */
class CliJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final RecordingPort port = new RecordingPort();
    private LocalControlServer server;
    private Path config;
    private Path journal;

    @BeforeEach
    void start() throws Exception {
        server = LocalControlServer.start(directory.resolve("control.sock"), port);
        journal = directory.resolve("journal.jsonl");
        config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\njournal: " + journal + "\nlocalControl:\n  socket: "
                + server.socket() + "\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** For each command: arguments that make it do its work, or fail the way a person would make it fail. */
    /** A history directory holding session 1, begun and never ended. */
    private Path oneSessionHistory() {
        Path history = directory.resolve("one-session-history");
        try {
            Files.createDirectories(history);
            Files.writeString(history.resolve("session-000001.jsonl"), "{\"type\":\"start\",\"id\":1,\"program\":"
                    + "\"gentle\",\"started_at\":\"2026-11-29T08:00:00Z\",\"planned_s\":600,\"level\":2,"
                    + "\"heat\":false,\"origin\":\"cli\"}\n");
        } catch (java.io.IOException failed) {
            throw new java.io.UncheckedIOException(failed);
        }
        return history;
    }

    private Map<String, List<String>> cases() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("run", List.of("run", "--config", directory.resolve("missing.yaml").toString()));
        cases.put("status", List.of("status"));
        cases.put("start", List.of("start", "--minutes", "10"));
        cases.put("stop", List.of("stop"));
        cases.put("estop", List.of("estop"));
        cases.put("reset", List.of("reset"));
        cases.put("level", List.of("level", "3"));
        cases.put("too-much", List.of("too-much"));
        cases.put("pause", List.of("pause"));
        cases.put("resume", List.of("resume"));
        cases.put("skip-step", List.of("skip-step"));
        cases.put("program", List.of("program", "gentle"));
        cases.put("duration", List.of("duration", "10"));
        cases.put("heat", List.of("heat", "off"));
        cases.put("journal", List.of("journal"));
        cases.put("history show", List.of("history", "show", "1", "--dir", oneSessionHistory().toString()));
        cases.put("profiles list", List.of("profiles", "list"));
        cases.put("profiles show", List.of("profiles", "show", "body-massager-serial"));
        cases.put("profiles validate", List.of("profiles", "validate",
                "../device-profiles/src/main/resources/profiles/body-massager-serial.yaml",
                directory.resolve("no-such-profile.yaml").toString()));
        cases.put("programs list", List.of("programs", "list"));
        cases.put("programs show", List.of("programs", "show", "gentle"));
        cases.put("mqtt clean", List.of("mqtt", "clean"));
        cases.put("doctor", List.of("doctor", "--root", directory.toString()));
        return cases;
    }

    @Test
    void everyCommandPrintsOnlyJsonWithJson() throws Exception {
        Map<String, List<String>> cases = cases();
        List<String> commands = leaves(Cli.create(Map.of(), Cli.defaultAssembly()));
        assertThat(cases.keySet()).as("a case for every command").containsExactlyInAnyOrderElementsOf(commands);

        for (Map.Entry<String, List<String>> command : cases.entrySet()) {
            List<String> args = new ArrayList<>(command.getValue());
            args.add("--json");
            if (!args.contains("--config")) {
                args.addAll(List.of("--config", config.toString()));
            }
            CliRun run = CliRun.massaged(Map.of(), Cli.defaultAssembly(), args.toArray(String[]::new));

            assertThat(run.exitCode()).as("%s: exit code; %s", command.getKey(), run.out())
                    .isNotEqualTo(ExitCodes.USAGE).isNotEqualTo(ExitCodes.SOFTWARE);
            assertThat(run.err()).as("%s: standard error", command.getKey()).isEmpty();
            assertThat(objects(command.getKey(), run.out())).as(command.getKey()).isNotEmpty();
        }
    }

    @Test
    void failuresAreJsonToo() throws Exception {
        CliRun unreachable = CliRun.massaged(Map.of(), Cli.defaultAssembly(), "status", "--json", "--socket",
                directory.resolve("absent.sock").toString());
        CliRun wrongLine = CliRun.massaged(Map.of(), Cli.defaultAssembly(), "--json", "level", "high");
        CliRun unknownProgram = CliRun.massaged(Map.of(), Cli.defaultAssembly(), "programs", "show", "karate",
                "--profile", "body-massager-serial", "--json");

        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(objects("status", unreachable.out()).get(0).get("result").asText()).isEqualTo("unreachable");
        assertThat(wrongLine.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongLine.err()).isEmpty();
        JsonNode usage = objects("level", wrongLine.out()).get(0);
        assertThat(usage.get("result").asText()).isEqualTo("error");
        assertThat(usage.get("reason").asText()).isEqualTo("usage");
        assertThat(usage.get("message").asText()).contains("high");
        assertThat(unknownProgram.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(objects("programs show", unknownProgram.out()).get(0).get("message").asText())
                .contains("karate", "wind-down");
    }

    @Test
    void listsAreListsOfObjects() throws Exception {
        JsonNode profiles = objects("profiles list", CliRun.massaged("profiles", "list", "--json").out()).get(0);
        JsonNode programs = objects("programs list", CliRun.massaged("--json", "programs", "list").out()).get(0);

        assertThat(profiles.get("profiles").findValuesAsText("id"))
                .contains("body-massager-serial", "lumbar-duo-serial", "body-massager-gpio");
        assertThat(programs.get("programs").findValuesAsText("id")).contains("gentle", "knots", "wind-down");
    }

    private static List<JsonNode> objects(String command, String out) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("%s printed %s", command, line).isTrue();
            objects.add(node);
        }
        return objects;
    }

    /** Every command that does something (not the groups that only list their subcommands). */
    static List<String> leaves(CommandLine root) {
        List<String> names = new ArrayList<>();
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        collect(root, "", names, seen);
        return names;
    }

    private static void collect(CommandLine command, String prefix, List<String> names, Map<CommandLine, Boolean> seen) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            CommandLine child = sub.getValue();
            if (seen.put(child, true) != null) {
                continue; // an alias
            }
            String name = prefix + child.getCommandName();
            if (child.getSubcommands().isEmpty()) {
                names.add(name);
            } else {
                collect(child, name + " ", names, seen);
            }
        }
    }
}
