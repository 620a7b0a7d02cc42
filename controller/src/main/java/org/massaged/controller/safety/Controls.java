package org.massaged.controller.safety;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.massaged.controller.safety.Control.Access;
import org.massaged.controller.safety.Control.Bounds;
import org.massaged.controller.safety.Control.Channel;
import org.massaged.controller.safety.Control.Kind;
import org.massaged.controller.safety.Control.Value;

/**
 * The one declared table of the device's controls. Every channel is driven from it: the MQTT parser (fields,
 * {@code set/<name>} topics, actions), Home Assistant discovery (a button per action, a number, select or switch
 * per setting), the local socket's commands, the command line's session commands and the values the state shows.
 * Adding a control is one entry here and its handling in the engine.
 */
public final class Controls {

    private static final Set<Phase> EVERY_PHASE = Set.copyOf(EnumSet.allOf(Phase.class));
    private static final Set<Phase> NO_SESSION = Set.copyOf(EnumSet.of(Phase.IDLE, Phase.COOLDOWN, Phase.FAULT,
            Phase.EMERGENCY_STOP));
    private static final Set<Phase> IN_SESSION = Set.copyOf(EnumSet.of(Phase.WARMING, Phase.STARTING, Phase.RUNNING,
            Phase.PAUSED, Phase.STOPPING));
    private static final Set<Phase> BUT_STOPPING = Set.copyOf(EnumSet.complementOf(EnumSet.of(Phase.STOPPING)));
    private static final Map<Channel, Access> PRESSED = Map.of(Channel.HOME_ASSISTANT, Access.WRITE,
            Channel.MQTT, Access.WRITE, Channel.SOCKET, Access.WRITE, Channel.CLI, Access.WRITE);
    private static final Map<Channel, Access> SHOWN_AND_SET = Map.of(Channel.HOME_ASSISTANT, Access.READ_WRITE,
            Channel.MQTT, Access.READ_WRITE, Channel.SOCKET, Access.READ_WRITE, Channel.CLI, Access.READ_WRITE);

