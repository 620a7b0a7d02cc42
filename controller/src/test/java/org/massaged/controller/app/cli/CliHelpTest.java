package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Help texts read as sentences: every paragraph of a description (picocli prints each element on its own line,
 * and lists a command by its first) is whole, and so is every option's description. A sentence cut across two
 * elements shows up as one that does not end, or one that starts in lower case.
 */
class CliHelpTest {

    @Test
    void everyHelpTextIsMadeOfWholeSentences() {
        List<String> problems = HelpTexts.problems(Cli.create(Map.of(), Cli.defaultAssembly()));

        assertThat(problems).isEmpty();
    }

    @Test
    void theTopLevelListShowsEachCommandAsAWholeSentence() {
        CliRun help = CliRun.massaged("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).doesNotContain("ramps up softly;", "what is left of today's\n")
                .contains("Start a session.", "Show recent sessions and safety events");
    }
}
