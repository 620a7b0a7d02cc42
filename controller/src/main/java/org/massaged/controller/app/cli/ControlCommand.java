package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.massaged.controller.app.local.LocalProtocol;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The commands that act on the session, one per control of the table ({@link Controls}), built from it: an action
 * is a command without arguments ({@code start} takes each setting as an option, for its session only), a setting
 * a command with its value. Each sends one line to the daemon, answered by the control thread.
 */
final class ControlCommand implements Callable<Integer> {

    /** The command line's own short names, where it has one; the control's name is then an alias. */
    private static final Map<String, String> SHORT_NAMES = Map.of("emergency_stop", "estop");
    /** Further names people type. */
    private static final Map<String, List<String>> MORE_ALIASES = Map.of("skip_step", List.of("skip"));

    /** A switch's value on the command line. */
    enum OnOff { on, off }

    private final Control control;
    private final CommandSpec spec;
    /** The setting each argument gives, and under which field of the request. */
    private final Map<ArgSpec, Map.Entry<Control, String>> arguments = new LinkedHashMap<>();

    private ControlCommand(Control control) {
        this.control = control;
        this.spec = CommandSpec.wrapWithoutInspection(this);
    }

    /** The command line's session commands, in the table's order. */
    static List<CommandLine> all() {
        return Controls.ALL.stream().filter(control -> control.writableOn(Control.Channel.CLI))
                .map(control -> new ControlCommand(control).commandLine()).toList();
    }

    private CommandLine commandLine() {
        String name = SHORT_NAMES.getOrDefault(control.name(), control.cliName());
        List<String> aliases = new ArrayList<>();
        if (!name.equals(control.cliName())) {
            aliases.add(control.cliName());
        }
        aliases.addAll(MORE_ALIASES.getOrDefault(control.name(), List.of()));
        spec.name(name).aliases(aliases.toArray(String[]::new)).mixinStandardHelpOptions(true);
        spec.usageMessage().description(sentences(control.description())).footer(ExitCodes.HELP_FOOTER);
        if (LocalProtocol.takesSettings(control)) {
            Controls.settings().stream().filter(setting -> setting.writableOn(Control.Channel.CLI))
                    .forEach(setting -> add(startOption(setting), setting, LocalProtocol.startField(setting)));
        } else if (control.isSetting()) {
            add(PositionalParamSpec.builder().paramLabel(control.value().label())
                    .description(capitalized(control.value().help()) + ".").type(type(control)).required(true)
                    .build(), control, control.name());
        }
        return new CommandLine(spec);
    }

    private void add(ArgSpec argument, Control setting, String field) {
        if (argument instanceof OptionSpec option) {
            spec.addOption(option);
        } else {
            spec.addPositional((PositionalParamSpec) argument);
        }
        arguments.put(argument, Map.entry(setting, field));
    }

    /** A start's option for one setting: {@code --<its start field>}, a switch negatable. */
    private static OptionSpec startOption(Control setting) {
        String field = LocalProtocol.startField(setting);
        String description = "The session's " + setting.name() + ", instead of the next start's: "
                + setting.value().help() + ".";
        if (setting.kind() == Control.Kind.SWITCH) {
            return OptionSpec.builder("--" + field).negatable(true).type(Boolean.class).description(description)
                    .build();
        }
        return OptionSpec.builder("-" + setting.name().charAt(0), "--" + field).paramLabel(setting.value().label())
                .type(type(setting)).description(description).build();
    }

    private static Class<?> type(Control setting) {
        return switch (setting.kind()) {
            case NUMBER -> Integer.class;
            case SELECT -> String.class;
            case SWITCH -> OnOff.class;
            case ACTION -> throw new IllegalArgumentException(setting.name() + " takes no value");
        };
    }

    @Override
    public Integer call() {
        MassagedCommand cli = (MassagedCommand) spec.parent().userObject();
        ObjectNode request = cli.client().protocol().request(control.name());
        arguments.forEach((argument, given) -> {
            Object value = argument.getValue();
            String field = given.getValue();
            if (value instanceof Integer number) {
                request.put(field, number);
            } else if (value instanceof String text) {
                request.put(field, text);
            } else if (value instanceof Boolean on) {
                request.put(field, on);
            } else if (value instanceof OnOff onOff) {
                request.put(field, onOff == OnOff.on);
            }
        });
        return cli.call(request);
    }

    /** A description's sentences, one paragraph each: picocli lists a command by the first. */
    private static String[] sentences(String description) {
        return Arrays.stream(description.split("(?<=\\.) (?=[A-Z])")).toArray(String[]::new);
    }

    private static String capitalized(String phrase) {
        return phrase.substring(0, 1).toUpperCase(Locale.ROOT) + phrase.substring(1);
    }
}
