package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.Setpoints;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalContents;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;

/**
 * The journal's fsync is off the tick: over a journal on a {@link SlowCard} (each fsync a seeded 5–200 ms, or
 * stalled at will) the control loop keeps ticking while an fsync stalls, reports nothing before it is on the disk,
 * cuts the outputs when the journal falls too far behind, and a crash between a line's write and its fsync is
 * counted on the safe side.
 */
class JournalOffTheTickTest {

    private static final long SEED = Long.getLong("massaged.seed", 14);
    private static final Instant MORNING = Instant.parse("2026-11-29T08:00:00Z");

    @TempDir
    Path directory;

    private final SlowCard card = new SlowCard(SEED, 5, 200);
    private final AtomicLong nanos = new AtomicLong();
    /** The loop's clock moves this much at every read; 0 freezes it. */
    private volatile long step = Duration.ofMillis(20).toNanos();
    /** The clock stops once the session has run this long (a crash comes right then). */
    private volatile long freezeAtSeconds = Long.MAX_VALUE;
    private final AtomicInteger drivingTicks = new AtomicInteger();
    private final AtomicInteger ticks = new AtomicInteger();
    private final AtomicInteger emergencyStops = new AtomicInteger();
    private final List<SessionEvent> told = new CopyOnWriteArrayList<>();
    private Journal journal;
    private Thread control;

    private final Device device = new Device() {
        @Override public void open(DeviceEvents events) {}
        @Override public void apply(Setpoints setpoints) {
            ticks.incrementAndGet();
            if (!setpoints.allOff()) {
                drivingTicks.incrementAndGet();
            }
        }
        @Override public void emergencyStop() { emergencyStops.incrementAndGet(); }
        @Override public void close() {}
    };

    private ControlLoop runningLoop() throws Exception {
        System.out.println("JournalOffTheTickTest seed " + SEED);
        journal = Journal.open(directory.resolve("journal.jsonl"), card);
        ProfileCatalogue profiles = ProfileCatalogue.builtIn();
        EngineConfig config = new EngineConfig(profiles.find("body-massager-serial").orElseThrow(),
                ProgramCatalogue.builtIn(profiles).byId(), "gentle", false, RemoteStartPolicy.ALLOWED);
        SessionObserver recorder = new SessionObserver() {
            @Override public void onSnapshot(SessionSnapshot snapshot) {
                if (snapshot.elapsedSeconds() >= freezeAtSeconds) {
                    step = 0;
                }
            }
            @Override public void onEvent(SessionEvent event) { told.add(event); }
            @Override public void onLink(boolean up, String detail) {}
        };
        ControlLoop loop = new ControlLoop(new SessionEngine(config, UsageHistory.empty(), 0), device,
                new JournalWriter(journal), List.of(recorder), () -> { }, 50, () -> nanos.addAndGet(step),
                () -> MORNING.plusNanos(nanos.get()));
        control = new Thread(loop, "control-under-test");
        control.start();
        CompletableFuture<CommandResult> started = new CompletableFuture<>();
        loop.submit(new Command.Start(Origin.CLI, Optional.empty(), Optional.of(Duration.ofMinutes(10)),
                OptionalInt.empty(), Optional.empty()), started::complete);
        assertThat(started.get(20, TimeUnit.SECONDS).isRejected()).isFalse();
        assertThat(card.forced.get()).as("the start is on the disk before it is answered").isGreaterThanOrEqualTo(1);
        return loop;
    }

    @AfterEach
    void stop() throws Exception {
        card.release();
        if (control != null) {
            control.interrupt();
            control.join(10_000);
        }
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void theTicksGoOnWhileAnFsyncStallsAndTheMarkIsToldOnlyOnceOnTheDisk() throws Exception {
        ControlLoop loop = runningLoop();
        card.stall();
        // the progress mark 30 s in is written and its fsync hangs
        await().atMost(Duration.ofSeconds(10)).until(() -> card.notForced.get() == 1);
        int before = ticks.get();

        await().atMost(Duration.ofSeconds(2)).until(() -> ticks.get() > before + 50);

        assertThat(card.notForced.get()).as("still stalled: the ticks did not wait for it").isEqualTo(1);
        assertThat(emergencyStops.get()).isZero();
        int forcedBefore = card.forced.get();
        card.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> card.forced.get() > forcedBefore);
        assertThat(journaledTypes()).startsWith("session-started", "session-progress");
    }

    @Test
    void aJournalThatFallsTooFarBehindCutsTheOutputsAndLatchesUntilItCatchesUp() throws Exception {
        ControlLoop loop = runningLoop();
        card.stall();
        await().atMost(Duration.ofSeconds(10)).until(() -> card.notForced.get() == 1);

        await().atMost(JournalKeeper.LAG_LIMIT.plusSeconds(5)).until(() -> loop.snapshot().phase() == Phase.FAULT);

        assertThat(emergencyStops.get()).as("outputs cut once").isEqualTo(1);
        assertThat(loop.snapshot().fault()).get().satisfies(fault -> {
            assertThat(fault.code()).isEqualTo("journal-unwritable");
            assertThat(fault.message()).contains("did not confirm a write within 3 s");
        });
        int afterTheCut = drivingTicks.get();
        card.release();
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.snapshot().phase() != Phase.FAULT);
        assertThat(drivingTicks.get()).as("the session it cut does not resume").isEqualTo(afterTheCut);
        await().atMost(Duration.ofSeconds(5)).until(() -> journaledTypes().contains("session-ended"));
        assertThat(told).filteredOn(SessionEvent.Ended.class::isInstance).hasSize(1);
    }

    @Test
    void aCrashBetweenAWriteAndItsFsyncIsCountedOnTheSafeSide() throws Exception {
        card.stallAfter(1); // the session's start goes in; the mark after it hangs in its fsync
        // the clock stops as the mark 30 s in goes to the disk; the crash comes before its fsync returns
        freezeAtSeconds = SessionEvent.Progress.EVERY.toSeconds();
        ControlLoop loop = runningLoop();
        await().atMost(Duration.ofSeconds(10)).until(() -> card.notForced.get() == 1);
        Duration ran = Duration.ofSeconds(loop.snapshot().elapsedSeconds() + 1);
        assertThat(told).as("not told before it is on the disk").noneMatch(SessionEvent.Progress.class::isInstance);
        Path file = directory.resolve("journal.jsonl");

        // killed: the kernel still writes what the process wrote
        Path killed = copy(file, "killed.jsonl", Files.size(file));
        // power cut: only what was forced
        Path powerCut = copy(file, "power-cut.jsonl", card.forcedSize);

        assertThat(countedRun(killed)).as("killed after the write").isGreaterThanOrEqualTo(ran);
        assertThat(countedRun(powerCut)).as("power lost before the fsync").isGreaterThanOrEqualTo(ran);
    }

    private Duration countedRun(Path file) throws Exception {
        JournalContents contents = Journal.read(file);
        assertThat(contents.sessions()).hasSize(1);
        return contents.sessions().get(0).ran();
    }

    private Path copy(Path file, String name, long size) throws Exception {
        Path copy = directory.resolve(name);
        Files.copy(file, copy);
        try (RandomAccessFile cut = new RandomAccessFile(copy.toFile(), "rw")) {
            cut.setLength(size);
        }
        return copy;
    }

    private List<String> journaledTypes() throws Exception {
        return Files.readAllLines(directory.resolve("journal.jsonl")).stream().filter(line -> !line.isBlank())
                .map(line -> line.replaceAll(".*\"type\":\"([^\"]+)\".*", "$1")).toList();
    }
}
