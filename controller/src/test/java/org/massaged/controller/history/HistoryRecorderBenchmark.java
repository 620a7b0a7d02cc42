package org.massaged.controller.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;

/**
 * What the history costs the control thread per tick, and the store's size per session (docs/benchmarks.md,
 * docs/history.md). Plays 15-minute sessions of the real engine in virtual time at 50 Hz, calling the recorder as
 * the control loop does, and times the recorder's calls of each tick with {@code System.nanoTime}. Run by hand:
 * {@code java -cp <test class path> org.massaged.controller.history.HistoryRecorderBenchmark [sessions]}.
 */
public final class HistoryRecorderBenchmark {

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Path directory = Files.createTempDirectory("history-bench");
        HistoryStore store = new HistoryStore(directory, HistoryBounds.DEFAULT);
        List<Long> perTick = new ArrayList<>();
        List<Long> sampledTicks = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Timed timed = new Timed();
            VirtualSession[] session = new VirtualSession[1];
            HistoryRecorder recorder = HistoryRecorder.open(store, () -> session[0].nanos(), () -> session[0].wall());
            timed.recorder = recorder;
            session[0] = new VirtualSession(VirtualSession.config("lumbar-duo-serial"), timed,
                    (1 + i) * 3_600_000_000_000L, Instant.parse("2026-11-29T08:00:00Z"));
            session[0].start("lower-back-relief", Duration.ofMinutes(15), 4);
            long ticks = 0;
            while (session[0].engine.snapshot().active() && ticks < 50 * 60 * 20) {
                timed.tick = 0;
                timed.sampled = false;
                session[0].run(Duration.ofMillis(20));
                ticks++;
                if (i > 0) { // the first session warms up the JIT
                    perTick.add(timed.tick);
                    if (timed.sampled) {
                        sampledTicks.add(timed.tick);
                    }
                }
            }
            recorder.close();
        }
        List<Long> sizes = new ArrayList<>();
        try (var files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().startsWith("session-")).forEach(file -> {
                try {
                    sizes.add(Files.size(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Collections.sort(sizes);
        System.out.printf(Locale.ROOT, "recorder per tick: %d ticks, median %d ns, p99 %d ns, max %d ns%n",
                perTick.size(), percentile(perTick, 50), percentile(perTick, 99), percentile(perTick, 100));
        System.out.printf(Locale.ROOT, "ticks that take a sample: %d, median %d ns, p99 %d ns%n", sampledTicks.size(),
                percentile(sampledTicks, 50), percentile(sampledTicks, 99));
        System.out.printf(Locale.ROOT, "15-min session file, two zones with rpm, no temperature sensor: %d bytes%n",
                sizes.get(sizes.size() / 2));
        System.out.printf(Locale.ROOT, "15-min session file, two zones with rpm and a pad sensor: %d bytes%n",
                withPadSensor(directory.resolve("synthetic")));
    }

    /** The same session's shape written straight through the store, with a temperature in every sample. */
    private static long withPadSensor(Path directory) throws Exception {
        HistoryStore store = new HistoryStore(directory, HistoryBounds.DEFAULT);
        Instant start = Instant.parse("2026-11-29T08:00:00Z");
        var channel = store.begin(new HistoryFormat.Start(1, "lower-back-relief", start, Duration.ofMinutes(15), 4,
                true, "cli"));
        for (int t = 0; t < 15 * 60; t++) {
            double level = 3.0 + Math.sin(t / 7.0);
            store.sample(channel, new TraceSample(t, Map.of("lumbar-left", level, "lumbar-right", level * 0.93),
                    Map.of("lumbar-left", level * 310, "lumbar-right", level * 297), Map.of("pad", 36.0 + t / 300.0)));
        }
        HistoryFormat.End end = new HistoryFormat.End(start.plusSeconds(900), Duration.ofMinutes(15),
                "duration-elapsed", "duration-elapsed", true, 4, 4, 4, Optional.of(1134.2));
        store.finish(channel, end, new SessionSummary(1, "lower-back-relief", start, Optional.of(end.ended()),
                Duration.ofMinutes(15), Duration.ofMinutes(15), 4, 4, 4, 4, true, "cli",
                Optional.of(end.endedBy()), Optional.of(end.endedKind()), true, end.exposure()));
        return Files.size(store.sessionFile(1));
    }

    private static long percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Times the recorder's calls; the test's engine driver calls it as the control loop calls its observers. */
    private static final class Timed implements SessionObserver {
        HistoryRecorder recorder;
        long tick;
        boolean sampled;

        @Override
        public void onSnapshot(SessionSnapshot snapshot) {
            long before = System.nanoTime();
            recorder.onSnapshot(snapshot);
            tick += System.nanoTime() - before;
            sampled = true; // published snapshots; the recorder samples about every one
        }

        @Override
        public void onEvent(SessionEvent event) {
            long before = System.nanoTime();
            recorder.onEvent(event);
            tick += System.nanoTime() - before;
        }

        @Override
        public void onReadings(Readings readings) {
            long before = System.nanoTime();
            recorder.onReadings(readings);
            tick += System.nanoTime() - before;
        }

        @Override
        public void onLink(boolean up, String detail) {
        }
    }
}
