package org.massaged.device.program;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.Zone;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlFiles;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * The programs the daemon knows: the built-in ones (classpath, listed in {@code programs/index.txt}) and
 * any the user keeps in files or directories. Programs are checked against the known profiles when they
 * load: a step that names a zone lying over the spine in any known profile is rejected, and so is a zone id
 * no known profile has (most likely a typo; sides {@code left}, {@code right}, {@code both} always work).
 */
public final class ProgramCatalogue {

    public static final String INDEX = "programs/index.txt";
    /** The program a session plays when none is asked for: the gentlest one. */
    public static final String DEFAULT_PROGRAM = "gentle";

    private final Map<String, Entry> entries;

    public record Entry(Program program, String source) {}

    private ProgramCatalogue(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** The shipped programs, checked against {@code profiles}. A broken shipped file is a build defect. */
    public static ProgramCatalogue builtIn(ProfileCatalogue profiles) {
        try {
            return load(List.of(), profiles, true);
        } catch (ProfileValidationException broken) {
            throw new IllegalStateException("a shipped program is invalid: " + broken.getMessage(), broken);
        }
    }

    public static ProgramCatalogue load(Collection<Path> filesOrDirectories, ProfileCatalogue profiles)
            throws ProfileValidationException {
        return load(filesOrDirectories, profiles, false);
    }

    public static ProgramCatalogue builtInAnd(Collection<Path> filesOrDirectories, ProfileCatalogue profiles)
            throws ProfileValidationException {
        return load(filesOrDirectories, profiles, true);
    }

    private static ProgramCatalogue load(Collection<Path> paths, ProfileCatalogue profiles, boolean withBuiltIn)
            throws ProfileValidationException {
        Problems problems = new Problems();
        List<Optional<YamlValue>> documents = new ArrayList<>();
        if (withBuiltIn) {
            for (String name : YamlFiles.index(INDEX)) {
                documents.add(YamlFiles.resource("programs/" + name, problems));
            }
        }
        for (Path file : YamlFiles.expand(paths, problems)) {
            documents.add(YamlFiles.read(file, problems));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, YamlValue> idNodes = new LinkedHashMap<>();
        for (Optional<YamlValue> document : documents) {
            Optional<ProgramReader.ProgramRead> read = document.flatMap(ProgramReader::read);
            if (read.isEmpty() || !zonesKnown(read.get(), profiles)) {
                continue;
            }
            String id = read.get().program().id();
            YamlValue first = idNodes.putIfAbsent(id, read.get().idNode());
            if (first != null) {
                read.get().idNode().problem("a program id not used by another program; \"" + id
                        + "\" is already defined in " + first.file() + ":" + first.line());
                continue;
            }
            entries.put(id, new Entry(read.get().program(), document.get().file()));
        }
        problems.throwIfAny();
        return new ProgramCatalogue(entries);
    }

    /** Reads one program file and checks it against {@code profiles}, as a catalogue would. */
    static Optional<Program> readChecked(YamlValue document, ProfileCatalogue profiles) {
        return ProgramReader.read(document).filter(read -> zonesKnown(read, profiles))
                .map(ProgramReader.ProgramRead::program);
    }

    private static boolean zonesKnown(ProgramReader.ProgramRead read, ProfileCatalogue profiles) {
        boolean ok = true;
        for (ProgramReader.ZoneRef ref : read.zoneRefs()) {
            if (ProgramReader.SIDES.contains(ref.name())) {
                continue;
            }
            Optional<DeviceProfile> overSpine = profiles.all().stream().filter(profile -> profile.zone(ref.name())
                    .map(Zone::overSpine).orElse(false)).findFirst();
            if (overSpine.isPresent()) {
                ref.node().problem("a zone that may be driven; \"" + ref.name() + "\" lies over the spine in profile "
                        + overSpine.get().id() + ", and over-spine zones are never driven");
                ok = false;
                continue;
            }
            if (profiles.all().stream().noneMatch(profile -> profile.zone(ref.name()).isPresent())) {
                TreeSet<String> known = new TreeSet<>();
                profiles.all().forEach(profile -> profile.drivableZones().forEach(zone -> known.add(zone.id())));
                ref.node().problem("left, right, both, or a zone of a known profile (" + String.join(", ", known)
                        + "); no known profile has a zone \"" + ref.name() + "\"");
                ok = false;
            }
        }
        return ok;
    }

    public List<Program> all() {
        return entries.values().stream().map(Entry::program).sorted(Comparator.comparing(Program::id)).toList();
    }

    public Optional<Program> find(String id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::program);
    }

    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public List<String> ids() {
        return all().stream().map(Program::id).toList();
    }

    /** Programs by id, e.g. for {@code EngineConfig}. */
    public Map<String, Program> byId() {
        Map<String, Program> byId = new LinkedHashMap<>();
        all().forEach(program -> byId.put(program.id(), program));
        return byId;
    }
}
