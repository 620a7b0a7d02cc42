package org.massaged.controller.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.massaged.controller.safety.UsageHistory;

/**
 * What a journal file holds: the entries that could be read, in file order, and a warning for every line
 * that could not (a torn last line after a crash, a damaged line). Warnings are reported, never fatal.
 */
public record JournalContents(List<JournalEntry> entries, List<String> warnings) {

    public JournalContents {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** A session as the journal tells it: started, and ended (or cut short by a crash). */
    public record SessionRecord(Instant started, Instant ended, String program, Duration duration, Duration ran,
                                String cause, int maxLevel, String origin) {}

    /**
     * Every session, in order. A session whose end was never written (the daemon was killed while it ran) is
     * counted as if it ran its full duration: rest and budget must never be undercounted (S11).
     */
    public List<SessionRecord> sessions() {
        List<SessionRecord> sessions = new ArrayList<>();
        JournalEntry.SessionStarted open = null;
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.SessionStarted started) {
                if (open != null) {
                    sessions.add(unfinished(open));
                }
                open = started;
            } else if (entry instanceof JournalEntry.SessionEnded ended) {
                Instant startedAt = open != null ? open.at() : ended.at().minus(ended.ran());
                Duration duration = open != null ? open.duration() : ended.ran();
                String origin = open != null ? open.origin() : "";
                sessions.add(new SessionRecord(startedAt, ended.at(), ended.program(), duration, ended.ran(),
                        ended.cause(), ended.maxLevel(), origin));
                open = null;
            }
        }
        if (open != null) {
            sessions.add(unfinished(open));
        }
        return sessions;
    }

    private static SessionRecord unfinished(JournalEntry.SessionStarted started) {
        return new SessionRecord(started.at(), started.at().plus(started.duration()), started.program(),
                started.duration(), started.duration(), "unfinished (no end recorded; counted in full)", 0,
                started.origin());
    }

    /**
     * What the engine computes rest and the daily budget from. A session followed (before the next start) by a
     * {@code fault-disproved} line owes no rest; its minutes still count.
     */
    public UsageHistory history() {
        List<SessionRecord> sessions = sessions();
        Set<Integer> waived = restWaived();
        List<UsageHistory.PastSession> past = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            SessionRecord s = sessions.get(i);
            past.add(new UsageHistory.PastSession(s.started(), s.ended(), s.ran(), waived.contains(i)));
        }
        return new UsageHistory(past);
    }

    /** Indices in {@link #sessions()} of the sessions whose ending fault the device disproved. */
    private Set<Integer> restWaived() {
        Set<Integer> waived = new HashSet<>();
        int recorded = 0;
        boolean open = false;
        boolean lastEnded = false;
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.SessionStarted) {
                recorded += open ? 1 : 0;
                open = true;
                lastEnded = false;
            } else if (entry instanceof JournalEntry.SessionEnded) {
                recorded++;
                open = false;
                lastEnded = true;
            } else if (entry instanceof JournalEntry.Note note && note.type().equals(JournalFormat.FAULT_DISPROVED)
                    && lastEnded) {
                waived.add(recorded - 1);
            }
        }
        return waived;
    }

    /** Faults, emergency stops, resets and refused configurations, in order. */
    public List<JournalEntry> safetyEvents() {
        return entries.stream().filter(entry -> entry instanceof JournalEntry.Fault
                || entry instanceof JournalEntry.EmergencyStop || entry instanceof JournalEntry.LatchReset
                || entry instanceof JournalEntry.ConfigRefused).toList();
    }

    /** Time run in the rolling 24 hours before {@code wallNow} (the engine's "today"). */
    public Duration usedToday(Instant wallNow) {
        Instant since = wallNow.minus(Duration.ofHours(24));
        return sessions().stream().filter(s -> s.ended().isAfter(since)).map(SessionRecord::ran)
                .reduce(Duration.ZERO, Duration::plus);
    }

    public long sessionsToday(Instant wallNow) {
        Instant since = wallNow.minus(Duration.ofHours(24));
        return sessions().stream().filter(s -> s.ended().isAfter(since)).count();
    }

    static <T> List<T> last(List<T> list, int count) {
        return list.subList(Math.max(0, list.size() - count), list.size());
    }
}
