package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.Zone;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.program.LevelRange;
import org.massaged.device.program.PlannedStep;
import org.massaged.device.program.Program;
import org.massaged.device.program.ProgramNotPlayableException;
import org.massaged.device.program.ProgramPlan;
import org.massaged.device.program.ProgramCatalogue;
import org.massaged.device.program.ProgramPlanner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code massaged programs show NAME}: what a program does on a device, step by step, with zones, levels and
 * times for the default and a chosen duration. The device is {@code --profile}, else the configuration's profile
 * (narrowed by its user override, with its programs directory).
 */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show what a program does on a device, step by step, with levels and times.")
final class ProgramShow implements Callable<Integer> {

    @ParentCommand
    ProgramsCommand programs;

    @Parameters(index = "0", paramLabel = "NAME", description = "The program id, e.g. lower-back-relief.")
    String name;

    @Option(names = "--profile", paramLabel = "ID",
            description = "The device profile id (default: the profile the configuration names).")
    Optional<String> profileId = Optional.empty();

    @Option(names = {"--duration", "--minutes"}, paramLabel = "DURATION", converter = ProgramsCommand.DurationConverter.class,
            description = "Also show the times for this session length, within the profile's range (e.g. 12m or "
                    + "7m30s; a bare number is minutes).")
    Optional<Duration> duration = Optional.empty();

    @Option(names = "--level", paramLabel = "LEVEL",
            description = "The session level to show levels for, from 1 to the profile's highest (default: its "
                    + "start level).")
    Optional<Integer> level = Optional.empty();

