package org.massaged.controller.session;

/**
 * How much of a journal a reader keeps in memory: the most recent sessions, entries, safety events and problems,
 * whatever the size of the file (a year of use must start under the launcher's small heap).
 */
public record JournalRetention(int sessions, int entries, int safetyEvents, int problems) {

    /**
     * Sessions kept for rest and the daily budget: far more than fit in 24 hours (a session needs a start and a
     * budget), so the sessions that count are always among them.
     */
    public static final int SESSIONS = 10_000;
    static final int PROBLEMS = 100;

    /** What the daemon needs at start-up: the sessions, and the problems to warn about. */
    public static final JournalRetention DAEMON = new JournalRetention(SESSIONS, 0, 0, PROBLEMS);

    /** Everything a test or a small tool looks at, bounded all the same. */
    public static final JournalRetention RECENT = new JournalRetention(SESSIONS, SESSIONS, SESSIONS, PROBLEMS);

    /** What {@code massaged journal} shows: the budget needs the sessions; events and problems as many as listed. */
    public static JournalRetention report(int recent) {
        return new JournalRetention(SESSIONS, 0, recent, PROBLEMS);
    }
}
