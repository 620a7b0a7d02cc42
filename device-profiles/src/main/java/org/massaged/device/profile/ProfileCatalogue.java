package org.massaged.device.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlFiles;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * The profiles the daemon knows: the built-in ones shipped as classpath resources (listed in
 * {@code profiles/index.txt}) and any the user keeps in files or directories. Ids are unique across all of
 * them; a second profile with a taken id is a problem at its {@code id} line.
 */
public final class ProfileCatalogue {

    public static final String INDEX = "profiles/index.txt";

    private final Map<String, Entry> entries;

    /** A profile and the file it came from. */
    public record Entry(DeviceProfile profile, String source) {}

    private ProfileCatalogue(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** The shipped profiles. A broken shipped file is a build defect, so it is an IllegalStateException. */
    public static ProfileCatalogue builtIn() {
        try {
            return load(List.of(), true);
        } catch (ProfileValidationException broken) {
            throw new IllegalStateException("a shipped profile is invalid: " + broken.getMessage(), broken);
        }
    }

    /** Only the profiles in {@code filesOrDirectories}. */
    public static ProfileCatalogue load(Collection<Path> filesOrDirectories) throws ProfileValidationException {
        return load(filesOrDirectories, false);
    }

    /** The shipped profiles and those in {@code filesOrDirectories}. */
    public static ProfileCatalogue builtInAnd(Collection<Path> filesOrDirectories) throws ProfileValidationException {
        return load(filesOrDirectories, true);
    }

    private static ProfileCatalogue load(Collection<Path> paths, boolean withBuiltIn) throws ProfileValidationException {
        Problems problems = new Problems();
        List<Optional<YamlValue>> documents = new ArrayList<>();
        if (withBuiltIn) {
            for (String name : YamlFiles.index(INDEX)) {
                documents.add(YamlFiles.resource("profiles/" + name, problems));
            }
        }
        for (Path file : YamlFiles.expand(paths, problems)) {
            documents.add(YamlFiles.read(file, problems));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, YamlValue> idNodes = new LinkedHashMap<>();
        for (Optional<YamlValue> document : documents) {
            if (document.isEmpty()) {
                continue;
            }
            Optional<DeviceProfile> profile = ProfileReader.read(document.get());
            if (profile.isEmpty()) {
                continue;
            }
            String id = profile.get().id();
            YamlValue idNode = idNode(document.get());
            YamlValue first = idNodes.putIfAbsent(id, idNode);
            if (first != null) {
                idNode.problem("a profile id not used by another profile; \"" + id + "\" is already defined in "
                        + first.file() + ":" + first.line());
                continue;
            }
            entries.put(id, new Entry(profile.get(), document.get().file()));
        }
        problems.throwIfAny();
        return new ProfileCatalogue(entries);
    }

    static YamlValue idNode(YamlValue document) {
        return document.asMap().flatMap(map -> map.optional("id")).orElse(document);
    }

    /** Every profile, by id. */
    public List<DeviceProfile> all() {
        return entries.values().stream().map(Entry::profile).sorted(Comparator.comparing(DeviceProfile::id)).toList();
    }

    public Optional<DeviceProfile> find(String id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::profile);
    }

    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The text of the file a profile came from, exactly as written (comments included), to copy and change. */
    public Optional<String> sourceText(String id) {
        return entry(id).flatMap(entry -> YamlFiles.text(entry.source()));
    }

    public List<String> ids() {
        return all().stream().map(DeviceProfile::id).toList();
    }
}
