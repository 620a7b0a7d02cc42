package org.massaged.controller.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import picocli.CommandLine.Spec;

/**
 * {@code massaged profiles list} and {@code massaged profiles validate FILE...}. Exit codes: 0 fine,
 * 1 a file (or a profile directory) is invalid, 2 usage. Problems go to the error writer, one per line,
 * never as a stack trace.
 */
@Command(name = "profiles", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the device profiles, or check profile, program and override files.",
        subcommands = {ProfilesCommand.ListProfiles.class, ProfilesCommand.ShowProfile.class, ProfilesCommand.Validate.class})
public final class ProfilesCommand implements Callable<Integer> {

    public static final int OK = ExitCodes.OK;
    /** A file is invalid: the same code as an invalid configuration (docs/cli.md). */
    public static final int INVALID = ExitCodes.CONFIG;
    public static final int USAGE = ExitCodes.USAGE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Reads the built-in profiles and those in {@code dirs}; on problems prints them and returns empty. */
    static Optional<ProfileCatalogue> profiles(List<Path> dirs, PrintWriter err) {
        try {
            return Optional.of(ProfileCatalogue.builtInAnd(dirs));
        } catch (ProfileValidationException invalid) {
            printProblems(invalid.problems(), err);
            return Optional.empty();
        }
    }

    static void printProblems(List<ValidationProblem> problems, PrintWriter err) {
        problems.forEach(problem -> err.println(problem.describe()));
        err.flush();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "List the known device profiles.")
    static final class ListProfiles implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Also read the profiles in this directory or file (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<ProfileCatalogue> catalogue = profiles(profileDirs, spec.commandLine().getErr());
            if (catalogue.isEmpty()) {
                return INVALID;
            }
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

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The profile id.")
        String id;

        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Also read the profiles in this directory or file (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Optional<ProfileCatalogue> catalogue = profiles(profileDirs, err);
            if (catalogue.isEmpty()) {
                return INVALID;
            }
            Optional<String> text = catalogue.get().sourceText(id);
            if (text.isEmpty()) {
                err.printf("No profile \"%s\". Known profiles: %s%n", id, String.join(", ", catalogue.get().ids()));
                err.flush();
                return USAGE;
            }
            spec.commandLine().getOut().print(text.get());
            spec.commandLine().getOut().flush();
            return OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Check profile, program and user-override files; print every problem with its place.")
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to check.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--profiles-dir", paramLabel = "DIR",
                description = "Profiles the daemon also knows, for programs and overrides (repeatable).")
        List<Path> profileDirs = new ArrayList<>();

        @Option(names = "--profile", paramLabel = "ID",
                description = "The profile an override file without a 'profile:' key narrows.")
        Optional<String> profile = Optional.empty();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<DeviceFileValidator.Report> reports = DeviceFileValidator.validate(files, profileDirs, profile);
            int failed = 0;
            for (DeviceFileValidator.Report report : reports) {
                if (report.ok()) {
                    out.printf("ok      %s (%s %s)%n", report.file(),
                            report.kind().map(kind -> kind.name().toLowerCase(java.util.Locale.ROOT)).orElse("file"),
                            report.id().orElse(""));
                } else {
                    failed++;
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
    }

    static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
