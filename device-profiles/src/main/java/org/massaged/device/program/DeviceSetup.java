package org.massaged.device.program;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.ValidationProblem;

/**
 * Everything the daemon needs from the device files, from the three settings of its local config: the
 * profile (a built-in id, or a path to a profile file), the user-override file, and a directory of extra
 * programs. Loads and checks them all, collecting every problem of every file before failing.
 *
 * @param base     the profile as its file describes it
 * @param profile  the profile narrowed by the user override (the one to drive with; {@code base} without one)
 * @param programs built-in and extra programs, checked against the built-in profiles and this one
 */
public record DeviceSetup(DeviceProfile base, DeviceProfile profile, ProgramCatalogue programs) {

    /** The programs by id, as {@code EngineConfig} takes them. */
    public Map<String, Program> programsById() {
        return programs.byId();
    }

    /**
     * @param profileIdOrPath a built-in profile id, or a path to a profile file (it contains a {@code /} or
     *                        ends in {@code .yaml}/{@code .yml})
     */
    public static DeviceSetup load(String profileIdOrPath, Optional<Path> userOverride,
                                   Optional<Path> programsDirectory) throws ProfileValidationException {
        List<ValidationProblem> problems = new ArrayList<>();
        ProfileCatalogue profiles = ProfileCatalogue.builtIn();
        Optional<DeviceProfile> base = Optional.empty();
        if (isPath(profileIdOrPath)) {
            try {
                profiles = ProfileCatalogue.builtInAnd(List.of(Path.of(profileIdOrPath)));
                base = Optional.of(ProfileLoader.load(Path.of(profileIdOrPath)));
            } catch (ProfileValidationException invalid) {
                problems.addAll(invalid.problems());
            }
        } else {
            base = profiles.find(profileIdOrPath);
            if (base.isEmpty()) {
                problems.add(new ValidationProblem("configuration", 0, 0, "profile", "\"" + profileIdOrPath + "\"",
                        "a built-in profile id (" + String.join(", ", profiles.ids()) + ") or a path to a profile file"));
            }
        }
        Optional<DeviceProfile> narrowed = base;
        if (base.isPresent() && userOverride.isPresent()) {
            try {
                narrowed = Optional.of(ProfileLoader.applyOverride(base.get(), userOverride.get()));
            } catch (ProfileValidationException invalid) {
                problems.addAll(invalid.problems());
            }
        }
        Optional<ProgramCatalogue> programs = Optional.empty();
        try {
            programs = Optional.of(ProgramCatalogue.builtInAnd(programsDirectory.map(List::of).orElse(List.of()),
                    profiles));
        } catch (ProfileValidationException invalid) {
            problems.addAll(invalid.problems());
        }
        if (!problems.isEmpty()) {
            throw new ProfileValidationException(problems);
        }
        return new DeviceSetup(base.orElseThrow(), narrowed.orElseThrow(), programs.orElseThrow());
    }

    static boolean isPath(String value) {
        return value.contains("/") || value.endsWith(".yaml") || value.endsWith(".yml");
    }
}
