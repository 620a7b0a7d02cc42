package org.massaged.controller.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the history off the control thread. {@link #offer} never blocks and takes no lock: a lock-free queue bounded
 * by a counter (a full queue drops the record and counts it), the writer woken by {@code unpark}. One thread,
 * {@code massaged-history}, appends to the session's file and fsyncs at its start, every {@link #FORCE_EVERY} samples
 * and at its end. A write that fails is logged once per session and the session's remaining records are dropped: the
 * history never stops a massage.
 */
final class HistoryWriter implements AutoCloseable {

    static final int CAPACITY = 512;
    static final int FORCE_EVERY = 30;
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

    sealed interface Work {}

    record Begin(HistoryFormat.Start start) implements Work {}

    record Sample(long id, TraceSample sample) implements Work {}

    record Finish(long id, HistoryFormat.End end, SessionSummary summary) implements Work {}

    private record Stop() implements Work {}

    private final HistoryStore store;
    private final Queue<Work> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private FileChannel current;
    private long currentId = -1;
    private int unforced;

    HistoryWriter(HistoryStore store) {
        this.store = store;
        this.thread = new Thread(this::drain, "massaged-history");
        thread.setDaemon(true);
        thread.start();
    }

    /** From the control thread: queued, or dropped and counted when the writer is {@link #CAPACITY} behind. */
    void offer(Work work) {
        if (queued.incrementAndGet() > CAPACITY) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(work);
        LockSupport.unpark(thread);
    }

    long dropped() {
        return dropped.get();
    }

    private void drain() {
        try {
            while (true) {
                Work work = queue.poll();
                if (work == null) {
                    LockSupport.park(this);
                    continue;
                }
                if (work instanceof Stop) {
                    return;
                }
                queued.decrementAndGet();
                write(work);
            }
        } finally {
            closeCurrent();
        }
    }

    private void write(Work work) {
        try {
            if (work instanceof Begin begin) {
                closeCurrent();
                currentId = begin.start().id();
                current = store.begin(begin.start());
                unforced = 0;
            } else if (work instanceof Sample sample && sample.id() == currentId && current != null) {
                store.sample(current, sample.sample());
                if (++unforced >= FORCE_EVERY) {
                    current.force(false);
                    unforced = 0;
                }
            } else if (work instanceof Finish finish && finish.id() == currentId && current != null) {
                FileChannel channel = current;
                current = null;
                store.finish(channel, finish.end(), finish.summary());
            }
        } catch (IOException | RuntimeException failed) {
            log.warn("Cannot write the session history in {} ({}); this session's trace stops here, the massage "
                    + "goes on", store.directory(), failed.toString());
            closeCurrent();
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing after a failed write: nothing more to save
            }
            current = null;
        }
    }

    /** Writes what is queued, then stops (waits at most {@code millis}). */
    @Override
    public void close() {
        close(5000);
    }

    void close(long millis) {
        queue.add(new Stop()); // beyond the bound: the stop is never dropped
        LockSupport.unpark(thread);
        try {
            thread.join(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (dropped.get() > 0) {
            log.warn("{} history records were dropped because the writer fell behind", dropped.get());
        }
    }
}
