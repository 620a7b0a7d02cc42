package org.massaged.controller.app;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.massaged.controller.safety.SessionEvent;

/**
 * The control loop's side of S12: a safety event is written to the journal before it is reported. When the
 * journal cannot be written, the failure is news once ({@link Outcome#FAILED}: the loop cuts the outputs and the
 * engine latches); the events after it are held, in order and bounded, instead of failing again on every tick;
 * and the journal is tried again every {@link #RETRY}. Once it can be written, the held events go in first, then
 * they are reported.
 */
final class JournalKeeper {

    static final Duration RETRY = Duration.ofSeconds(10);
    static final String RETRY_SENTENCE = "massaged tries again every 10 s and carries on by itself once it can write.";
    /** Far more than a latched daemon produces (repeats are counted, starts and resets refused); a backstop. */
    static final int HOLD_LIMIT = 1_000;

    enum Outcome { WRITTEN, FAILED, HELD }

    private record Held(SessionEvent event, Instant wallNow) {}

    private final EventJournal journal;
    private final Deque<Held> held = new ArrayDeque<>();
    private long lost;
    private String problem;
    private long nextRetryNanos;

    JournalKeeper(EventJournal journal) {
        this.journal = journal;
    }

    /** Writes the event, or holds it while the journal cannot be written; FAILED when this write found that out. */
    Outcome write(SessionEvent event, Instant wallNow, long nowNanos) {
        if (problem != null) {
            hold(event, wallNow);
            return Outcome.HELD;
        }
        try {
            journal.record(event, wallNow);
            return Outcome.WRITTEN;
        } catch (IOException failure) {
            failed(failure, nowNanos);
            return Outcome.FAILED;
        }
    }

    /** Keeps an event that could not be written, to be written (then reported) once the journal can be. */
    void hold(SessionEvent event, Instant wallNow) {
        if (held.size() < HOLD_LIMIT) {
            held.addLast(new Held(event, wallNow));
        } else {
            lost++;
        }
    }

    boolean writable() {
        return problem == null;
    }

    /** Which file, what is wrong with it and what to do; null while the journal can be written. */
    String problem() {
        return problem;
    }

    /** Events that could not be held (beyond {@link #HOLD_LIMIT}) and so were never written. */
    long lost() {
        return lost;
    }

    int heldCount() {
        return held.size();
    }

    /**
     * Writes the held events, oldest first, when a retry is due (or at once with {@code now}); returns those now in
     * the journal, to be reported. {@link #writable()} tells whether all of them went in.
     */
    List<SessionEvent> retry(long nowNanos, boolean now) {
        List<SessionEvent> written = new ArrayList<>();
        if (problem == null || (!now && nowNanos < nextRetryNanos)) {
            return written;
        }
        while (!held.isEmpty()) {
            Held next = held.peekFirst();
            try {
                journal.record(next.event(), next.wallNow());
            } catch (IOException failure) {
                failed(failure, nowNanos);
                return written;
            }
            held.removeFirst();
            written.add(next.event());
        }
        problem = null;
        return written;
    }

    private void failed(IOException failure, long nowNanos) {
        problem = journal.explain(failure);
        nextRetryNanos = nowNanos + RETRY.toNanos();
    }
}
