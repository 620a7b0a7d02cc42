package org.massaged.device.program;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;
import org.massaged.device.profile.yaml.Durations;

/**
 * Lays a program out on a device for a session length. Pure: no I/O, no clock.
 *
 * <p>Zones, the degrade rule (docs/profiles.md, "Programs on devices"):
 * <ul>
 *   <li>{@code both} drives every drivable zone;</li>
 *   <li>{@code left} / {@code right} drive the zones on that side; a device with no zone on that side but
 *       with zones that cover both sides (one {@code back} pad) uses those instead, and the plan says so;</li>
 *   <li>a zone id drives that zone; a profile without it, or where it lies over the spine, refuses the
 *       program ({@link ProgramNotPlayableException});</li>
 *   <li>a step left with nothing to drive (the user disabled that side) is left out, its time shared among
 *       the other steps in proportion, and the plan says so;</li>
 *   <li>heat on a device without a heater (or with the heater disabled) is dropped, and the plan says so.</li>
 * </ul>
 * Over-spine and disabled zones are never in a plan. Timing: every step's share of the session, rounded to
 * whole seconds at its end; the last step ends exactly at the session's duration.
 */
public final class ProgramPlanner {

    private ProgramPlanner() {}

    /** The plan for the profile's default duration. */
    public static ProgramPlan plan(Program program, DeviceProfile profile) throws ProgramNotPlayableException {
        return plan(program, profile, profile.session().defaultDuration());
    }

    public static ProgramPlan plan(Program program, DeviceProfile profile, Duration duration)
            throws ProgramNotPlayableException {
        checkDuration(profile, duration);
        List<String> notes = new ArrayList<>();
        List<Resolved> kept = new ArrayList<>();
        List<String> unheated = new ArrayList<>();
        for (int i = 0; i < program.steps().size(); i++) {
            Step step = program.steps().get(i);
            List<String> zoneNotes = new ArrayList<>();
            Set<String> zones = new LinkedHashSet<>();
            for (String name : step.zones()) {
                zones.addAll(resolve(program, profile, i, step, name, zoneNotes));
            }
            if (zones.isEmpty()) {
                notes.add(String.format(Locale.ROOT, "step %d \"%s\" left out: nothing to drive on %s (%s);"
                        + " its time goes to the other steps", i + 1, step.name(), String.join(", ", step.zones()),
                        String.join("; ", zoneNotes)));
                continue;
            }
            for (String note : zoneNotes) {
                notes.add(String.format(Locale.ROOT, "step %d \"%s\": %s", i + 1, step.name(), note));
            }
            List<String> stepNotes = new ArrayList<>(zoneNotes);
            boolean heat = step.heat();
            if (heat && profile.heater().isEmpty()) {
                heat = false;
                stepNotes.add(NO_HEATER);
                unheated.add(Integer.toString(i + 1));
            }
            kept.add(new Resolved(i, step, List.copyOf(ordered(profile, zones)), heat, stepNotes));
        }
        if (!unheated.isEmpty()) {
            notes.add("step" + (unheated.size() == 1 ? " " : "s ") + String.join(", ", unheated) + " " + NO_HEATER);
        }
        if (kept.isEmpty()) {
            throw new ProgramNotPlayableException(ProgramNotPlayableException.NOTHING_TO_DRIVE, String.format(
                    "program %s has nothing to drive on profile %s: %s", program.id(), profile.id(),
                    String.join("; ", notes)));
        }
        if (kept.get(kept.size() - 1).step().technique() != Technique.LONG_SLOW_STROKE) {
            throw new ProgramNotPlayableException(ProgramNotPlayableException.NO_FINAL_STROKE, String.format(
                    "program %s would not end with the long slow stroke on profile %s: its final step has nothing"
                            + " to drive", program.id(), profile.id()));
        }
        return new ProgramPlan(program.id(), program.name(), profile.id(), duration, timed(kept, duration),
                profile.drivableZones(), notes);
    }

