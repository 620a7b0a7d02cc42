package org.massaged.device.program;

import java.util.List;

/** A massage routine: technique steps that a session plays in order, scaled to the session's duration. */
public record Program(String id, String name, String description, List<Step> steps) {
    public Program {
        steps = List.copyOf(steps);
    }
}
