package org.massaged.controller.safety;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What anyone may ask of the session. Every input (MQTT, buttons, CLI, the daemon itself) is turned into
 * one of these and posted to the control thread, which answers each with a {@link CommandResult}. What a
 * command means in the session's phase is the engine's to decide, never the input's.
 */
public sealed interface Command {

    Origin origin();

    /** Whether this cuts the outputs at once, before any queue (an emergency stop, or the button that means one). */
    default boolean isEmergencyStop() {
        return false;
    }

    /**
     * Start a session. Empty fields take the next start's choices ({@link Setting}s made while no session ran),
     * then the profile's defaults (the default program, its duration, the low-pressure level).
     */
    record Start(Origin origin, Optional<String> program, Optional<Duration> duration, OptionalInt level,
                 Optional<Boolean> heat) implements Command {

        /** A start with these settings for this session only (the next start's choices are not changed). */
        public static Start with(Origin origin, List<Setting> settings) {
            Optional<String> program = Optional.empty();
            Optional<Duration> duration = Optional.empty();
            OptionalInt level = OptionalInt.empty();
            Optional<Boolean> heat = Optional.empty();
            for (Setting setting : settings) {
                if (setting instanceof SetProgram chosen) {
                    program = Optional.of(chosen.program());
                } else if (setting instanceof SetDuration chosen) {
                    duration = Optional.of(chosen.duration());
                } else if (setting instanceof SetLevel chosen) {
                    level = OptionalInt.of(chosen.level());
                } else if (setting instanceof SetHeat chosen) {
                    heat = Optional.of(chosen.on());
                }
            }
            return new Start(origin, program, duration, level, heat);
        }
    }

    /** Normal stop: ramp down slowly, then outputs off (S3). */
    record Stop(Origin origin) implements Command {}

    /** Outputs off at once and latch (S4). */
    record EmergencyStop(Origin origin) implements Command {
        @Override
        public boolean isEmergencyStop() {
            return true;
        }
    }

    /** Clear a latched fault or emergency stop. Never starts anything (S4, S5). */
    record Reset(Origin origin) implements Command {}

    /** Discomfort: one level down at once, and a lower ceiling for the rest of the session. */
    record TooMuch(Origin origin) implements Command {}

    record Pause(Origin origin) implements Command {}

    record Resume(Origin origin) implements Command {}

    record SkipStep(Origin origin) implements Command {}

    /**
     * A setting: while no session is in progress it is the next start's choice; while one is, the level and the
     * heat change that session and the program and duration are refused.
     */
    sealed interface Setting extends Command permits SetProgram, SetDuration, SetLevel, SetHeat {}

    record SetProgram(Origin origin, String program) implements Setting {}

    record SetDuration(Origin origin, Duration duration) implements Setting {}

    record SetLevel(Origin origin, int level) implements Setting {}

    record SetHeat(Origin origin, boolean on) implements Setting {}

    /** Several settings in one command (a JSON {@code set}): all of them, or none. */
    record Batch(Origin origin, List<Setting> settings) implements Command {
        public Batch {
            settings = List.copyOf(settings);
        }
    }

    /** A button on the device was pressed; the engine decides what it means now. */
    record Press(Origin origin, Button button) implements Command {
        @Override
        public boolean isEmergencyStop() {
            return button == Button.EMERGENCY_STOP;
        }
    }

    /** The device's buttons. */
    enum Button {
        /** Start a session with the next start's choices, or stop the one in progress. */
        START_STOP,
        /** One level up: of the session in progress, else of the next start's choice. */
        LEVEL_UP,
        /** One level down (never below 1). */
        LEVEL_DOWN,
        /** As the command "too much". */
        TOO_MUCH,
        /** As an emergency stop. */
        EMERGENCY_STOP
    }
}
