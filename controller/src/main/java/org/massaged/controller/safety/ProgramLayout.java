package org.massaged.controller.safety;

/** A program laid out on the device for one session: a {@link ProgramRunner}, or why it cannot be played. */
sealed interface ProgramLayout permits ProgramRunner, ProgramLayout.Refused {

    /** {@code reason} is a stable code for the command's result; {@code message} a sentence for a person. */
    record Refused(String reason, String message) implements ProgramLayout {}
}
