package org.massaged.controller.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The text {@code massaged journal} prints: recent sessions, recent safety events, today's budget, problems. */
public final class JournalReport {

    private JournalReport() {}

    /**
     * @param dailyBudget the profile's daily budget, to say what is left
     * @param recent      how many sessions and safety events to list
     */
    public static String render(JournalContents contents, Instant wallNow, Duration dailyBudget, int recent) {
        StringBuilder out = new StringBuilder();
        List<JournalContents.SessionRecord> sessions = JournalContents.last(contents.sessions(), recent);
        out.append("Recent sessions (").append(sessions.size()).append(" of ").append(contents.sessionCount())
                .append("):\n");
        if (sessions.isEmpty()) {
            out.append("  none\n");
        }
        for (JournalContents.SessionRecord s : sessions) {
            out.append("  ").append(s.started()).append("  ").append(s.program()).append("  ran ")
                    .append(minutesSeconds(s.ran())).append(" of ").append(minutesSeconds(s.duration()))
                    .append("  max level ").append(s.maxLevel()).append("  ended: ").append(s.cause()).append('\n');
        }
        List<JournalEntry> safety = JournalContents.last(contents.safetyEvents(), recent);
        out.append("Recent safety events (").append(safety.size()).append(" of ").append(contents.safetyEventCount())
                .append("):\n");
        if (safety.isEmpty()) {
            out.append("  none\n");
        }
        for (JournalEntry entry : safety) {
            out.append("  ").append(entry.at()).append("  ").append(describe(entry)).append('\n');
        }
        Duration used = contents.usedToday(wallNow);
        Duration left = dailyBudget.minus(used);
        out.append("Last 24 hours: ").append(contents.sessionsToday(wallNow)).append(" sessions, ")
                .append(minutesSeconds(used)).append(" of ").append(minutesSeconds(dailyBudget)).append(" used, ")
                .append(minutesSeconds(left.isNegative() ? Duration.ZERO : left)).append(" left\n");
        for (String warning : contents.warnings()) {
            out.append("Warning: ").append(warning).append('\n');
        }
        long unlisted = contents.problemCount() - contents.problems().size();
        if (unlisted > 0) {
            out.append("(and ").append(unlisted).append(" earlier torn or unreadable lines)\n");
        }
        return out.toString();
    }

    private static String describe(JournalEntry entry) {
        if (entry instanceof JournalEntry.Fault fault) {
            return "fault " + fault.code() + ": " + fault.message();
        } else if (entry instanceof JournalEntry.EmergencyStop stop) {
            return "emergency stop from " + stop.origin();
        } else if (entry instanceof JournalEntry.RepeatedWhileLatched repeated) {
            String what = repeated.what().startsWith("emergency-stop:")
                    ? "emergency stop from " + repeated.what().substring("emergency-stop:".length())
                    : repeated.what().replace(':', ' ');
            return what + " repeated " + repeated.count() + " more times while latched";
        } else if (entry instanceof JournalEntry.LatchReset reset) {
            return "reset of " + reset.cleared() + " from " + reset.origin();
        } else if (entry instanceof JournalEntry.ConfigRefused refused) {
            return "config refused (" + refused.source() + "): " + refused.reason();
        }
        return entry.toString();
    }

    static String minutesSeconds(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds / 60 + ":" + String.format(Locale.ROOT, "%02d", seconds % 60);
    }
}
