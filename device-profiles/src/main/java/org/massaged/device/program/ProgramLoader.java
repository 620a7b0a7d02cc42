package org.massaged.device.program;

import java.nio.file.Path;
import java.util.Optional;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlFiles;

/**
 * Reads one program file, checked against the known profiles (a zone over the spine in any of them is
 * refused). Returns a valid program or throws with every problem in the file.
 */
public final class ProgramLoader {

    private ProgramLoader() {}

    public static Program load(Path file, ProfileCatalogue profiles) throws ProfileValidationException {
        Problems problems = new Problems();
        Optional<Program> program = YamlFiles.read(file, problems)
                .flatMap(document -> ProgramCatalogue.readChecked(document, profiles));
        return problems.result(program, file.toString());
    }

    public static Program parse(String sourceName, String yaml, ProfileCatalogue profiles)
            throws ProfileValidationException {
        Problems problems = new Problems();
        Optional<Program> program = YamlFiles.parse(sourceName, yaml, problems)
                .flatMap(document -> ProgramCatalogue.readChecked(document, profiles));
        return problems.result(program, sourceName);
    }
}
