package org.massaged.controller.app.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks that help texts read as sentences: every paragraph of a description (picocli prints each element on its
 * own line, and lists a command by its first) and every option's description is whole. A sentence cut across two
 * elements shows up as one that does not end, or one that starts in lower case. Shared with the simulator jar.
 */
public final class HelpTexts {

    private HelpTexts() {}

    public static List<String> problems(CommandLine root) {
        List<String> problems = new ArrayList<>();
        visit(root, problems, new IdentityHashMap<>());
        return problems;
    }

    private static void visit(CommandLine command, List<String> problems, Map<CommandLine, Boolean> seen) {
        if (seen.put(command, true) != null) {
            return;
        }
        CommandSpec spec = command.getCommandSpec();
        String name = spec.qualifiedName();
        String[] description = spec.usageMessage().description();
        if (description.length == 0) {
            problems.add(name + ": no description");
        }
        for (String paragraph : description) {
            check(name + " description", paragraph, problems);
        }
        for (ArgSpec arg : spec.args()) {
            if (arg.hidden()) {
                continue;
            }
            for (String paragraph : arg.description()) {
                check(name + " " + (arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel()), paragraph,
                        problems);
            }
        }
        command.getSubcommands().values().forEach(sub -> visit(sub, problems, seen));
    }

    private static void check(String where, String paragraph, List<String> problems) {
        String text = paragraph.replace("${DEFAULT-VALUE}", "x").replace("%n", "\n").strip();
        if (text.isEmpty()) {
            problems.add(where + ": an empty paragraph");
            return;
        }
        if (text.contains("\n")) {
            problems.add(where + ": a hard line break in \"" + text + "\"");
        }
        if (!text.matches("(?s).*[.!?]\\)?$")) {
            problems.add(where + ": does not end a sentence: \"" + text + "\"");
        }
        char first = text.charAt(0);
        if (Character.isLowerCase(first)) {
            problems.add(where + ": starts in the middle of a sentence: \"" + text + "\"");
        }
    }
}
