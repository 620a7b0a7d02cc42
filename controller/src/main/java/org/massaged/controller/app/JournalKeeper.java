package org.massaged.controller.app;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.massaged.controller.safety.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop's side of S12 with the fsync off the tick. The loop queues each safety event; one writer thread
 * ({@code massaged-journal}) appends and forces them to the journal in order; the loop reports an event only once
 * {@link #written} hands it back, that is once it is on the disk. What the journal guarantees stays as it was:
 * <ul>
 *   <li>a session's start is {@linkplain #writeNow awaited}: the session drives nothing before its start is on the
 *       disk, so no crash can leave a session that ran but counts as not happened; a start the journal did not
 *       confirm within {@link #LAG_LIMIT} is withdrawn (if its line lands later, it counts: the safe side);</li>
 *   <li>the journal may lag the loop by at most {@link #LAG_LIMIT}: past that the journal counts as unwritable (the
 *       loop cuts the outputs and the engine latches). A crash counts a session until its last durable mark plus
 *       one interval plus {@code JournalTally.CRASH_SLACK} (5 s), which this lag and the motor's lease stay inside;</li>
 *   <li>when a write fails the failure is news once ({@link #problemNow}): the loop cuts the outputs and the engine
 *       latches; the events after it wait in the queue, in order and bounded ({@link #HOLD_LIMIT}), and are tried
 *       again every {@link #RETRY}; once all are in, {@link #recovered} says so and they are reported.</li>
 * </ul>
 * Every method but the writer's own loop is for the control thread.
 */
final class JournalKeeper implements AutoCloseable {

    static final Duration RETRY = Duration.ofSeconds(10);
    static final String RETRY_SENTENCE = "massaged tries again every 10 s and carries on by itself once it can write.";
    /** Far more than a latched daemon produces (repeats are counted, starts and resets refused); a backstop. */
    static final int HOLD_LIMIT = 1_000;
    /** How long an event may wait for the disk before the journal counts as unwritable. */
    static final Duration LAG_LIMIT = Duration.ofSeconds(3);
    /** How long the end of the loop waits for the last events to reach the disk. */
    static final Duration FINAL_FLUSH = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(JournalKeeper.class);
    private static final String STALLED = "the journal did not confirm a write within " + LAG_LIMIT.toSeconds()
            + " s (a stalled disk or SD card). " + RETRY_SENTENCE;

    enum Outcome { WRITTEN, FAILED }

    private static final class Pending {
        final SessionEvent event;
        final Instant wallNow;
        final long queuedAtNanos;
        final boolean awaited;
        boolean abandoned;
        Outcome outcome;

        Pending(SessionEvent event, Instant wallNow, long queuedAtNanos, boolean awaited) {
            this.event = event;
            this.wallNow = wallNow;
            this.queuedAtNanos = queuedAtNanos;
            this.awaited = awaited;
        }
    }

    private final EventJournal journal;
    private final Runnable cutOutputs;
    private final Object lock = new Object();

    // Guarded by lock: shared with the writer thread.
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final List<SessionEvent> durable = new ArrayList<>();
    private String failure;
    private boolean retryAsked;
    private boolean writing;
    private boolean closed;
    private long lost;
    private long failedAttempts;
    private Thread writer;

    // The control thread's view.
    private String problem;
    private long nextRetryNanos;
    private long failedAttemptsSeen;

    /**
     * {@code cutOutputs} (the device's emergency stop: thread-safe, idempotent) runs once per outage: on the writer
     * thread the moment a write fails, or on the control thread when the journal falls {@link #LAG_LIMIT} behind.
     */
    JournalKeeper(EventJournal journal, Runnable cutOutputs) {
        this.journal = journal;
        this.cutOutputs = cutOutputs;
    }

    /** Queues a safety event for the disk; it comes back from {@link #written} once it is there. */
    void enqueue(SessionEvent event, Instant wallNow) {
        synchronized (lock) {
            if (queue.size() >= HOLD_LIMIT) {
                lost++;
                return;
            }
            queue.addLast(new Pending(event, wallNow, System.nanoTime(), false));
            startWriter();
            lock.notifyAll();
        }
    }

    /**
     * Queues the event and waits until it is on the disk (and everything queued before it), at most
     * {@link #LAG_LIMIT}. FAILED when the journal cannot be written, or did not confirm in time: the event then did
     * not happen as far as the loop is concerned, and is never handed back by {@link #written}. The events queued
     * before it are handed back by {@link #written} first.
     */
    Outcome writeNow(SessionEvent event, Instant wallNow, long nowNanos) {
        long queuedAt = System.nanoTime();
        Pending pending = new Pending(event, wallNow, queuedAt, true);
        synchronized (lock) {
            if (failure != null) {
                problem = failure;
                nextRetryNanos = nowNanos + RETRY.toNanos();
                return Outcome.FAILED;
            }
            queue.addLast(pending);
            startWriter();
            lock.notifyAll();
            try {
                for (long left = LAG_LIMIT.toNanos(); pending.outcome == null && left > 0;
                     left = queuedAt + LAG_LIMIT.toNanos() - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            if (pending.outcome == null) {
                pending.abandoned = true;
                problem = STALLED;
                nextRetryNanos = nowNanos + RETRY.toNanos();
                cutOutputs.run();
                return Outcome.FAILED;
            }
            if (pending.outcome == Outcome.FAILED) {
                problem = failure;
                nextRetryNanos = nowNanos + RETRY.toNanos();
            }
            return pending.outcome;
        }
    }

    /** The events now on the disk, in order, to be reported; each one once. */
    List<SessionEvent> written() {
        synchronized (lock) {
            if (durable.isEmpty()) {
                return List.of();
            }
            List<SessionEvent> events = List.copyOf(durable);
            durable.clear();
            return events;
        }
    }

    /**
     * Whether the journal has just become unwritable as far as the loop is concerned: a write failed, or an event
     * has waited longer than {@link #LAG_LIMIT}. True once per outage; {@link #problem} then says what is wrong.
     */
    boolean problemNow(long nowNanos) {
        if (problem != null) {
            return false;
        }
        synchronized (lock) {
            if (failure != null) {
                problem = failure;
            } else if (!queue.isEmpty() && System.nanoTime() - queue.peekFirst().queuedAtNanos > LAG_LIMIT.toNanos()) {
                problem = STALLED;
                cutOutputs.run();
            } else {
                return false;
            }
        }
        nextRetryNanos = nowNanos + RETRY.toNanos();
        return true;
    }

    /**
     * While the journal counts as unwritable: asks the writer to try again every {@link #RETRY} (or at once), and
     * says whether it is back, every held event written ({@link #written} hands them over).
     */
    boolean recovered(long nowNanos, boolean atOnce) {
        if (problem == null) {
            return false;
        }
        synchronized (lock) {
            if (failure == null && queue.isEmpty() && !writing) {
                problem = null;
                return true;
            }
            if (failedAttempts != failedAttemptsSeen) {
                // the next try is RETRY after this one failed, on the loop's clock, however late the writer ran
                failedAttemptsSeen = failedAttempts;
                nextRetryNanos = nowNanos + RETRY.toNanos();
            }
            if (!retryAsked && !writing && (atOnce || nowNanos >= nextRetryNanos)) {
                nextRetryNanos = nowNanos + RETRY.toNanos();
                retryAsked = true;
                lock.notifyAll();
            }
            return false;
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
        synchronized (lock) {
            return lost;
        }
    }

    int heldCount() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * Waits until every queued event is on the disk, the journal fails (and no retry is under way), or {@code limit}
     * passes. An interrupt of the caller does not cut it short (the end of the loop is what it is for).
     */
    void flush(Duration limit) {
        boolean interrupted = Thread.interrupted();
        synchronized (lock) {
            long deadline = System.nanoTime() + limit.toNanos();
            for (long left = limit.toNanos(); (!queue.isEmpty() || writing) && (failure == null || retryAsked)
                    && left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writer; what it had not written by then stays unwritten (the caller flushed first). */
    @Override
    public void close() {
        Thread thread;
        synchronized (lock) {
            closed = true;
            thread = writer;
            lock.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(FINAL_FLUSH.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startWriter() {
        if (writer == null && !closed) {
            writer = new Thread(this::writeInOrder, "massaged-journal");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** The writer thread: the oldest event first; after a failure, nothing until a retry is asked for. */
    private void writeInOrder() {
        while (true) {
            Pending next;
            boolean firstFailure;
            synchronized (lock) {
                while (!closed && (queue.isEmpty() || (failure != null && !retryAsked))) {
                    try {
                        lock.wait();
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                retryAsked = false;
                next = queue.peekFirst();
                writing = true;
                firstFailure = failure == null;
            }
            IOException failed = null;
            try {
                journal.record(next.event, next.wallNow);
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException bug) {
                log.error("Writing the journal failed unexpectedly", bug);
                failed = new IOException(bug.toString(), bug);
            }
            synchronized (lock) {
                writing = false;
                if (failed == null) {
                    queue.removeFirst();
                    failure = null;
                    next.outcome = Outcome.WRITTEN;
                    if (!next.awaited) {
                        durable.add(next.event); // an awaited one is the waiter's to report (or, abandoned, nobody's)
                    }
                } else {
                    failure = journal.explain(failed);
                    failedAttempts++;
                    failAwaitedStarts();
                }
                lock.notifyAll();
            }
            if (failed != null && firstFailure) {
                cutOutputs.run(); // at once, not a tick later: once per outage
            }
        }
    }

    /** A start waiting for the disk when the journal fails never happened: it is answered, not held. */
    private void failAwaitedStarts() {
        queue.removeIf(pending -> {
            if (pending.awaited) {
                pending.outcome = Outcome.FAILED;
                return true;
            }
            return false;
        });
    }
}
