package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.cli.Cli;
import org.massaged.controller.app.local.LocalProtocol;
import org.massaged.controller.app.local.LocalRequest;
import org.massaged.controller.mqtt.Action;
import org.massaged.controller.mqtt.CommandParser;
import org.massaged.controller.mqtt.Discovery;
import org.massaged.controller.mqtt.MqttSettings;
import org.massaged.controller.mqtt.Topics;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;
import picocli.CommandLine;

/**
 * Every channel offers every control the table of controls ({@link Controls}) declares writable on it: Home
 * Assistant (a button per action, a select, number or switch per setting), MQTT (the action values and the
 * settable fields), the local socket (one command per control, of the same name) and the command line (one
 * command per control). Adding a control to the table without a channel's handling fails here.
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
    void mqttTakesEveryControlTheTableDeclaresForIt() {
        for (Control control : Controls.ALL) {
            if (control.writableOn(Control.Channel.MQTT)) {
                assertThat(control.isSetting() ? CommandParser.SETTABLE_FIELDS.contains(control.name())
                        : Action.fromWire(control.name()).isPresent()).as("MQTT lacks %s", control.name()).isTrue();
            }
        }
    }

    @Test
    void theSocketTakesEveryControlByItsName() {
        LocalProtocol protocol = new LocalProtocol();
        Map<String, String> values = Map.of("program", "\"gentle\"", "duration", "10", "level", "3", "heat", "true");
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
    void theCommandLineHasACommandForEveryControl() {
        CommandLine cli = Cli.create(Map.of(), Cli.defaultAssembly());
        Set<String> names = new HashSet<>();
        cli.getSubcommands().forEach((name, sub) -> {
            names.add(name);
            names.addAll(List.of(sub.getCommandSpec().aliases()));
        });
        for (Control control : Controls.ALL) {
            if (control.writableOn(Control.Channel.CLI)) {
                assertThat(names).as("the command line lacks %s", control.cliName()).contains(control.cliName());
            }
        }
    }
}
