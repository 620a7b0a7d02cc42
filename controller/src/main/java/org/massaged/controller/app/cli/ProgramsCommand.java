package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.program.Program;
import org.massaged.device.program.ProgramCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code massaged programs list} and {@code massaged programs show NAME}: the programs, and what one does on a
 * device. Exit codes: 0 fine, 3 invalid files or a program that cannot play on that device, 2 usage (unknown
 * name included).
 */
@Command(name = "programs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footer = ExitCodes.HELP_FOOTER,
        description = "List the massage programs, or show what one does on a device.",
        subcommands = {ProgramsCommand.ListPrograms.class, ProgramShow.class})
public final class ProgramsCommand implements Callable<Integer> {

    @ParentCommand
    MassagedCommand cli;

    @Spec
    CommandSpec spec;

    final Assembly assembly;

    ProgramsCommand(Assembly assembly) {
        this.assembly = assembly;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(cli.err());
        return ProfilesCommand.USAGE;
    }

    /** Profile and program directories beyond the built-in ones. */
    static final class Sources {
        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Also read the profiles in this directory or file (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Option(names = "--programs-dir", paramLabel = "DIR",
                description = "Also read the programs in this directory or file (repeatable).")
        List<Path> programDirs = new ArrayList<>();

        Optional<Catalogues> load(MassagedCommand cli, Optional<Path> configuredPrograms) {
            Optional<ProfileCatalogue> profiles = ProfilesCommand.profiles(profileDirs, cli);
            if (profiles.isEmpty()) {
                return Optional.empty();
            }
            List<Path> programs = new ArrayList<>(programDirs);
            configuredPrograms.ifPresent(programs::add);
            try {
                return Optional.of(new Catalogues(profiles.get(), ProgramCatalogue.builtInAnd(programs, profiles.get())));
            } catch (ProfileValidationException invalid) {
                ProfilesCommand.printProblems(invalid.problems(), cli);
                return Optional.empty();
            }
        }
    }

    record Catalogues(ProfileCatalogue profiles, ProgramCatalogue programs) {}

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the known programs: id, number of steps, name and description.")
    static final class ListPrograms implements Callable<Integer> {

        @ParentCommand
        ProgramsCommand programs;

        @CommandLine.Mixin
        Sources sources = new Sources();

        @Override
        public Integer call() {
            MassagedCommand cli = programs.cli;
            Optional<Catalogues> catalogues = sources.load(cli, Optional.empty());
            if (catalogues.isEmpty()) {
                return ProfilesCommand.INVALID;
            }
            if (cli.json()) {
                ObjectNode out = Output.object();
                ArrayNode list = out.putArray("programs");
                for (Program program : catalogues.get().programs().all()) {
                    list.addObject().put("id", program.id()).put("name", program.name())
                            .put("steps", program.steps().size()).put("description", program.description());
                }
                Output.json(cli.out(), out);
                return ProfilesCommand.OK;
            }
            PrintWriter out = cli.out();
            out.printf("%-20s %-5s %-22s %s%n", "ID", "STEPS", "NAME", "DESCRIPTION");
            for (Program program : catalogues.get().programs().all()) {
                out.printf("%-20s %-5d %-22s %s%n", program.id(), program.steps().size(), program.name(),
                        program.description());
            }
            out.flush();
            return ProfilesCommand.OK;
        }
    }

    /** {@code 12m}, {@code 7m30s}, {@code 90s}; a bare number is minutes. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip();
            if (text.matches("[0-9]+(\\.[0-9]+)?")) {
                text = text + "m";
            }
            return Durations.parse(text).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; expected e.g. 12m, 7m30s or 90s"));
        }
    }
}
