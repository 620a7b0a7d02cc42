package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * The session that ended last, this run or before a restart (from the journal): what a "last session" sensor shows.
 *
 * @param ended     how it ended, in one word: {@code completed}, or the kind of its cause ({@code stop},
 *                  {@code fault}, {@code emergency-stop}, {@code link-down}, {@code daily-dose-spent}, ...)
 * @param cause     the cause in full ({@code stop:mqtt}, {@code fault:STALL}, ...)
 */
public record LastSession(String program, Instant endedAt, Duration ran, String ended, String cause, int maxLevel) {

    static LastSession of(String program, Instant endedAt, Duration ran, Cause cause, int maxLevel) {
        return new LastSession(program, endedAt, ran, cause.completion() ? "completed" : cause.kind(), cause.text(),
                maxLevel);
    }

    /** The latest session the journal remembers, when there is one. */
    static Optional<LastSession> latest(UsageHistory history) {
        return history.sessions().stream().filter(session -> session.ended() != null)
                .max(Comparator.comparing(UsageHistory.PastSession::ended))
                .map(session -> new LastSession(session.program(), session.ended(), session.ran(),
                        endedAs(session.cause()), session.cause(), session.maxLevel()));
    }

    /** The one word of a journaled cause: {@code duration-elapsed} is completed, else what comes before ':' or ' '. */
    static String endedAs(String cause) {
        if (cause.equals(Cause.Event.DURATION_ELAPSED.text())) {
            return "completed";
        }
        int end = cause.length();
        for (char separator : new char[] {':', ' '}) {
            int at = cause.indexOf(separator);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return cause.substring(0, end);
    }
}
