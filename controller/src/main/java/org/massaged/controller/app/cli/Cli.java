package org.massaged.controller.app.cli;

import java.io.PrintWriter;
import java.util.Arrays;
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
        return create(environment, assembly, RunCommand.SIGNALS);
    }

    static CommandLine create(Map<String, String> environment, Assembly assembly, RunCommand.Stopping stopping) {
        MassagedCommand top = new MassagedCommand(environment);
        CommandLine cli = new CommandLine(top);
        cli.addSubcommand("run", new RunCommand(assembly, stopping));
        cli.addSubcommand("status", new StatusCommand());
        ControlCommand.all().forEach(cli::addSubcommand);
        cli.addSubcommand("journal", new JournalCommand(assembly));
        cli.addSubcommand("history", new HistoryCommand());
        cli.addSubcommand("profiles", new ProfilesCommand());
        cli.addSubcommand("programs", new ProgramsCommand(assembly));
        cli.addSubcommand("mqtt", new MqttCommand(assembly));
        cli.addSubcommand("doctor", new DoctorCommand(assembly));
        cli.setParameterExceptionHandler(Cli::wrongCommandLine);
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            LoggerFactory.getLogger(Cli.class).debug("massaged failed", exception);
            commandLine.getErr().println("massaged: internal error: " + exception
                    + " (please report it, with the log: journalctl -u massaged)");
            commandLine.getErr().flush();
            return ExitCodes.SOFTWARE;
        });
        return cli;
    }

    /** A wrong command line: what is wrong and the command's usage, or with {@code --json} one JSON object. */
    private static int wrongCommandLine(CommandLine.ParameterException wrong, String[] args) {
        CommandLine command = wrong.getCommandLine();
        if (Arrays.asList(args).contains("--json")) {
            return Output.failure(true, command.getOut(), command.getErr(), ExitCodes.USAGE, "usage",
                    wrong.getMessage());
        }
        PrintWriter err = command.getErr();
        err.println(wrong.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(wrong, err);
        err.println("See 'massaged " + qualifiedName(command) + "--help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String qualifiedName(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName(" ");
        return name.equals("massaged") ? "" : name.substring("massaged ".length()) + " ";
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
