package org.massaged.controller.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.massaged.controller.app.DaemonAssembler;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Builds the {@code massaged} command line: every subcommand registered here, in the order of the help. */
public final class Cli {

    private Cli() {}

    /** The real wiring: profiles, programs, device, journal and MQTT bridge from the configuration. */
    public static Assembly defaultAssembly() {
        return new DaemonAssembler();
    }

    public static CommandLine create(Map<String, String> environment, Assembly assembly) {
        MassagedCommand top = new MassagedCommand(environment);
        CommandLine cli = new CommandLine(top);
        cli.addSubcommand("run", new RunCommand(assembly));
        cli.addSubcommand("status", new StatusCommand());
        cli.addSubcommand("start", new SessionCommands.Start());
        cli.addSubcommand("stop", new SessionCommands.Stop());
        cli.addSubcommand("estop", new SessionCommands.EmergencyStop());
        cli.addSubcommand("reset", new SessionCommands.Reset());
        cli.addSubcommand("level", new SessionCommands.Level());
        cli.addSubcommand("too-much", new SessionCommands.TooMuch());
        cli.addSubcommand("pause", new SessionCommands.Pause());
        cli.addSubcommand("resume", new SessionCommands.Resume());
        cli.addSubcommand("journal", new JournalCommand(assembly));
        cli.addSubcommand("profiles", new ProfilesCommand());
        cli.addSubcommand("programs", new ProgramsCommand());
        cli.addSubcommand("mqtt", new MqttCommand(assembly));
        cli.addSubcommand("doctor", new DoctorCommand(assembly));
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            LoggerFactory.getLogger(Cli.class).debug("massaged failed", exception);
            commandLine.getErr().println("massaged: internal error: " + exception
                    + " (please report it, with the log: journalctl -u massaged)");
            commandLine.getErr().flush();
            return ExitCodes.SOFTWARE;
        });
        return cli;
    }

    /** Runs {@code massaged args...}; returns the exit code. */
    public static int execute(String[] args, Map<String, String> environment, Assembly assembly,
                              PrintWriter out, PrintWriter err) {
        CommandLine cli = create(environment, assembly);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }
}
