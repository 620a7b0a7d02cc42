package org.massaged.device.profile.yaml;

import java.util.ArrayList;
import java.util.List;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.ValidationProblem;

/** Collects every problem of one load, so the user sees them all at once. Not shared between loads. */
public final class Problems {

    private final List<ValidationProblem> found = new ArrayList<>();

    public void add(ValidationProblem problem) {
        found.add(problem);
    }

    public void addAll(List<ValidationProblem> problems) {
        found.addAll(problems);
    }

    public void fileProblem(String file, String expected) {
        found.add(new ValidationProblem(file, 0, 0, "", null, expected));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public int count() {
        return found.size();
    }

    public List<ValidationProblem> list() {
        return List.copyOf(found);
    }

    /** Throws when anything was found. */
    public void throwIfAny() throws ProfileValidationException {
        if (!found.isEmpty()) {
            throw new ProfileValidationException(found);
        }
    }

    /** The value read, or the exception with every problem; never an empty value without a reason. */
    public <T> T result(java.util.Optional<T> value, String file) throws ProfileValidationException {
        if (value.isEmpty() && found.isEmpty()) {
            fileProblem(file, "a file this build can read (nothing could be read from it)");
        }
        throwIfAny();
        return value.orElseThrow();
    }
}
