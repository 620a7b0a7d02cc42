package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.profile.ValidationProblem;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.DeviceFileValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code massaged profiles list}, {@code show ID} and {@code validate FILE...}. Exit codes: 0 fine, 3 a file (or a
 * profile directory) is invalid, 2 usage. Problems are printed one per line, never as a stack trace.
 */
@Command(name = "profiles", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footer = ExitCodes.HELP_FOOTER,
        description = "List the device profiles, show one, or check profile, program and override files.",
        subcommands = {ProfilesCommand.ListProfiles.class, ProfilesCommand.ShowProfile.class, ProfilesCommand.Validate.class})
public final class ProfilesCommand implements Callable<Integer> {

    public static final int OK = ExitCodes.OK;
    /** A file is invalid: the same code as an invalid configuration (docs/cli.md). */
    public static final int INVALID = ExitCodes.CONFIG;
    public static final int USAGE = ExitCodes.USAGE;

    @ParentCommand
    MassagedCommand cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(cli.err());
        return USAGE;
    }

    /** Reads the built-in profiles and those in {@code dirs}; on problems prints them and returns empty. */
    static Optional<ProfileCatalogue> profiles(List<Path> dirs, MassagedCommand cli) {
        try {
            return Optional.of(ProfileCatalogue.builtInAnd(dirs));
        } catch (ProfileValidationException invalid) {
            printProblems(invalid.problems(), cli);
            return Optional.empty();
        }
    }

    static void printProblems(List<ValidationProblem> problems, MassagedCommand cli) {
        Output.failure(cli, INVALID, "invalid-file",
                problems.stream().map(ValidationProblem::describe).collect(Collectors.joining("\n")));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the known device profiles: id, link, zones, heater and name.")
    static final class ListProfiles implements Callable<Integer> {

        @ParentCommand
        ProfilesCommand profiles;

        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Also read the profiles in this directory or file (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Override
        public Integer call() {
            MassagedCommand cli = profiles.cli;
            Optional<ProfileCatalogue> catalogue = profiles(profileDirs, cli);
            if (catalogue.isEmpty()) {
                return INVALID;
            }
            if (cli.json()) {
                ObjectNode out = Output.object();
                ArrayNode list = out.putArray("profiles");
                for (DeviceProfile profile : catalogue.get().all()) {
                    ObjectNode entry = list.addObject().put("id", profile.id()).put("name", profile.name())
                            .put("link", link(profile));
                    ArrayNode zones = entry.putArray("zones");
                    for (Zone zone : profile.zones()) {
                        zones.addObject().put("id", zone.id()).put("over_spine", zone.overSpine());
                    }
                    profile.heater().ifPresentOrElse(heater -> entry.put("heater_max_celsius", heater.setpointCelsius()),
                            () -> entry.putNull("heater_max_celsius"));
                }
                Output.json(cli.out(), out);
                return OK;
            }
            PrintWriter out = cli.out();
            out.printf("%-24s %-7s %-38s %-7s %s%n", "ID", "LINK", "ZONES", "HEATER", "NAME");
            for (DeviceProfile profile : catalogue.get().all()) {
                out.printf("%-24s %-7s %-38s %-7s %s%n", profile.id(), link(profile), zones(profile),
                        profile.heater().map(heater -> "≤" + trim(heater.setpointCelsius()) + "°C").orElse("-"),
                        profile.name());
            }
            out.flush();
            return OK;
        }

        private static String link(DeviceProfile profile) {
            return profile.transport() instanceof SerialTransport ? "serial"
                    : profile.transport() instanceof GpioTransport ? "gpio" : "?";
        }

        private static String zones(DeviceProfile profile) {
            return profile.zones().stream()
                    .map(zone -> zone.overSpine() ? zone.id() + "(never)" : zone.id())
                    .collect(Collectors.joining(","));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Print a profile's file as written, to read it or to copy it into a new profile.")
    static final class ShowProfile implements Callable<Integer> {

        @ParentCommand
        ProfilesCommand profiles;

        @Parameters(index = "0", paramLabel = "ID", description = "The profile id.")
        String id;

        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Also read the profiles in this directory or file (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Override
        public Integer call() {
            MassagedCommand cli = profiles.cli;
            Optional<ProfileCatalogue> catalogue = profiles(profileDirs, cli);
            if (catalogue.isEmpty()) {
                return INVALID;
            }
            Optional<String> text = catalogue.get().sourceText(id);
            if (text.isEmpty()) {
                return Output.failure(cli, USAGE, "unknown-profile", String.format("No profile \"%s\". Known profiles: %s",
                        id, String.join(", ", catalogue.get().ids())));
            }
            if (cli.json()) {
                Output.json(cli.out(), Output.object().put("id", id).put("text", text.get()));
            } else {
                cli.out().print(text.get());
                cli.out().flush();
            }
            return OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Check profile, program and user-override files, and print every problem with its place.")
    static final class Validate implements Callable<Integer> {

        @ParentCommand
        ProfilesCommand profiles;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files to check.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Profiles the daemon also knows, for programs and overrides (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Option(names = "--profile", paramLabel = "ID",
                description = "The profile an override file without a 'profile:' key narrows.")
        Optional<String> profile = Optional.empty();

        @Override
        public Integer call() {
            MassagedCommand cli = profiles.cli;
            List<DeviceFileValidator.Report> reports = DeviceFileValidator.validate(files, profileDirs, profile);
            long failed = reports.stream().filter(report -> !report.ok()).count();
            if (cli.json()) {
                ObjectNode out = Output.object().put("ok", failed == 0);
                ArrayNode list = out.putArray("files");
                for (DeviceFileValidator.Report report : reports) {
                    ObjectNode entry = list.addObject().put("file", report.file().toString()).put("ok", report.ok())
                            .put("kind", report.kind().map(Validate::kind).orElse(null))
                            .put("id", report.id().orElse(null));
                    ArrayNode problems = entry.putArray("problems");
                    report.problems().forEach(problem -> problems.add(problem.describe()));
                }
                Output.json(cli.out(), out);
                return failed == 0 ? OK : INVALID;
            }
            PrintWriter out = cli.out();
            PrintWriter err = cli.err();
            for (DeviceFileValidator.Report report : reports) {
                if (report.ok()) {
                    out.printf("ok      %s (%s %s)%n", report.file(), report.kind().map(Validate::kind).orElse("file"),
                            report.id().orElse(""));
                } else {
                    err.printf("INVALID %s%n", report.file());
                    report.problems().forEach(problem -> err.println("  " + problem.describe()));
                }
            }
            out.flush();
            if (failed > 0) {
                err.printf("%d of %d file%s failed validation%n", failed, reports.size(), reports.size() == 1 ? "" : "s");
            }
            err.flush();
            return failed == 0 ? OK : INVALID;
        }

        private static String kind(DeviceFileValidator.Kind kind) {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
