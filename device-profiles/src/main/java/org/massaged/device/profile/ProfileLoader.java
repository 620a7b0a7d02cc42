package org.massaged.device.profile;

import java.nio.file.Path;
import java.util.Optional;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlFiles;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * Reads profile files and user-override files. Every method either returns a complete, valid value or
 * throws {@link ProfileValidationException} with every problem in the file; nothing is half-applied.
 */
public final class ProfileLoader {

    private ProfileLoader() {}

    public static DeviceProfile load(Path file) throws ProfileValidationException {
        Problems problems = new Problems();
        Optional<DeviceProfile> profile = YamlFiles.read(file, problems).flatMap(ProfileReader::read);
        return problems.result(profile, file.toString());
    }

    /** Reads profile YAML held in memory; {@code sourceName} names it in problems. */
    public static DeviceProfile parse(String sourceName, String yaml) throws ProfileValidationException {
        Problems problems = new Problems();
        Optional<DeviceProfile> profile = YamlFiles.parse(sourceName, yaml, problems).flatMap(ProfileReader::read);
        return problems.result(profile, sourceName);
    }

    /** The profile narrowed by a user-override file: zones disabled, limits lowered, never raised. */
    public static DeviceProfile applyOverride(DeviceProfile base, Path overrideFile) throws ProfileValidationException {
        Problems problems = new Problems();
        Optional<DeviceProfile> narrowed = YamlFiles.read(overrideFile, problems)
                .flatMap(document -> OverrideReader.apply(base, document));
        return problems.result(narrowed, overrideFile.toString());
    }

    public static DeviceProfile applyOverride(DeviceProfile base, String sourceName, String yaml)
            throws ProfileValidationException {
        Problems problems = new Problems();
        Optional<DeviceProfile> narrowed = YamlFiles.parse(sourceName, yaml, problems)
                .flatMap(document -> OverrideReader.apply(base, document));
        return problems.result(narrowed, sourceName);
    }

    /** Reads a parsed document as a profile, adding problems to its collector (for catalogues). */
    static Optional<DeviceProfile> read(YamlValue document) {
        return ProfileReader.read(document);
    }
}
