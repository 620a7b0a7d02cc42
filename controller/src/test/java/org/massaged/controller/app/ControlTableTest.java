package org.massaged.controller.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.app.cli.Cli;
import org.massaged.controller.app.local.LocalProtocol;
import org.massaged.controller.app.local.LocalRequest;
import org.massaged.controller.mqtt.CommandParser;
import org.massaged.controller.mqtt.CommandPlanner;
import org.massaged.controller.mqtt.Discovery;
import org.massaged.controller.mqtt.MqttSettings;
import org.massaged.controller.mqtt.Topics;
import org.massaged.controller.mqtt.WireRequest;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.web.ControlsJson;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;
import picocli.CommandLine;

/**
 * Every channel offers every control the table of controls ({@link Controls}) declares writable on it: Home
 * Assistant (a button per action, a select, number or switch per setting), MQTT (the action values and the
 * settable fields), the local socket (one command per control, of the same name), the command line (one
 * command per control, described by the table, and an option of {@code start} per setting) and the web page's
 * list of controls. Adding a control to the table without a channel's handling fails here.
 */
class ControlTableTest {

    private static final DeviceProfile PROFILE = ProfileCatalogue.builtIn().find("lumbar-duo-serial").orElseThrow();

    private static Limits limits() {
        ProgramCatalogue programs = ProgramCatalogue.builtIn(ProfileCatalogue.builtIn());
        return Limits.of(new EngineConfig(PROFILE, programs.byId(), ProgramCatalogue.DEFAULT_PROGRAM, false,
                RemoteStartPolicy.ALLOWED));
    }

    @Test
    void homeAssistantOffersEveryControlTheTableDeclaresForIt() {
        JsonNode components = new Discovery(Topics.of(MqttSettings.builder("chair1",
                List.of("tcp://localhost:1883")).build()), PROFILE, limits()).document().get("cmps");
        for (Control control : Controls.ALL) {
            if (control.offeredOn(Control.Channel.HOME_ASSISTANT, limits())) {
                assertThat(components.has(control.name())).as("Home Assistant lacks %s", control.name()).isTrue();
                String platform = components.get(control.name()).get("p").asText();
                assertThat(platform).as(control.name()).isEqualTo(switch (control.kind()) {
                    case ACTION -> "button";
                    case NUMBER -> "number";
                    case SELECT -> "select";
                    case SWITCH -> "switch";
                });
            }
        }
        assertThat(components.has("pause") && components.has("resume") && components.has("skip_step")).isTrue();
    }

    @Test
    void mqttTakesEveryControlTheTableDeclaresForIt() throws Exception {
        CommandParser parser = new CommandParser(limits());
        CommandPlanner planner = new CommandPlanner();
        Map<String, String> plain = Map.of("program", "gentle", "duration", "10", "level", "3", "heat", "ON");
        for (Control control : Controls.ALL) {
            if (control.writableOn(Control.Channel.MQTT)) {
                assertThat(!control.isSetting() || CommandParser.SETTABLE_FIELDS.contains(control.name()))
                        .as("MQTT lacks %s", control.name()).isTrue();
                WireRequest request = control.isSetting()
                        ? parser.parseSetField(control.name(), plain.get(control.name()).getBytes(UTF_8), Map.of())
                        : parser.parseSetField("action", control.name().getBytes(UTF_8), Map.of());
                assertThat(planner.plan(request)).as(control.name()).isInstanceOfSatisfying(
                        CommandPlanner.Plan.Submit.class, submit -> assertThat(Controls.nameOf(submit.command()))
                                .isEqualTo(control.name()));
            }
        }
    }

    @Test
    void theSocketTakesEveryControlByItsName() {
        LocalProtocol protocol = new LocalProtocol();
        Map<String, String> values = Map.of("program", "\"gentle\"", "duration", "10", "level", "3", "heat", "true");
        assertThat(LocalProtocol.commands()).as("the socket's commands are the table's, then status")
                .containsExactlyElementsOf(java.util.stream.Stream.concat(Controls.ALL.stream()
                        .filter(control -> control.writableOn(Control.Channel.SOCKET)).map(Control::name),
                        java.util.stream.Stream.of("status")).toList());
        for (Control control : Controls.ALL) {
            if (control.writableOn(Control.Channel.SOCKET)) {
                String line = "{\"command\":\"" + control.name() + "\"" + (control.isSetting()
                        ? ",\"" + control.name() + "\":" + values.get(control.name()) : "") + "}";
                LocalRequest request = protocol.decode(line);
                assertThat(request).as("the socket lacks %s: %s", control.name(), request)
                        .isInstanceOf(LocalRequest.Submit.class);
                assertThat(Controls.nameOf(((LocalRequest.Submit) request).command())).isEqualTo(control.name());
            }
        }
        assertThat(((LocalRequest.Submit) protocol.decode("{\"command\":\"duration\",\"duration\":12}")).command())
                .isEqualTo(new Command.SetDuration(Origin.CLI, Duration.ofMinutes(12)));
        assertThat(((LocalRequest.Submit) protocol.decode("{\"command\":\"start\"}")).command())
                .isEqualTo(new Command.Start(Origin.CLI, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                        Optional.empty()));
    }

    @Test
    void theCommandLineHasACommandForEveryControlWithTheTablesDescription() {
        CommandLine cli = Cli.create(Map.of(), Cli.defaultAssembly());
        Map<String, CommandLine> byName = new HashMap<>();
        cli.getSubcommands().forEach((name, sub) -> {
            byName.put(name, sub);
            List.of(sub.getCommandSpec().aliases()).forEach(alias -> byName.put(alias, sub));
        });
        for (Control control : Controls.ALL) {
            if (control.writableOn(Control.Channel.CLI)) {
                assertThat(byName).as("the command line lacks %s", control.cliName()).containsKey(control.cliName());
                assertThat(String.join(" ", byName.get(control.cliName()).getCommandSpec().usageMessage().description()))
                        .as(control.cliName()).isEqualTo(control.description());
            }
        }
        Set<String> startOptions = new HashSet<>(byName.get("start").getCommandSpec().optionsMap().keySet());
        for (Control setting : Controls.settings()) {
            if (setting.writableOn(Control.Channel.CLI)) {
                assertThat(startOptions).as("start lacks %s", setting.name())
                        .contains("--" + LocalProtocol.startField(setting));
            }
        }
    }

    @Test
    void theWebPageListsEveryControlTheTableOffersWithItsRange() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode listed = json.readTree(ControlsJson.of(limits(), new JsonCodec())).get("controls");
        Map<String, JsonNode> byName = new HashMap<>();
        listed.forEach(control -> byName.put(control.get("name").asText(), control));
        for (Control control : Controls.ALL) {
            if (control.offeredOn(Control.Channel.SOCKET, limits())) {
                assertThat(byName).as("the web page lacks %s", control.name()).containsKey(control.name());
                JsonNode node = byName.get(control.name());
                Control.Bounds bounds = control.bounds().apply(limits());
                assertThat(node.get("description").asText()).isEqualTo(control.description());
                if (control.kind() == Control.Kind.NUMBER) {
                    assertThat(node.get("min").asInt()).as(control.name()).isEqualTo(bounds.min());
                    assertThat(node.get("max").asInt()).as(control.name()).isEqualTo(bounds.max());
                }
            }
        }
    }
}
