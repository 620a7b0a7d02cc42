package org.massaged.controller.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.Setpoints;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.controller.session.Journal;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;

/**
 * The journal's append + fsync and what it costs the control thread (docs/benchmarks/journal.md, "Writing").
 * Not JMH: an fsync is milliseconds, and what matters is the tick it may delay. Two parts:
 * <ol>
 *   <li>{@code Journal.append} on this machine's disk, timed one by one (a real fsync each);</li>
 *   <li>a session played by the real {@link ControlLoop} at 50 Hz on the system's clocks over a journal on a
 *       {@link SlowCard} (each fsync a seeded 5–200 ms) for {@code seconds}: its start, a progress mark every 30 s,
 *       and its end when the loop stops; the gaps between the device's {@code apply} calls (the tick as the
 *       massager sees it) and the time the control thread spent in the journal.</li>
 * </ol>
 * Run: {@code java -cp <test class path> org.massaged.controller.app.JournalFsyncBenchmark [appends] [seed] [seconds]}.
 */
public final class JournalFsyncBenchmark {

    private JournalFsyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.massaged"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        int appends = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 14;
        System.out.println("JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.arch"));
        Path directory = Files.createTempDirectory("journal-fsync-bench");
        realDisk(directory.resolve("disk.jsonl"), appends);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 125;
        slowCardSession(directory.resolve("card.jsonl"), seed, seconds);
    }

    private static void realDisk(Path file, int appends) throws Exception {
        List<Long> micros = new ArrayList<>();
        try (Journal journal = Journal.open(file)) {
            for (int i = -50; i < appends; i++) {
                SessionEvent mark = new SessionEvent.Progress("gentle", Duration.ofSeconds(30L * (i + 51)));
                long before = System.nanoTime();
                journal.append(mark, Instant.now());
                long took = System.nanoTime() - before;
                if (i >= 0) {
                    micros.add(took / 1_000);
                }
            }
        }
        print("Journal.append + fsync, this machine's disk (µs)", micros);
    }

    private static void slowCardSession(Path file, long seed, int seconds) throws Exception {
        List<Long> applies = new CopyOnWriteArrayList<>();
        List<Long> journalOnControl = new CopyOnWriteArrayList<>();
        Device device = new Device() {
            @Override public void open(DeviceEvents events) {}
            @Override public void apply(Setpoints setpoints) { applies.add(System.nanoTime()); }
            @Override public void emergencyStop() {}
            @Override public void close() {}
        };
        var profiles = ProfileCatalogue.builtIn();
        EngineConfig config = new EngineConfig(profiles.find("body-massager-serial").orElseThrow(),
                ProgramCatalogue.builtIn(profiles).byId(), "gentle", false, RemoteStartPolicy.ALLOWED);
        SessionEngine engine = new SessionEngine(config, UsageHistory.empty(), 0);
        Clocks clocks = Clocks.system();
        try (Journal journal = Journal.open(file, new SlowCard(seed, 5, 200))) {
            JournalWriter writer = new JournalWriter(journal);
            EventJournal timed = new EventJournal() {
                @Override public void record(SessionEvent event, Instant wallNow) throws java.io.IOException {
                    long before = System.nanoTime();
                    writer.record(event, wallNow);
                    if (Thread.currentThread().getName().equals("control")) {
                        journalOnControl.add((System.nanoTime() - before) / 1_000);
                    }
                }
            };
            ControlLoop loop = new ControlLoop(engine, device, timed, List.of(), () -> { }, 50,
                    clocks.monotonicNanos(), clocks.wall());
            Thread control = new Thread(loop, "control");
            control.start();
            loop.submit(new Command.Start(Origin.CLI, Optional.empty(), Optional.of(Duration.ofMinutes(10)),
                    OptionalInt.empty(), Optional.empty()), result -> System.out.println("start: " + result.outcome()));
            Thread.sleep(Duration.ofSeconds(seconds).toMillis()); // the length of the run, not a wait for an outcome
            control.interrupt();
            control.join(10_000);
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < applies.size(); i++) {
            gaps.add((applies.get(i) - applies.get(i - 1)) / 1_000);
        }
        print("gap between ticks (device.apply), slow card, tick 20 ms (µs)", gaps);
        long late = gaps.stream().filter(gap -> gap > 40_000).count();
        System.out.printf("ticks later than two periods (> 40 ms): %d of %d%n", late, gaps.size());
        print("journal time on the control thread per safety event (µs)", journalOnControl);
    }

    private static void print(String what, List<Long> values) {
        if (values.isEmpty()) {
            System.out.printf("%s: none%n", what);
            return;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%s: n=%d median=%d p99=%d max=%d%n", what, sorted.size(), rank(sorted, 0.50),
                rank(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
