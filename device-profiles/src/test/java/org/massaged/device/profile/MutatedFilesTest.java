package org.massaged.device.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.massaged.device.program.ProgramLoader;

/**
 * Thousands of randomly damaged copies of the shipped files (lines dropped, doubled, re-indented, values
 * swapped for other values, characters inserted) either load or fail with problems that name the file and
 * say what was expected: never any other exception. The seed is fixed and printed on failure.
 */
class MutatedFilesTest {

    private static final long SEED = 20261120L;
    private static final int MUTANTS_PER_FILE = 400;
    private static final String[] VALUES = {"0", "-1", "1", "2", "9999999999", "0.5", "1e3", "true", "no", "null", "~",
            "\"\"", "'x'", "[]", "{}", "[a, b]", "{a: 1}", "10m", "20m", "1500ms", "abc", "left", "spine", "both",
            "oscillate", "&a 1", "*a", "!!str 5", "0x1g", ".inf", "|\n  text"};
    private static final String[] JUNK = {":", "-", " ", "\t", "[", "]", "{", "}", "#", "'", "\"", "&", "*", "!", "%",
            "@", "`", "\n", "\u00a0", "é"};

    private final ProfileCatalogue profiles = ProfileCatalogue.builtIn();

    @Test
    void damagedFilesFailWithProblemsNeverWithOtherExceptions() throws IOException {
        Random random = new Random(SEED);
        int loaded = 0;
        int refused = 0;
        for (Path file : shippedFiles()) {
            List<String> lines = Files.readAllLines(file);
            boolean program = file.toString().contains("programs");
            for (int i = 0; i < MUTANTS_PER_FILE; i++) {
                String mutant = String.join("\n", mutate(lines, random));
                String name = file.getFileName() + "#" + i;
                try {
                    if (program) {
                        ProgramLoader.parse(name, mutant, profiles);
                    } else {
                        ProfileLoader.parse(name, mutant);
                    }
                    loaded++;
                } catch (ProfileValidationException invalid) {
                    refused++;
                    assertThat(invalid.problems()).isNotEmpty().allSatisfy(problem -> {
                        assertThat(problem.file()).isEqualTo(name);
                        assertThat(problem.expected()).isNotBlank();
                    });
                } catch (RuntimeException | StackOverflowError unexpected) {
                    fail("seed " + SEED + ", mutant " + name + " threw " + unexpected + " on:\n" + mutant, unexpected);
                }
            }
        }
        assertThat(refused).as("mutations that break files").isGreaterThan(loaded / 4);
    }

    private static List<String> mutate(List<String> original, Random random) {
        List<String> lines = new ArrayList<>(original);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(5)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> lines.set(at, (random.nextBoolean() ? "  " : "") + line.stripLeading());
                case 3 -> {
                    int colon = line.indexOf(": ");
                    if (colon >= 0) {
                        lines.set(at, line.substring(0, colon + 2) + VALUES[random.nextInt(VALUES.length)]);
                    }
                }
                default -> {
                    int position = line.isEmpty() ? 0 : random.nextInt(line.length());
                    lines.set(at, line.substring(0, position) + JUNK[random.nextInt(JUNK.length)]
                            + line.substring(position));
                }
            }
        }
        return lines;
    }

    private static List<Path> shippedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("profiles", "programs")) {
            try (Stream<Path> listing = Files.list(Path.of("src/main/resources", dir))) {
                listing.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