    private static final String NO_HEATER = "run without heat: the device has no heater (or it is disabled)";

    private record Resolved(int programIndex, Step step, List<String> zones, boolean heat, List<String> notes) {}

    private static void checkDuration(DeviceProfile profile, Duration duration) throws ProgramNotPlayableException {
        SessionLimits limits = profile.session();
        Duration min = max(limits.minDuration(), SessionLimits.FLOOR);
        Duration max = min(limits.maxDuration(), SessionLimits.CEILING);
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new ProgramNotPlayableException(ProgramNotPlayableException.DURATION_OUT_OF_RANGE, String.format(
                    "a session of %s is outside what profile %s allows: %s to %s", Durations.show(duration),
                    profile.id(), Durations.show(min), Durations.show(max)));
        }
    }

    private static List<String> resolve(Program program, DeviceProfile profile, int index, Step step, String name,
                                        List<String> notes) throws ProgramNotPlayableException {
        switch (name) {
            case "both":
                return profile.drivableZones().stream().map(Zone::id).toList();
            case "left":
            case "right":
                Zone.Side side = name.equals("left") ? Zone.Side.LEFT : Zone.Side.RIGHT;
                List<String> sided = profile.drivableZones().stream().filter(zone -> zone.side() == side)
                        .map(Zone::id).toList();
                if (!sided.isEmpty()) {
                    return sided;
                }
                List<String> whole = profile.drivableZones().stream().filter(zone -> zone.side() == Zone.Side.BOTH)
                        .map(Zone::id).toList();
                if (!whole.isEmpty()) {
                    notes.add(name + " side works " + String.join(", ", whole) + " (both sides): the device has no "
                            + name + "-only zone");
                    return whole;
                }
                notes.add("no drivable zone on the " + name + " side");
                return List.of();
            default:
                Optional<Zone> zone = profile.zone(name);
                if (zone.isEmpty()) {
                    throw new ProgramNotPlayableException(ProgramNotPlayableException.ZONE_MISSING, String.format(
                            "program %s step %d \"%s\" names zone \"%s\", which profile %s does not have (its zones:"
                                    + " %s); programs that name sides (left, right, both) fit every device",
                            program.id(), index + 1, step.name(), name, profile.id(),
                            String.join(", ", profile.zones().stream().map(Zone::id).toList())));
                }
                if (zone.get().overSpine()) {
                    throw new ProgramNotPlayableException(ProgramNotPlayableException.ZONE_OVER_SPINE, String.format(
                            "program %s step %d \"%s\" names zone \"%s\", which lies over the spine on profile %s;"
                                    + " it is never driven", program.id(), index + 1, step.name(), name, profile.id()));
                }
                if (zone.get().disabled()) {
                    notes.add("zone " + name + " is disabled by the user override");
                    return List.of();
                }
                return List.of(name);
        }
    }

    private static List<String> ordered(DeviceProfile profile, Set<String> zones) {
        return profile.zones().stream().map(Zone::id).filter(zones::contains).toList();
    }

    private static List<PlannedStep> timed(List<Resolved> kept, Duration duration) {
        double total = kept.stream().mapToDouble(resolved -> resolved.step().share()).sum();
        long totalMillis = duration.toMillis();
        List<PlannedStep> steps = new ArrayList<>();
        double cumulative = 0;
        long startMillis = 0;
        for (int i = 0; i < kept.size(); i++) {
            Resolved resolved = kept.get(i);
            cumulative += resolved.step().share();
            long endMillis = i == kept.size() - 1 ? totalMillis
                    : Math.round(cumulative / total * totalMillis / 1000.0) * 1000;
            Step step = resolved.step();
            steps.add(new PlannedStep(i, resolved.programIndex(), step.name(), step.technique(), step.zones(),
                    resolved.zones(),
                    step.intensity(), Duration.ofMillis(startMillis), Duration.ofMillis(endMillis - startMillis),
                    resolved.heat(), resolved.notes()));
            startMillis = endMillis;
        }
        return steps;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
