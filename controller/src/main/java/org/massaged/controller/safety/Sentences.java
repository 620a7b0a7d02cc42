package org.massaged.controller.safety;

import java.time.Duration;
import java.util.Locale;

/** The words of the engine's answers, in one place: every channel shows these sentences unchanged. */
final class Sentences {

    static final String NO_SESSION = "No session is in progress.";

    private Sentences() {}

    static CommandResult noSession() {
        return CommandResult.rejected("no-session", NO_SESSION);
    }

    static CommandResult levelNotALevel(int asked, String tail) {
        return CommandResult.rejected("level-out-of-range", "Level " + asked + " is not a level; levels start at 1." + tail)
                .about("level");
    }

    static String ceilingReason(boolean allowHighIntensity) {
        return allowHighIntensity ? "above-hard-max" : "above-home-max";
    }

    static String ceilingWhy(boolean allowHighIntensity) {
        return allowHighIntensity ? " (the device's hard maximum)"
                : " (higher levels need allowHighIntensity in the local config file)";
    }

    /** "level 9 is above the ceiling 6 (why)". */
    static String levelAboveCeiling(int asked, int ceiling, boolean allowHighIntensity) {
        return "level " + asked + " is above the ceiling " + ceiling + ceilingWhy(allowHighIntensity);
    }

    static String durationReason(Duration requested, Duration granted) {
        return requested.compareTo(granted) > 0 ? "duration-clamped" : "duration-raised";
    }

    /** "duration 16:00 is outside 5:00–15:00, so {@code what} runs 15:00". */
    static String durationOutside(Duration requested, Duration granted, Limits limits, String what) {
        return "duration " + minutesSeconds(requested) + " is outside " + minutesSeconds(limits.minDuration()) + "–"
                + minutesSeconds(limits.maxDuration()) + ", so " + what + " runs " + minutesSeconds(granted);
    }

    static CommandResult unknownProgram(String program, Limits limits) {
        return CommandResult.rejected("unknown-program", "There is no program '" + program + "'; known: "
                + limits.programIds() + ".").about("program");
    }

    static CommandResult noHeater() {
        return CommandResult.rejected("no-heater", "This device has no heater.").about("heat");
    }

    static String latchSentence(Phase phase, SessionSnapshot.Fault fault) {
        return fault == null ? "A " + phase.wireName() + " is latched." : "Latched " + spoken(phase) + ": "
                + fault.message();
    }

    static String spoken(Phase phase) {
        return phase.wireName().replace('_', ' ');
    }

    static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    static String minutesSeconds(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds / 60 + ":" + String.format(Locale.ROOT, "%02d", seconds % 60);
    }

    /** An answer that says what was done, and how it differs from what was asked when it does. */
    static CommandResult doneAs(String summary, java.util.List<String> reasons, java.util.List<String> adjustments) {
        if (adjustments.isEmpty()) {
            return CommandResult.accepted(summary);
        }
        return CommandResult.adjusted(String.join(",", reasons), summary + " Adjusted: " + String.join("; ", adjustments)
                + ".");
    }
}
