package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The commands that act on the session: each one line to the daemon, answered by the control thread. */
final class SessionCommands {

    private SessionCommands() {}

    @Command(name = "start", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"Start a session.",
                    "It begins at the profile's low-pressure level and ramps up softly. The daemon may adjust what "
                            + "you ask for (the answer says how) or refuse it (rest, daily budget, a latched fault)."})
    static final class Start implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Option(names = {"-p", "--program"}, paramLabel = "NAME",
                description = "The program to play (default: defaultProgram from the configuration).")
        String program;

        @Option(names = {"-d", "--minutes"}, paramLabel = "MINUTES",
                description = "The session's length in minutes; the daemon keeps it within the profile's range, 5 to 15 "
                        + "at most, and says so (default: the profile's, usually 10).")
        Integer minutes;

        @Option(names = {"-l", "--level"}, paramLabel = "LEVEL",
                description = "The level to ramp up to, from 1; a level above the ceiling is capped at it (default: the "
                        + "profile's low-pressure level).")
        Integer level;

        @Option(names = "--heat", negatable = true,
                description = "Warm up with the heater pad first (default: as the program says).")
        Boolean heat;

        @Override
        public Integer call() {
            ObjectNode request = cli.client().protocol().request("start");
            if (program != null) {
                request.put("program", program);
            }
            if (minutes != null) {
                request.put("minutes", minutes);
            }
            if (level != null) {
                request.put("level", level);
            }
            if (heat != null) {
                request.put("heat", heat);
            }
            return cli.call(request);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Stop the session gently: a slow ramp down, then outputs off.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("stop"));
        }
    }

    @Command(name = "estop", aliases = "emergency-stop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Emergency stop: outputs off at once, latched until 'massaged reset'.")
    static final class EmergencyStop implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("emergency_stop"));
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Clear a latched emergency stop or fault. Never starts anything by itself.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("reset"));
        }
    }

    @Command(name = "level", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Change the level: the session's in progress (rate-limited; capped by the ceiling), else the "
                    + "next start's.")
    static final class Level implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Parameters(paramLabel = "LEVEL",
                description = "The new level, from 1; a level above the ceiling is capped at it.")
        int level;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("level").put("level", level));
        }
    }

    @Command(name = "too-much", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "It hurts: one level down at once, and a lower ceiling for the rest of the session.")
    static final class TooMuch implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("too_much"));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Pause the session (outputs ramp down; the clock keeps the session's cap).")
    static final class Pause implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("pause"));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Resume a paused session.")
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("resume"));
        }
    }

    @Command(name = "skip-step", aliases = "skip", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Skip to the program's next step; after the last one the session ramps down and ends.")
    static final class SkipStep implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("skip_step"));
        }
    }

    @Command(name = "program", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Choose the program the next session plays (not while one is in progress).")
    static final class Program implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Parameters(paramLabel = "NAME", description = "The program's id ('massaged programs list').")
        String program;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("program").put("program", program));
        }
    }

    @Command(name = "duration", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Choose the next session's length in minutes (not while one is in progress); the daemon "
                    + "keeps it within the profile's range and says so.")
    static final class Duration implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Parameters(paramLabel = "MINUTES", description = "Whole minutes, from 1.")
        int minutes;

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("duration").put("duration", minutes));
        }
    }

    @Command(name = "heat", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "The heating pad on or off: the session's in progress, else the next start's.")
    static final class Heat implements Callable<Integer> {
        @ParentCommand
        MassagedCommand cli;

        @Parameters(paramLabel = "on|off", description = "Either on or off.")
        OnOff heat;

        enum OnOff { on, off }

        @Override
        public Integer call() {
            return cli.call(cli.client().protocol().request("heat").put("heat", heat == OnOff.on));
        }
    }
}
