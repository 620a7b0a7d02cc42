package org.massaged.device.program;

import java.util.List;

/**
 * One technique on one or more zones. {@code intensity} is a fraction (0..1] of the session's level;
 * {@code share} is the fraction of the session's duration this step takes (a program's shares sum to 1,
 * so the program scales to any allowed duration). {@code heat} asks for the heating pad during the step.
 */
public record Step(String name, Technique technique, List<String> zones, double intensity, double share,
                   boolean heat) {
    public Step {
        zones = List.copyOf(zones);
    }
}