    /** In the order every channel lists them. */
    public static final List<Control> ALL = List.of(
            action("start", "Start", "mdi:play", "Start a session. It plays the next start's choices unless the start"
                    + " gives its own, begins at the low-pressure level and ramps up softly. The daemon may adjust what"
                    + " is asked (the answer says how) or refuse it (rest, daily budget, a latched fault).",
                    EnumSet.of(Phase.IDLE),
                    Command.Start.class, origin -> new Command.Start(origin, Optional.empty(), Optional.empty(),
                            java.util.OptionalInt.empty(), Optional.empty())),
            action("stop", "Stop", "mdi:stop", "Stop the session gently: a slow ramp down, then outputs off.",
                    EVERY_PHASE, Command.Stop.class, Command.Stop::new),
            action("emergency_stop", "Emergency stop", "mdi:alert-octagon",
                    "Emergency stop: outputs off at once, latched until a reset.", EVERY_PHASE,
                    Command.EmergencyStop.class, Command.EmergencyStop::new),
            action("reset", "Reset fault", "mdi:restore",
                    "Clear a latched emergency stop or fault; it never starts anything by itself.",
                    EnumSet.of(Phase.FAULT, Phase.EMERGENCY_STOP), Command.Reset.class, Command.Reset::new),
            action("too_much", "Too much", "mdi:arrow-down-bold", "It hurts: one level down at once, and a lower"
                    + " ceiling for the rest of the session.", IN_SESSION, Command.TooMuch.class, Command.TooMuch::new),
            action("pause", "Pause", "mdi:pause", "Pause the session: outputs off, the countdown stands still.",
                    EnumSet.of(Phase.WARMING, Phase.STARTING, Phase.RUNNING, Phase.PAUSED), Command.Pause.class,
                    Command.Pause::new),
            action("resume", "Resume", "mdi:play-pause", "Resume a paused session with a gentle soft start.",
                    EnumSet.of(Phase.PAUSED), Command.Resume.class, Command.Resume::new),
            action("skip_step", "Skip step", "mdi:skip-next", "Skip to the program's next step; after the last one"
                    + " the session ramps down and ends.", EnumSet.of(Phase.WARMING, Phase.STARTING, Phase.RUNNING),
                    Command.SkipStep.class, Command.SkipStep::new),
            setting("program", Kind.SELECT, "Program", Optional.of("mdi:format-list-numbered"),
                    "The program the next session plays (it cannot change while one is in progress).",
                    new Value("NAME", "a program's id ('massaged programs list')"), NO_SESSION,
                    Command.SetProgram.class, (origin, value) -> new Command.SetProgram(origin, (String) value),
                    limits -> Bounds.options(limits.programIds()), "program_shown"),
            setting("duration", Kind.NUMBER, "Duration", Optional.empty(),
                    "The next session's length in minutes, within the profile's range (it cannot change while one is"
                            + " in progress).", new Value("MINUTES", "whole minutes, from 1; the daemon keeps the"
                            + " session within the profile's range, 5 to 15 at most, and says so"), NO_SESSION,
                    Command.SetDuration.class,
                    (origin, value) -> new Command.SetDuration(origin, Duration.ofMinutes((Integer) value)),
                    limits -> Bounds.range(limits.minDurationMinutes(), limits.maxDurationMinutes(),
                            Optional.of("min")), "next.duration"),
            setting("level", Kind.NUMBER, "Level", Optional.of("mdi:speedometer"),
                    "The level, from 1: the running session's (rate-limited, capped at its ceiling), else the next"
                            + " start's.", new Value("LEVEL", "from 1; a level above the ceiling is capped at it"),
                    BUT_STOPPING, Command.SetLevel.class,
                    (origin, value) -> new Command.SetLevel(origin, (Integer) value),
                    limits -> Bounds.range(1, limits.ceiling(), Optional.empty()), "level_shown"),
            setting("heat", Kind.SWITCH, "Heat", Optional.of("mdi:heat-wave"),
                    "The heating pad, on or off: the running session's, else the next start's.",
                    new Value("on|off", "the heating pad on or off"), BUT_STOPPING,
                    Command.SetHeat.class, (origin, value) -> new Command.SetHeat(origin, (Boolean) value),
                    limits -> Bounds.when(limits.heater()), "heat_shown"));

    private Controls() {}

    public static Optional<Control> named(String name) {
        return ALL.stream().filter(control -> control.name().equals(name)).findFirst();
    }

    /** The controls of one kind group: the actions, or the settings. */
    public static List<Control> actions() {
        return ALL.stream().filter(control -> !control.isSetting()).toList();
    }

    public static List<Control> settings() {
        return ALL.stream().filter(Control::isSetting).toList();
    }

    /** The control a command came from ({@code set} for several settings at once, {@code press} for a button). */
    public static String nameOf(Command command) {
        if (command instanceof Command.Batch) {
            return "set";
        }
        if (command instanceof Command.Press press) {
            return "press:" + press.button().name().toLowerCase(java.util.Locale.ROOT);
        }
        return ALL.stream().filter(control -> control.command().isInstance(command)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no control for " + command)).name();
    }

    private static Control action(String name, String label, String icon, String description, Set<Phase> phases,
                                  Class<? extends Command> command, Function<Origin, Command> make) {
        return new Control(name, Kind.ACTION, label, Optional.of(icon), description, Value.NONE, phases, command,
                (origin, value) -> make.apply(origin), limits -> Bounds.present(), PRESSED, Optional.empty());
    }

    private static Control setting(String name, Kind kind, String label, Optional<String> icon, String description,
                                   Value value, Set<Phase> phases, Class<? extends Command> command,
                                   Control.Maker maker, Function<Limits, Bounds> bounds, String shownAs) {
        return new Control(name, kind, label, icon, description, value, phases, command, maker, bounds, SHOWN_AND_SET,
                Optional.of(shownAs));
    }
}
