package org.massaged.device.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.massaged.device.program.ProgramCatalogue;

/**
 * Every file under src/test/resources/malformed fails to load with a problem that names the place and
 * the reason. Each file ends with one or more lines
 * {@code # expect: LINE:COLUMN | FIELD PATH | words of the reason} (column 0: not checked; path "-": none),
 * and each must match a reported problem. The file name says what it is: profile-*, program-*, override-*
 * (applied to the built-in lumbar-duo-serial).
 */
class MalformedFilesTest {

    static final Path DIR = Path.of("src/test/resources/malformed");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) \\| (\\S+) \\| (.+)");

    private final ProfileCatalogue builtInProfiles = ProfileCatalogue.builtIn();

    @Test
    void thereAreAtLeastTwentyFiveMalformedFiles() throws IOException {
        assertThat(files()).hasSizeGreaterThanOrEqualTo(25);
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedFileFailsNamingThePlaceAndTheReason() throws IOException {
        return files().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<ValidationProblem> problems = problemsOf(file);
            List<String[]> expectations = expectations(file);
            if (expectations.isEmpty()) {
                fail("no '# expect:' line in " + file + "; problems: " + problems);
            }
            for (String[] expected : expectations) {
                int line = Integer.parseInt(expected[0]);
                int column = Integer.parseInt(expected[1]);
                String path = expected[2].equals("-") ? "" : expected[2];
                assertThat(problems).as("problems of %s", file).anySatisfy(problem -> {
                    assertThat(problem.file()).isEqualTo(file.toString());
                    assertThat(problem.line()).isEqualTo(line);
                    if (column > 0) {
                        assertThat(problem.column()).isEqualTo(column);
                    }
                    assertThat(problem.path()).isEqualTo(path);
                    assertThat(problem.describe()).contains(expected[3].strip());
                });
            }
            for (ValidationProblem problem : problems) {
                assertThat(problem.describe()).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }));
    }

    /** Loads the file the way the daemon would; a file that loads is a failure of this test. */
    List<ValidationProblem> problemsOf(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.startsWith("profile-")) {
                ProfileCatalogue.builtInAnd(List.of(file));
            } else if (name.startsWith("program-")) {
                ProgramCatalogue.builtInAnd(List.of(file), builtInProfiles);
            } else {
                ProfileLoader.applyOverride(builtInProfiles.find("lumbar-duo-serial").orElseThrow(), file);
            }
        } catch (ProfileValidationException expected) {
            return expected.problems();
        }
        return fail(file + " loaded, but it is malformed");
    }

    static List<String[]> expectations(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(EXPECT::matcher).filter(Matcher::matches)
                .map(matcher -> new String[] {matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)})
                .toList();
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(DIR)) {
            return listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void aFileWithManyProblemsReportsThemAllAtOnce() {
        String yaml = """
                version: 1
                id: Bad Id
                name: ""
                vendor: v
                model: m
                revision: r
                identity: {firmwareBoard: b, protocolMajor: 2}
                transport: {serial: {port: /dev/ttyUSB0, baud: 115200}}
                zones:
                  - id: back
                    name: Back
                    actuator: {type: oscillate, steps: 255, levels: 10, defaultLevel: 2, homeMax: 12,
                               hardMax: 8, rampUpLevelsPerSecond: 0, rampDownLevelsPerSecond: 0.4, lease: 2s,
                               fullSpeedRpm: 3000, spinDown: 2500ms}
                session: {maxDuration: 16m}
                """;
        assertThatThrownBy(() -> ProfileLoader.parse("many.yaml", yaml))
                .isInstanceOfSatisfying(ProfileValidationException.class, failure -> {
                    assertThat(failure.problems()).extracting(ValidationProblem::path).containsExactly(
                            "id", "name", "zones[0].actuator.homeMax", "zones[0].actuator.rampUpLevelsPerSecond",
                            "zones[0].actuator.lease", "session.maxDuration");
                    assertThat(failure.getMessage()).startsWith("6 problems:")
                            .contains("many.yaml:2:5: id: got \"Bad Id\", expected an id of lower-case letters");
                });
    }
}
