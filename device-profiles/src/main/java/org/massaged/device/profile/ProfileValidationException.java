package org.massaged.device.profile;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile, program or override file (or several) could not be used. Carries every problem found, not
 * just the first, sorted by file and place; {@link #getMessage()} lists them one per line.
 */
public final class ProfileValidationException extends Exception {

    private final List<ValidationProblem> problems;

    public ProfileValidationException(List<ValidationProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        this.problems = sorted(problems);
    }

    public List<ValidationProblem> problems() {
        return problems;
    }

    private static List<ValidationProblem> sorted(List<ValidationProblem> problems) {
        return problems.stream()
                .sorted(Comparator.comparing(ValidationProblem::file)
                        .thenComparingInt(ValidationProblem::line)
                        .thenComparingInt(ValidationProblem::column))
                .toList();
    }

    private static String render(List<ValidationProblem> problems) {
        List<ValidationProblem> ordered = sorted(problems);
        String header = ordered.size() == 1 ? "1 problem:" : ordered.size() + " problems:";
        return ordered.stream().map(ValidationProblem::describe)
                .collect(Collectors.joining(System.lineSeparator() + "  ", header + System.lineSeparator() + "  ", ""));
    }
}
