package org.massaged.controller.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.massaged.controller.safety.SessionEvent;

/**
 * The observers hear the engine's events in the order the engine emitted them, although a safety event is told
 * only once it is on the disk (S12) and the others need not wait for the disk: an event waits behind an earlier
 * safety event still on its way to the journal, so that, for instance, {@code phase_changed} never goes out
 * before the {@code emergency_stop} that caused it. While the journal is unwritable nothing that is not on the
 * way to the disk waits (those events are told at once). Confined to the control thread.
 */
final class EventOrder {

    private static final class Entry {
        final SessionEvent event;
        final long emittedNanos;
        boolean onTheDisk;

        Entry(SessionEvent event, long emittedNanos, boolean onTheDisk) {
            this.event = event;
            this.emittedNanos = emittedNanos;
            this.onTheDisk = onTheDisk;
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    /** An event the engine emitted; {@code onTheDisk} false for a safety event queued for the journal. */
    void emitted(SessionEvent event, long nowNanos, boolean onTheDisk) {
        entries.addLast(new Entry(event, nowNanos, onTheDisk));
    }

    /** Safety events the journal hands back as on the disk, in the order they were queued. */
    void written(List<SessionEvent> events) {
        for (SessionEvent written : events) {
            for (Entry entry : entries) {
                if (!entry.onTheDisk && entry.event == written) {
                    entry.onTheDisk = true;
                    break;
                }
            }
        }
    }

    /**
     * The events that may be told now, in order: all from the front up to the first safety event not yet on the
     * disk; with {@code journalWritable} false, every event that is not waiting for the disk.
     */
    List<SessionEvent> ready(boolean journalWritable) {
        List<SessionEvent> ready = new ArrayList<>();
        while (!entries.isEmpty() && entries.peekFirst().onTheDisk) {
            ready.add(entries.pollFirst().event);
        }
        if (!journalWritable) {
            entries.removeIf(entry -> {
                if (entry.onTheDisk) {
                    ready.add(entry.event);
                }
                return entry.onTheDisk;
            });
        }
        return ready;
    }

    /** Drops the safety events that will never reach the disk (the journal lost them while it was unwritable). */
    void forgetUnwritten() {
        entries.removeIf(entry -> !entry.onTheDisk);
    }

    /**
     * Whether an event still waits to be told, for less than {@code limit}: the state of the session waits behind
     * it, but a journal slow to confirm does not freeze the state for longer than that.
     */
    boolean waitingFor(long nowNanos, long limitNanos) {
        return !entries.isEmpty() && nowNanos - entries.peekFirst().emittedNanos < limitNanos;
    }
}
