package org.massaged.device.program;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.ValidationProblem;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlFiles;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * Checks profile, program and override files the way the daemon would load them, and says for each file
 * whether it is fine and, if not, every problem in it. What a file is comes from its {@code kind} key, or
 * else from its keys ({@code steps}: a program; {@code transport}: a profile; {@code disableZones} or a
 * {@code profile} key: an override). Profiles given together are known to the programs and overrides given
 * with them, as they would be in the daemon's profile directory. A file with exactly the text of a built-in
 * profile or program is that built-in one (it is checked, but its id is not a clash).
 */
public final class DeviceFileValidator {

    public enum Kind { PROFILE, PROGRAM, OVERRIDE }

    /** What one file turned out to be; {@code id} is the profile or program id, or the profile an override narrows. */
    public record Report(Path file, Optional<Kind> kind, Optional<String> id, List<ValidationProblem> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DeviceFileValidator() {}

    /**
     * @param filesOrDirectories files, or directories whose *.yaml and *.yml files are checked
     * @param extraProfiles   profile files or directories the daemon would also know (beyond the built-in ones)
     * @param overrideProfile the profile an override without a {@code profile} key is checked against
     */
    public static List<Report> validate(List<Path> filesOrDirectories, Collection<Path> extraProfiles,
                                        Optional<String> overrideProfile) {
        Problems listing = new Problems();
        List<Path> files = YamlFiles.expand(filesOrDirectories, listing);
        Map<Path, Kind> kinds = new LinkedHashMap<>();
        Map<Path, List<ValidationProblem>> problems = new LinkedHashMap<>();
        Map<Path, String> ids = new LinkedHashMap<>();
        Map<Path, Optional<String>> overrideTargets = new LinkedHashMap<>();
        for (Path file : files) {
            problems.put(file, new ArrayList<>());
            Problems found = new Problems();
            Optional<YamlValue> document = YamlFiles.read(file, found);
            Optional<Kind> kind = document.flatMap(value -> kindOf(value, found));
            kind.ifPresent(known -> kinds.put(file, known));
            document.ifPresent(value -> overrideTargets.put(file, profileKey(value)));
            if (kind.isEmpty()) {
                problems.get(file).addAll(found.list()); // else the loader reads the file again and finds them
            }
        }

        List<Path> goodProfiles = new ArrayList<>();
        for (Path file : files) {
            if (kinds.get(file) == Kind.PROFILE) {
                try {
                    ids.put(file, ProfileLoader.load(file).id());
                    if (!YamlFiles.isBuiltInCopy(file, ProfileCatalogue.INDEX, "profiles")) {
                        goodProfiles.add(file); // a copy of a built-in one is that one, not a second with its id
                    }
                } catch (ProfileValidationException invalid) {
                    problems.get(file).addAll(invalid.problems());
                }
            }
        }
        ProfileCatalogue profiles = profiles(extraProfiles, goodProfiles, problems);

        List<Path> goodPrograms = new ArrayList<>();
        for (Path file : files) {
            try {
                if (kinds.get(file) == Kind.PROGRAM && YamlFiles.isBuiltInCopy(file, ProgramCatalogue.INDEX, "programs")) {
                    ids.put(file, ProgramLoader.load(file, profiles).id());
                } else if (kinds.get(file) == Kind.PROGRAM) {
                    ProgramCatalogue catalogue = ProgramCatalogue.builtInAnd(List.of(file), profiles);
                    ids.put(file, catalogue.all().stream().filter(program -> catalogue.entry(program.id())
                            .map(entry -> entry.source().equals(file.toString())).orElse(false))
                            .map(Program::id).findFirst().orElse("?"));
                    goodPrograms.add(file);
                } else if (kinds.get(file) == Kind.OVERRIDE) {
                    Optional<String> target = overrideTargets.getOrDefault(file, Optional.empty()).or(() -> overrideProfile);
                    if (target.isEmpty()) {
                        problems.get(file).add(new ValidationProblem(file.toString(), 0, 0, "profile", null,
                                "the id of the profile this override narrows, as \"profile:\" in the file or --profile"));
                        continue;
                    }
                    Optional<DeviceProfile> base = profiles.find(target.get());
                    if (base.isEmpty()) {
                        problems.get(file).add(new ValidationProblem(file.toString(), 0, 0, "profile", "\""
                                + target.get() + "\"", "a known profile: " + String.join(", ", profiles.ids())));
                        continue;
                    }
                    ids.put(file, target.get());
                    ProfileLoader.applyOverride(base.get(), file);
                }
            } catch (ProfileValidationException invalid) {
                problems.get(file).addAll(invalid.problems());
            }
        }

        if (goodPrograms.size() > 1) {
            try {
                ProgramCatalogue.load(goodPrograms, profiles); // ids unique among the given programs too
            } catch (ProfileValidationException clash) {
                for (ValidationProblem problem : clash.problems()) {
                    problems.computeIfAbsent(Path.of(problem.file()), file -> new ArrayList<>()).add(problem);
                }
            }
        }
        for (ValidationProblem problem : listing.list()) {
            problems.computeIfAbsent(Path.of(problem.file()), file -> new ArrayList<>()).add(problem);
        }
        List<Report> reports = new ArrayList<>();
        for (Map.Entry<Path, List<ValidationProblem>> entry : problems.entrySet()) {
            reports.add(new Report(entry.getKey(), Optional.ofNullable(kinds.get(entry.getKey())),
                    Optional.ofNullable(ids.get(entry.getKey())), entry.getValue()));
        }
        return reports;
    }

    /** The built-in profiles, the extra ones and the good given ones; id clashes go to the file they are in. */
    private static ProfileCatalogue profiles(Collection<Path> extra, List<Path> given,
                                             Map<Path, List<ValidationProblem>> problems) {
        List<Path> all = new ArrayList<>(extra);
        all.addAll(given);
        try {
            return ProfileCatalogue.builtInAnd(all);
        } catch (ProfileValidationException invalid) {
            for (ValidationProblem problem : invalid.problems()) {
                problems.computeIfAbsent(Path.of(problem.file()), file -> new ArrayList<>()).add(problem);
            }
        }
        try {
            return ProfileCatalogue.builtInAnd(extra);
        } catch (ProfileValidationException invalid) {
            return ProfileCatalogue.builtIn(); // the extra ones' problems are reported above
        }
    }

    private static Optional<Kind> kindOf(YamlValue document, Problems problems) {
        Optional<YamlMap> map = document.asMap();
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Optional<YamlValue> kind = map.get().optional("kind");
        if (kind.isPresent()) {
            return kind.get().asChoice(Kind.class);
        }
        if (map.get().has("steps")) {
            return Optional.of(Kind.PROGRAM);
        }
        if (map.get().has("transport") || map.get().has("identity")) {
            return Optional.of(Kind.PROFILE);
        }
        if (map.get().has("disableZones") || map.get().has("profile")) {
            return Optional.of(Kind.OVERRIDE);
        }
        map.get().self().problem("a \"kind: profile\", \"kind: program\" or \"kind: override\" line; this file has"
                + " none and its keys do not say what it is");
        return Optional.empty();
    }

    private static Optional<String> profileKey(YamlValue document) {
        if (!(document.node() instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
            return Optional.empty();
        }
        return document.asMap().flatMap(map -> map.optional("profile"))
                .filter(value -> value.node() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode)
                .map(value -> ((org.snakeyaml.engine.v2.nodes.ScalarNode) value.node()).getValue());
    }
}
