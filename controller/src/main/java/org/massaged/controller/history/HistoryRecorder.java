package org.massaged.controller.history;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.slf4j.LoggerFactory;

/**
 * Records each session into the {@link HistoryStore}, from what the control thread already tells its observers: the
 * {@code Started} and {@code Ended} events (after the journal holds them) and the snapshots (at least once a second),
 * plus the device's last measured motor speeds. Runs on the control thread and only queues work for the
 * {@link HistoryWriter}: no I/O, no blocking, no copy of the session's state beyond the levels it saw.
 */
public final class HistoryRecorder implements SessionObserver, AutoCloseable {

    /** About once a second: the snapshots come on change and once a second, so anything under that takes each. */
    static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(900);
    private static final long DISABLED = -1;

    private final HistoryWriter writer;
    private final LongSupplier monotonicNanos;
    private final Supplier<Instant> wallClock;
    private long nextId;
    private Recording recording;
    private Map<String, Double> lastRpm = Map.of();

    private static final class Recording {
        final long id;
        final SessionEvent.Started started;
        final Instant startedAt;
        final long startNanos;
        long lastSampleNanos;
        int endLevel;
        int maxLevel;

        Recording(long id, SessionEvent.Started started, Instant startedAt, long startNanos) {
            this.id = id;
            this.started = started;
            this.startedAt = startedAt;
            this.startNanos = startNanos;
            this.endLevel = started.level();
            this.maxLevel = started.level();
            this.lastSampleNanos = startNanos - SAMPLE_EVERY_NANOS;
        }
    }

    private HistoryRecorder(HistoryStore store, long nextId, LongSupplier monotonicNanos, Supplier<Instant> wallClock) {
        this.writer = new HistoryWriter(store);
        this.nextId = nextId;
        this.monotonicNanos = monotonicNanos;
        this.wallClock = wallClock;
    }

    /**
     * A recorder appending to {@code store}, numbering on from the sessions already there. When the directory cannot
     * be read it records nothing (said once in the log): the history never keeps the daemon from starting.
     */
    public static HistoryRecorder open(HistoryStore store, LongSupplier monotonicNanos, Supplier<Instant> wallClock) {
        long next;
        try {
            next = store.nextId();
        } catch (IOException | RuntimeException unreadable) {
            LoggerFactory.getLogger(HistoryRecorder.class).warn("Cannot read the session history in {} ({}); "
                    + "sessions will not be recorded until massaged restarts", store.directory(), unreadable.toString());
            next = DISABLED;
        }
        return new HistoryRecorder(store, next, monotonicNanos, wallClock);
    }

    @Override
    public void onEvent(SessionEvent event) {
        if (nextId == DISABLED) {
            return;
        }
        if (event instanceof SessionEvent.Started started) {
            recording = new Recording(nextId++, started, wallClock.get(), monotonicNanos.getAsLong());
            writer.offer(new HistoryWriter.Begin(new HistoryFormat.Start(recording.id, started.program(),
                    recording.startedAt, started.duration(), started.level(), started.heat(),
                    started.origin().wireName())));
        } else if (event instanceof SessionEvent.Ended ended && recording != null) {
            finish(ended);
        }
    }

    @Override
    public void onSnapshot(SessionSnapshot snapshot) {
        if (recording == null || !snapshot.active()) {
            return;
        }
        recording.endLevel = Math.min(snapshot.targetLevel(), snapshot.ceiling());
        recording.maxLevel = Math.max(recording.maxLevel, recording.endLevel);
        long now = monotonicNanos.getAsLong();
        if (now - recording.lastSampleNanos >= SAMPLE_EVERY_NANOS) {
            recording.lastSampleNanos = now;
            writer.offer(new HistoryWriter.Sample(recording.id, sample(snapshot, now)));
        }
    }

    @Override
    public void onReadings(Readings readings) {
        lastRpm = readings.zoneRpm();
    }

    @Override
    public void onLink(boolean up, String detail) {
        // the link's state is in the journal and the state document; the trace shows its effect on the levels
    }

    private TraceSample sample(SessionSnapshot snapshot, long now) {
        double at = (now - recording.startNanos) / 1e9;
        return new TraceSample(at, snapshot.zoneLevels(), lastRpm, snapshot.temperatures());
    }

    private void finish(SessionEvent.Ended ended) {
        Recording done = recording;
        recording = null;
        Instant endedAt = wallClock.get();
        HistoryFormat.End end = new HistoryFormat.End(endedAt, ended.ran(), ended.cause().text(),
                ended.cause().kind(), ended.cause().completion(), done.maxLevel, done.endLevel, ended.maxLevel(),
                ended.exposure());
        SessionSummary summary = new SessionSummary(done.id, done.started.program(), done.startedAt,
                java.util.Optional.of(endedAt), done.started.duration(), ended.ran(), done.started.level(), done.maxLevel,
                done.endLevel, ended.maxLevel(), done.started.heat(), done.started.origin().wireName(),
                java.util.Optional.of(end.endedBy()), java.util.Optional.of(end.endedKind()), end.completed(),
                ended.exposure());
        writer.offer(new HistoryWriter.Finish(done.id, end, summary));
    }

    /** Records dropped because the writer was behind (also logged at close). */
    public long dropped() {
        return writer.dropped();
    }

    /** Writes what is queued and stops the writer; call after the control thread ended. */
    @Override
    public void close() {
        writer.close();
    }

}