    @Option(names = "--override", paramLabel = "FILE", description = "A user-override file to apply first.")
    Optional<Path> override = Optional.empty();

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Also write an SVG of the planned level of each "
            + "zone over time, for --duration (default: the program's) and --level: a dry run of the session engine.")
    Optional<Path> plot = Optional.empty();

    @CommandLine.Mixin
    ProgramsCommand.Sources sources = new ProgramsCommand.Sources();

    private MassagedCommand cli;

    @Override
    public Integer call() {
        cli = programs.cli;
        Optional<DaemonConfig> config = Optional.empty();
        if (profileId.isEmpty()) {
            if (!Files.exists(cli.configPath())) {
                return Output.failure(cli, ExitCodes.USAGE, "no-profile", "Which device? Name its profile with "
                        + "--profile ID (see 'massaged profiles list'), or set profile: in the configuration; there "
                        + "is no configuration at " + cli.configPath() + ".");
            }
            try {
                config = Optional.of(cli.loadConfig());
            } catch (ConfigException invalid) {
                return Output.failure(cli, ExitCodes.CONFIG, "invalid-configuration", "The configuration names the "
                        + "profile, but it is invalid (or give --profile ID):\n" + invalid.getMessage());
            }
        }
        Optional<ProgramsCommand.Catalogues> catalogues = sources.load(cli,
                config.flatMap(DaemonConfig::programsDirectory));
        if (catalogues.isEmpty()) {
            return ProfilesCommand.INVALID;
        }
        Optional<Program> program = catalogues.get().programs().find(name);
        if (program.isEmpty()) {
            return Output.failure(cli, ExitCodes.USAGE, "unknown-program", String.format(
                    "No program \"%s\". Known programs: %s", name, String.join(", ", catalogues.get().programs().ids())));
        }
        DeviceProfile profile;
        if (config.isPresent()) {
            try {
                profile = programs.assembly.profile(config.get());
            } catch (Exception unusable) {
                return Output.failure(cli, ExitCodes.CONFIG, "invalid-profile", "Cannot use the configured profile '"
                        + config.get().profile() + "': " + unusable.getMessage());
            }
        } else {
            Optional<DeviceProfile> found = catalogues.get().profiles().find(profileId.get());
            if (found.isEmpty()) {
                return Output.failure(cli, ExitCodes.USAGE, "unknown-profile", String.format(
                        "No profile \"%s\". Known profiles: %s", profileId.get(),
                        String.join(", ", catalogues.get().profiles().ids())));
            }
            profile = found.get();
        }
        if (override.isPresent()) {
            try {
                profile = ProfileLoader.applyOverride(profile, override.get());
            } catch (ProfileValidationException invalid) {
                ProfilesCommand.printProblems(invalid.problems(), cli);
                return ProfilesCommand.INVALID;
            }
        }
        return show(program.get(), profile, catalogues.get().programs(),
                config.map(DaemonConfig::allowHighIntensity).orElse(false));
    }

    private int show(Program program, DeviceProfile profile, ProgramCatalogue catalogue, boolean allowHigh) {
        ProgramPlan standard;
        Optional<ProgramPlan> chosen;
        try {
            standard = ProgramPlanner.plan(program, profile);
            chosen = duration.isPresent() && !duration.get().equals(standard.duration())
                    ? Optional.of(ProgramPlanner.plan(program, profile, duration.get()))
                    : Optional.empty();
        } catch (ProgramNotPlayableException refused) {
            return Output.failure(cli, ProfilesCommand.INVALID, refused.reason(), String.format(
                    "Cannot play %s on %s (%s): %s", name, profile.id(), refused.reason(), refused.getMessage()));
        }
        Zone first = standard.zones().get(0);
        int highest = first.actuator().hardMax();
        if (level.isPresent() && (level.get() < 1 || level.get() > highest)) {
            return Output.failure(cli, ExitCodes.USAGE, "level-out-of-range", "--level must be a level from 1 to "
                    + highest + " (the highest of " + profile.id() + "), got " + level.get() + ".");
        }
        int sessionLevel = level.orElse(first.actuator().defaultLevel());
        int homeMax = first.actuator().homeMax();
        Optional<ProgramPlot.Written> written = Optional.empty();
        if (plot.isPresent()) {
            try {
                written = Optional.of(ProgramPlot.write(plot.get(), profile, catalogue, program.id(), allowHigh,
                        duration, level, first.actuator().levels()));
            } catch (ProgramPlot.PlotException failed) {
                return Output.failure(cli, failed.exitCode(), failed.reason(), failed.getMessage());
            }
        }
        if (cli.json()) {
            ObjectNode out = json(program, profile, standard, chosen, List.of(sessionLevel, homeMax));
            written.ifPresent(w -> out.set("plot", w.json()));
            Output.json(cli.out(), out);
        } else {
            print(cli.out(), program, profile, standard, chosen, sessionLevel, homeMax);
            written.ifPresent(w -> cli.out().println(w.sentence()));
            cli.out().flush();
        }
        return ProfilesCommand.OK;
    }

    private static List<String> neverDriven(DeviceProfile profile) {
        return profile.zones().stream().filter(zone -> !zone.drivable())
                .map(zone -> zone.id() + (zone.overSpine() ? " (over the spine)" : " (disabled by override)"))
                .toList();
    }

    private static void print(PrintWriter out, Program program, DeviceProfile profile, ProgramPlan standard,
                              Optional<ProgramPlan> chosen, int sessionLevel, int homeMax) {
        out.printf("%s \"%s\" on %s (%s)%n", program.id(), program.name(), profile.id(), profile.name());
        if (!program.description().isBlank()) {
            out.printf("  %s%n", program.description());
        }
        out.printf("Zones driven: %s%n", standard.zones().stream()
                .map(zone -> zone.id() + " (" + zone.side().name().toLowerCase(Locale.ROOT) + ")")
                .collect(Collectors.joining(", ")));
        List<String> never = neverDriven(profile);
        if (!never.isEmpty()) {
            out.printf("Never driven: %s%n", String.join(", ", never));
        }
        Zone first = standard.zones().get(0);
        out.printf("Levels of %d: the session starts at %d; up to %d without allowHighIntensity, %d at most."
                        + " Shown for level %d and for %d; the session engine also ramps and caps them.%n",
                first.actuator().levels(), first.actuator().defaultLevel(), homeMax, first.actuator().hardMax(),
                sessionLevel, homeMax);
        out.println();
        String header = String.format("%-3s %-28s %-17s %-26s %-10s %-10s %-5s %-13s", "#", "STEP", "TECHNIQUE",
                "ZONES", "LEVEL@" + sessionLevel, "LEVEL@" + homeMax, "HEAT", "AT " + Durations.show(standard.duration()));
        if (chosen.isPresent()) {
            header += String.format(" %-13s", "AT " + Durations.show(chosen.get().duration()));
        }
        out.println(header.stripTrailing());
        for (int i = 0; i < standard.steps().size(); i++) {
            PlannedStep step = standard.steps().get(i);
            LevelRange atSession = levels(standard, step, sessionLevel);
            LevelRange atHomeMax = levels(standard, step, homeMax);
            String row = String.format(Locale.ROOT, "%-3d %-28s %-17s %-26s %-10s %-10s %-5s %-13s",
                    step.programIndex() + 1, step.name(), step.technique().wireName(), String.join(",", step.zones()),
                    String.format(Locale.ROOT, "%.1f-%.1f", atSession.min(), atSession.max()),
                    String.format(Locale.ROOT, "%.1f-%.1f", atHomeMax.min(), atHomeMax.max()),
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
        out.flush();
    }

    private static ObjectNode json(Program program, DeviceProfile profile, ProgramPlan standard,
                                   Optional<ProgramPlan> chosen, List<Integer> shownLevels) {
        ObjectNode out = Output.object().put("program", program.id()).put("name", program.name())
                .put("description", program.description()).put("profile", profile.id());
        ArrayNode zones = out.putArray("zones");
        standard.zones().forEach(zone -> zones.addObject().put("id", zone.id())
                .put("side", zone.side().name().toLowerCase(Locale.ROOT)));
        ArrayNode never = out.putArray("never_driven");
        neverDriven(profile).forEach(never::add);
        ArrayNode durations = out.putArray("duration_seconds");
        durations.add(standard.duration().toSeconds());
        chosen.ifPresent(plan -> durations.add(plan.duration().toSeconds()));
        ArrayNode steps = out.putArray("steps");
        for (int i = 0; i < standard.steps().size(); i++) {
            PlannedStep step = standard.steps().get(i);
            ObjectNode row = steps.addObject().put("number", step.programIndex() + 1).put("name", step.name())
                    .put("technique", step.technique().wireName()).put("heat", step.heat());
            ArrayNode stepZones = row.putArray("zones");
            step.zones().forEach(stepZones::add);
            ArrayNode levels = row.putArray("levels");
            for (int shown : shownLevels) {
                LevelRange range = levels(standard, step, shown);
                levels.addObject().put("session_level", shown).put("min", range.min()).put("max", range.max());
            }
            ArrayNode times = row.putArray("times");
            times.addObject().put("start_seconds", step.start().toSeconds())
                    .put("duration_seconds", step.duration().toSeconds());
            int index = i;
            chosen.ifPresent(plan -> times.addObject().put("start_seconds", plan.steps().get(index).start().toSeconds())
                    .put("duration_seconds", plan.steps().get(index).duration().toSeconds()));
        }
        ArrayNode notes = out.putArray("notes");
        standard.notes().forEach(notes::add);
        return out;
    }

    private static LevelRange levels(ProgramPlan plan, PlannedStep step, int sessionLevel) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (String zoneId : step.zones()) {
            LevelRange range = ProgramPlan.levelRange(step, plan.zone(zoneId).orElseThrow(), sessionLevel);
            min = Math.min(min, range.min());
            max = Math.max(max, range.max());
        }
        return new LevelRange(min, max);
    }

    private static String times(PlannedStep step) {
        return Durations.clock(step.start()) + " +" + Durations.clock(step.duration());
    }
}
