package org.massaged.controller.safety;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What anyone may ask of the session. Every input (MQTT, buttons, CLI, the daemon itself) is turned into
 * one of these and posted to the control thread, which answers each with a {@link CommandResult}.
 */
public sealed interface Command {

    Origin origin();

    /** Start a session. Empty fields take the profile's defaults (program, 10 min, the low-pressure level). */
    record Start(Origin origin, Optional<String> program, Optional<Duration> duration, OptionalInt level,
                 Optional<Boolean> heat) implements Command {}

    /** Normal stop: ramp down slowly, then outputs off (S3). */
    record Stop(Origin origin) implements Command {}

    /** Outputs off at once and latch (S4). */
    record EmergencyStop(Origin origin) implements Command {}

    /** Clear a latched fault or emergency stop. Never starts anything (S4, S5). */
    record Reset(Origin origin) implements Command {}

    record SetLevel(Origin origin, int level) implements Command {}

    /** Discomfort: one level down at once, and a lower ceiling for the rest of the session. */
    record TooMuch(Origin origin) implements Command {}

    record Pause(Origin origin) implements Command {}

    record Resume(Origin origin) implements Command {}

    record SetHeat(Origin origin, boolean on) implements Command {}

    record SkipStep(Origin origin) implements Command {}
}
