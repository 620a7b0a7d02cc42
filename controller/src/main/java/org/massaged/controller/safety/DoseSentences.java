package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/** The words of the daily dose's answers: what is spent, against what, and when a session fits again. */
final class DoseSentences {

    private DoseSentences() {}

    static String a8(double value) {
        return String.format(Locale.ROOT, "%.2f m/s²", value);
    }

    /** A start refused: the shortest session at {@code level} would pass today's limit. */
    static CommandResult spent(DailyDose dose, int level, Duration shortest, Instant wallNow) {
        double limit = dose.limit().orElseThrow();
        double a = dose.acceleration(level);
        String sentence = "Today's vibration dose is spent: A(8) " + a8(DailyDose.a8(dose.exposureToday(wallNow)))
                + " of the " + a8(limit) + " daily limit leaves less than a " + Sentences.minutesSeconds(shortest)
                + " session at level " + level + ".";
        Optional<Instant> room = dose.roomFor(a * a * shortest.toSeconds(), wallNow);
        if (room.isPresent()) {
            Duration wait = Duration.between(wallNow, room.get());
            sentence += " Enough of it leaves the 24 hours at " + clock(room.get()) + " UTC (in "
                    + hoursMinutes(wait) + ")" + (level > 1 ? ", or sooner for a lower level" : "") + ".";
        } else {
            sentence += " A session at level " + level + " alone passes the limit: choose a lower level.";
        }
        return CommandResult.rejected("daily-dose-spent", sentence);
    }

    /** A start shortened so that the day's dose stays within the limit. */
    static String shortened(Duration allowed, int level) {
        return "today's vibration dose allows only " + Sentences.minutesSeconds(allowed) + " at level " + level
                + ", so the session runs that long";
    }

    /** The UTC time of day, {@code HH:mm}. */
    private static String clock(Instant at) {
        LocalTime time = LocalTime.ofInstant(at, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
    }

    private static String hoursMinutes(Duration wait) {
        long minutes = (wait.toSeconds() + 59) / 60;
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
