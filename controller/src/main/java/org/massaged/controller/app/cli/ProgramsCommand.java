package org.massaged.controller.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.Zone;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.program.LevelRange;
import org.massaged.device.program.PlannedStep;
import org.massaged.device.program.Program;
import org.massaged.device.program.ProgramCatalogue;
import org.massaged.device.program.ProgramNotPlayableException;
import org.massaged.device.program.ProgramPlan;
import org.massaged.device.program.ProgramPlanner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code massaged programs list} and {@code massaged programs show NAME --profile P}: what a program does
 * on a device, step by step, with zones, levels and times for the default and a chosen duration. Exit codes:
 * 0 fine, 1 invalid files or a program that cannot play on that device, 2 usage (unknown name included).
 */
@Command(name = "programs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the massage programs, or show what one does on a device.",
        subcommands = {ProgramsCommand.ListPrograms.class, ProgramsCommand.Show.class})
public final class ProgramsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
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

        Optional<Catalogues> load(PrintWriter err) {
            Optional<ProfileCatalogue> profiles = ProfilesCommand.profiles(profileDirs, err);
            if (profiles.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Catalogues(profiles.get(),
                        ProgramCatalogue.builtInAnd(programDirs, profiles.get())));
            } catch (ProfileValidationException invalid) {
                ProfilesCommand.printProblems(invalid.problems(), err);
                return Optional.empty();
            }
        }
    }

    record Catalogues(ProfileCatalogue profiles, ProgramCatalogue programs) {}

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "List the known programs.")
    static final class ListPrograms implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        Sources sources = new Sources();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<Catalogues> catalogues = sources.load(spec.commandLine().getErr());
            if (catalogues.isEmpty()) {
                return ProfilesCommand.INVALID;
            }
            out.printf("%-20s %-5s %-22s %s%n", "ID", "STEPS", "NAME", "DESCRIPTION");
            for (Program program : catalogues.get().programs().all()) {
                out.printf("%-20s %-5d %-22s %s%n", program.id(), program.steps().size(), program.name(),
                        program.description());
            }
            out.flush();
            return ProfilesCommand.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show what a program does on a device, step by step, with levels and times.")
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The program id, e.g. lower-back-relief.")
        String name;

        @Option(names = "--profile", required = true, paramLabel = "ID", description = "The device profile id.")
        String profileId;

        @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Also show the times for this session length (5m to 15m; e.g. 12m, 7m30s; a bare"
                        + " number is minutes).")
        Optional<Duration> duration = Optional.empty();

        @Option(names = "--level", paramLabel = "LEVEL",
                description = "The session level to show levels for (default: the profile's start level).")
        Optional<Integer> level = Optional.empty();

        @Option(names = "--override", paramLabel = "FILE", description = "A user-override file to apply first.")
        Optional<Path> override = Optional.empty();

        @CommandLine.Mixin
        Sources sources = new Sources();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<Catalogues> catalogues = sources.load(err);
            if (catalogues.isEmpty()) {
                return ProfilesCommand.INVALID;
            }
            Optional<Program> program = catalogues.get().programs().find(name);
            if (program.isEmpty()) {
                err.printf("No program \"%s\". Known programs: %s%n", name,
                        String.join(", ", catalogues.get().programs().ids()));
                err.flush();
                return ProfilesCommand.USAGE;
            }
            Optional<DeviceProfile> found = catalogues.get().profiles().find(profileId);
            if (found.isEmpty()) {
                err.printf("No profile \"%s\". Known profiles: %s%n", profileId,
                        String.join(", ", catalogues.get().profiles().ids()));
                err.flush();
                return ProfilesCommand.USAGE;
            }
            DeviceProfile profile = found.get();
            if (override.isPresent()) {
                try {
                    profile = ProfileLoader.applyOverride(profile, override.get());
                } catch (ProfileValidationException invalid) {
                    ProfilesCommand.printProblems(invalid.problems(), err);
                    return ProfilesCommand.INVALID;
                }
            }
            try {
                ProgramPlan standard = ProgramPlanner.plan(program.get(), profile);
                Optional<ProgramPlan> chosen = duration.isPresent() && !duration.get().equals(standard.duration())
                        ? Optional.of(ProgramPlanner.plan(program.get(), profile, duration.get()))
                        : Optional.empty();
                print(out, program.get(), profile, standard, chosen);
                out.flush();
                return ProfilesCommand.OK;
            } catch (ProgramNotPlayableException refused) {
                err.printf("Cannot play %s on %s (%s): %s%n", name, profileId, refused.reason(), refused.getMessage());
                err.flush();
                return ProfilesCommand.INVALID;
            }
        }

        private void print(PrintWriter out, Program program, DeviceProfile profile, ProgramPlan standard,
                           Optional<ProgramPlan> chosen) {
            out.printf("%s \"%s\" on %s (%s)%n", program.id(), program.name(), profile.id(), profile.name());
            if (!program.description().isBlank()) {
                out.printf("  %s%n", program.description());
            }
            out.printf("Zones driven: %s%n", standard.zones().stream()
                    .map(zone -> zone.id() + " (" + zone.side().name().toLowerCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", ")));
            List<String> never = profile.zones().stream().filter(zone -> !zone.drivable())
                    .map(zone -> zone.id() + (zone.overSpine() ? " (over the spine)" : " (disabled by override)"))
                    .toList();
            if (!never.isEmpty()) {
                out.printf("Never driven: %s%n", String.join(", ", never));
            }
            Zone first = standard.zones().get(0);
            int startLevel = level.orElse(first.actuator().defaultLevel());
            int homeMax = first.actuator().homeMax();
            out.printf("Levels of %d: the session starts at %d; up to %d without allowHighIntensity, %d at most."
                    + " Shown for level %d and for %d; the session engine also ramps and caps them.%n",
                    first.actuator().levels(), first.actuator().defaultLevel(), homeMax, first.actuator().hardMax(),
                    startLevel, homeMax);
            out.println();
            String header = String.format("%-3s %-28s %-17s %-26s %-10s %-10s %-5s %-13s", "#", "STEP", "TECHNIQUE",
                    "ZONES", "LEVEL@" + startLevel, "LEVEL@" + homeMax, "HEAT", "AT " + Durations.show(standard.duration()));
            if (chosen.isPresent()) {
                header += String.format(" %-13s", "AT " + Durations.show(chosen.get().duration()));
            }
            out.println(header.stripTrailing());
            for (int i = 0; i < standard.steps().size(); i++) {
                PlannedStep step = standard.steps().get(i);
                String row = String.format("%-3d %-28s %-17s %-26s %-10s %-10s %-5s %-13s", step.programIndex() + 1,
                        step.name(),
                        step.technique().wireName(), String.join(",", step.zones()),
                        levels(standard, step, startLevel), levels(standard, step, homeMax),
                        step.heat() ? "yes" : "-", times(step));
                if (chosen.isPresent()) {
                    row += String.format(" %-13s", times(chosen.get().steps().get(i)));
                }
                out.println(row.stripTrailing());
            }
            out.printf("%nTimes are start +length (m:ss). Every session ends with a slow ramp down.%n");
            if (!standard.notes().isEmpty()) {
                out.printf("%nAdapted to this device:%n");
                standard.notes().forEach(note -> out.printf("  - %s%n", note));
            }
        }

        private static String levels(ProgramPlan plan, PlannedStep step, int sessionLevel) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (String zoneId : step.zones()) {
                LevelRange range = ProgramPlan.levelRange(step, plan.zone(zoneId).orElseThrow(), sessionLevel);
                min = Math.min(min, range.min());
                max = Math.max(max, range.max());
            }
            return String.format(Locale.ROOT, "%.1f-%.1f", min, max);
        }

        private static String times(PlannedStep step) {
            return Durations.clock(step.start()) + " +" + Durations.clock(step.duration());
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
