package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
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
import org.massaged.controller.state.StateDocument;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;
import org.slf4j.LoggerFactory;

class ControlLoopTest {

    private static final int TICK_HZ = 50;

    @TempDir
    Path directory;

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final AtomicInteger drivenTicks = new AtomicInteger();
    /** The monotonic clock: every read moves it {@link #step} on (a busy machine, or time flying by). */
    private final AtomicLong nanos = new AtomicLong();
    private volatile long step = 1_000_000;
    private final DeviceProfile profile = ProfileCatalogue.builtIn().find("body-massager-serial").orElseThrow();
    private final List<Thread> threads = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    private final Device device = new Device() {
        @Override public void open(DeviceEvents events) {}
        @Override public void apply(Setpoints setpoints) {
            trace.add("apply");
            if (!setpoints.allOff()) {
                drivenTicks.incrementAndGet();
            }
        }
        @Override public void emergencyStop() { trace.add("emergency-stop"); }
        @Override public void close() {}
    };

    private ControlLoop loop(EventJournal journal, List<SessionObserver> observers) {
        EngineConfig config = new EngineConfig(profile, ProgramCatalogue.builtIn(ProfileCatalogue.builtIn()).byId(),
                "gentle", false, RemoteStartPolicy.ALLOWED);
        SessionEngine engine = new SessionEngine(config, UsageHistory.empty(), 0);
        return new ControlLoop(engine, device, journal, observers, () -> { }, TICK_HZ,
                () -> nanos.addAndGet(step), () -> Instant.EPOCH.plusNanos(nanos.get()));
    }

    private Thread run(ControlLoop loop) {
        Thread control = new Thread(loop, "control-under-test");
        threads.add(control);
        control.start();
        return control;
    }

    @AfterEach
    void stopTheLoops() throws InterruptedException {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(10_000);
        }
        ((Logger) LoggerFactory.getLogger(ControlLoop.class)).detachAppender(logged);
    }

    @Test
    void aFloodOfCommandsNeverHoldsBackTheTick() {
        ControlLoop loop = loop((event, wall) -> { }, List.of());
        int flood = Inbox.COMMAND_CAPACITY;
        for (int i = 0; i < flood; i++) {
            loop.submit(new Command.SetLevel(Origin.MQTT, 2), result -> trace.add("reply"));
        }
        run(loop);
        await().atMost(Duration.ofSeconds(30)).until(() -> trace.stream().filter("reply"::equals).count() == flood);
        int lastReply = trace.lastIndexOf("reply");
        long appliesDuringTheFlood = trace.subList(0, lastReply).stream().filter("apply"::equals).count();
        // each message takes at least 1 ms of this clock: a tick every 20 ms must have run in between
        assertThat(appliesDuringTheFlood).isGreaterThanOrEqualTo(flood / 20 / 2);
    }

    @Test
    void aJournalThatCannotBeWrittenLatchesOnceRefusesStartsAndRecoversByItself() throws Exception {
        step = Duration.ofMillis(20).toNanos(); // minutes of virtual time in a moment
        DiskFillingJournal journal = new DiskFillingJournal(directory.resolve("journal.jsonl"), 3, nanos::get);
        captureTheLog();
        ControlLoop loop = loop(journal, List.of());
        run(loop);

        assertThat(answer(loop, start()).outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED); // write 1
        // write 2 is the progress mark 30 s in; write 3, the one 60 s in, finds the disk full
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.snapshot().phase() == Phase.FAULT);
        long failedAt = nanos.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> nanos.get() - failedAt > Duration.ofMinutes(2).toNanos());

        assertThat(trace).filteredOn("emergency-stop"::equals).as("outputs cut once").hasSize(1);
        assertThat(logged.list).filteredOn(line -> line.getLevel() == Level.ERROR).as("said once").hasSize(1);
        List<Long> failures = List.copyOf(journal.failures);
        assertThat(failures).hasSizeGreaterThan(5);
        for (int i = 1; i < failures.size(); i++) {
            assertThat(failures.get(i) - failures.get(i - 1)).as("a retry every 10 s, not a write per tick")
                    .isGreaterThan(Duration.ofMillis(9_900).toNanos());
        }
        assertThat(loop.snapshot().fault()).get().extracting(SessionSnapshot.Fault::code)
                .isEqualTo("journal-unwritable");
        CommandResult refused = answer(loop, start());
        assertThat(refused.outcome()).isEqualTo(CommandResult.Outcome.REJECTED);
        assertThat(refused.reason()).isEqualTo("journal-unwritable");
        assertThat(refused.message()).contains(journal.file.toString(), "No space left on device", "free space",
                "tries again every 10 s");
        assertThat(answer(loop, new Command.Reset(Origin.CLI)).reason()).isEqualTo("journal-unwritable");

        journal.free();
        // cleared by itself, to the rest after the session it cut (which passes quickly in this clock)
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.snapshot().phase() != Phase.FAULT);
        assertThat(loop.snapshot().phase()).isIn(Phase.COOLDOWN, Phase.IDLE);
        // nothing was lost: what could not be written went in, in order, once the disk had room
        // (the journal's writer puts the latch's reset on the disk a moment after the engine cleared it)
        // (how many progress marks the session made before the loop heard of the failure depends on how far this
        // fast virtual clock ran meanwhile: the failure is noticed in real time, within the writer's attempt)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(String.join(" ", types(journal.file)))
                .matches("session-started( session-progress){2,} session-ended fault latch-reset"));
        await().atMost(Duration.ofSeconds(60)).until(() -> loop.snapshot().phase() == Phase.IDLE); // the rest
        assertThat(answer(loop, start()).outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED);
    }

    @Test
    void aStartTheJournalCannotRecordIsAnsweredRejectedAndNeverDrives() throws Exception {
        step = Duration.ofMillis(20).toNanos();
        DiskFillingJournal journal = new DiskFillingJournal(directory.resolve("journal.jsonl"), 1, nanos::get);
        ControlLoop loop = loop(journal, List.of());
        run(loop);

        CommandResult answer = answer(loop, start());

        assertThat(answer.outcome()).as(answer.message()).isEqualTo(CommandResult.Outcome.REJECTED);
        assertThat(answer.reason()).isEqualTo("journal-unwritable");
        assertThat(answer.message()).contains(journal.file.toString(), "No space left on device");
        assertThat(drivenTicks.get()).isZero();
        journal.free();
        // the start never happened: no rest to wait for
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.snapshot().phase() == Phase.IDLE);
        assertThat(answer(loop, start()).outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED);
        assertThat(types(journal.file)).startsWith("fault", "latch-reset", "session-started");
    }

    @Test
    void observersGetTheOneDocumentTheLoopBuiltForThePass() throws Exception {
        List<StateDocument> given = new CopyOnWriteArrayList<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        AtomicReference<ControlLoop> underTest = new AtomicReference<>();
        SessionObserver recorder = new SessionObserver() {
            @Override public void onState(SessionSnapshot snapshot, StateDocument document) {
                given.add(document);
                if (document != underTest.get().document()) {
                    mismatches.add("not the loop's own document: " + document);
                }
                if (!document.equals(StateDocument.of(snapshot))) {
                    mismatches.add("not the document of its snapshot: " + document);
                }
            }
            @Override public void onEvent(SessionEvent event) {}
            @Override public void onLink(boolean up, String detail) {}
        };
        ControlLoop loop = loop((event, wall) -> { }, List.of(recorder));
        underTest.set(loop);
        run(loop);
        assertThat(answer(loop, start()).isRejected()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> given.stream().anyMatch(StateDocument::active));

        assertThat(mismatches).isEmpty();
        assertThat(given).allSatisfy(document -> assertThat(document.updatedAt()).isNull());
    }

    @Test
    void aControlledStopJournalsTheEndWithTheTimeActuallyRun() throws Exception {
        step = Duration.ofMillis(5).toNanos();
        List<SessionEvent> journaled = new CopyOnWriteArrayList<>();
        // the clock stands still once the session has run 20 s, until the stop is on its way
        SessionObserver freezer = new SessionObserver() {
            @Override public void onSnapshot(SessionSnapshot snapshot) {
                if (snapshot.phase() == Phase.RUNNING && snapshot.elapsedSeconds() >= 20) {
                    step = 0;
                }
            }
            @Override public void onEvent(SessionEvent event) {}
            @Override public void onLink(boolean up, String detail) {}
        };
        ControlLoop loop = loop((event, wall) -> journaled.add(event), List.of(freezer));
        Thread control = run(loop);
        assertThat(answer(loop, start()).isRejected()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> step == 0);
        long ran = loop.snapshot().elapsedSeconds();
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.RUNNING);

        // the body massager's ramp down from its start level takes 5 s, longer than a controlled stop waits
        CountDownLatch stopped = new CountDownLatch(1);
        loop.shutdown(stopped::countDown);
        step = Duration.ofMillis(5).toNanos();
        assertThat(stopped.await(20, TimeUnit.SECONDS)).isTrue();
        control.join(10_000);

        assertThat(journaled).filteredOn(SessionEvent.Ended.class::isInstance).singleElement()
                .isInstanceOfSatisfying(SessionEvent.Ended.class, ended -> {
                    assertThat(ended.cause().text()).isEqualTo("stop:system");
                    assertThat(ended.ran()).as("what it ran, not its 10 minutes").isGreaterThanOrEqualTo(
                            Duration.ofSeconds(ran)).isLessThan(lastMark(journaled).plus(SessionEvent.Progress.EVERY));
                });
    }

    private static Duration lastMark(List<SessionEvent> journaled) {
        return journaled.stream().filter(SessionEvent.Progress.class::isInstance).map(SessionEvent.Progress.class::cast)
                .map(SessionEvent.Progress::ran).reduce((first, second) -> second).orElse(Duration.ZERO);
    }

    private static Command.Start start() {
        return new Command.Start(Origin.CLI, Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    private static CommandResult answer(ControlLoop loop, Command command) throws Exception {
        CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        loop.submit(command, answer::complete);
        return answer.get(20, TimeUnit.SECONDS);
    }

    private void captureTheLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(ControlLoop.class)).addAppender(logged);
    }

    private static List<String> types(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            types.add(json.readTree(line).get("type").asText());
        }
        return types;
    }

    /** The real journal file, on a disk that fills up at the {@code fullFrom}th write, until the test frees it. */
    private static final class DiskFillingJournal implements EventJournal {
        final Path file;
        /** When (on the loop's clock) each write that found the disk full was tried. */
        final List<Long> failures = new CopyOnWriteArrayList<>();
        private final AtomicInteger attempts = new AtomicInteger();
        private final JournalWriter real;
        private final int fullFrom;
        private final LongSupplier clock;
        private volatile boolean freed;

        DiskFillingJournal(Path file, int fullFrom, LongSupplier clock) throws IOException {
            this.file = file;
            this.clock = clock;
            this.real = new JournalWriter(Journal.open(file));
            this.fullFrom = fullFrom;
        }

        void free() {
            freed = true;
        }

        @Override
        public void record(SessionEvent event, Instant wallNow) throws IOException {
            if (attempts.incrementAndGet() >= fullFrom && !freed) {
                failures.add(clock.getAsLong());
                throw new IOException("No space left on device");
            }
            real.record(event, wallNow);
        }

        @Override
        public String explain(IOException failure) {
            return real.explain(failure);
        }
    }

    @Test
    void aCommandBeyondTheInboxIsAnsweredBusyAtOnceAndNothingIsQueuedForIt() {
        ControlLoop loop = loop((event, wall) -> { }, List.of());
        List<CommandResult> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < Inbox.COMMAND_CAPACITY + 10; i++) {
            loop.submit(new Command.SetLevel(Origin.MQTT, 2), answers::add);
        }
        assertThat(answers).as("answered on the caller's thread, before the control thread ran").hasSize(10)
                .allSatisfy(answer -> assertThat(answer.reason()).isEqualTo("busy"));
    }

    @Test
    void anEmergencyStopOvertakesAFullInboxAndWhatItOvertookIsNotExecuted() {
        List<SessionEvent> journaled = new CopyOnWriteArrayList<>();
        ControlLoop loop = loop((event, wall) -> journaled.add(event), List.of());
        List<CommandResult> resets = new CopyOnWriteArrayList<>();
        for (int i = 0; i < Inbox.COMMAND_CAPACITY; i++) {
            loop.submit(new Command.Reset(Origin.MQTT), resets::add);
        }
        List<CommandResult> stops = new CopyOnWriteArrayList<>();
        int senders = 5_000;
        for (int i = 0; i < senders; i++) {
            loop.submit(new Command.EmergencyStop(Origin.MQTT), stops::add);
        }
        List<CommandResult> after = new CopyOnWriteArrayList<>();
        loop.submit(new Command.SetLevel(Origin.MQTT, 2), after::add);
        assertThat(trace).as("outputs cut by the caller, at once").contains("emergency-stop");

        Thread control = new Thread(loop, "control-under-test");
        control.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> stops.size() == senders
                    && resets.size() == Inbox.COMMAND_CAPACITY);
            assertThat(stops).allSatisfy(answer -> assertThat(answer.isRejected()).isFalse());
            assertThat(resets).as("sent before the stop, overtaken by it: none clears the latch")
                    .allSatisfy(answer -> assertThat(answer.reason()).isEqualTo("superseded"));
            await().atMost(Duration.ofSeconds(10)).until(() -> after.size() == 1);
            assertThat(after.get(0).reason()).as("sent after the stop: executed (and refused by the latch)")
                    .isNotEqualTo("superseded");
            assertThat(loop.snapshot().phase()).isEqualTo(Phase.EMERGENCY_STOP);
            assertThat(journaled).filteredOn(SessionEvent.EmergencyStopped.class::isInstance)
                    .as("%d stops from one origin that waited together are handled once", senders)
                    .hasSizeLessThanOrEqualTo(1 + senders / Inbox.REPLIES_PER_STOP);
        } finally {
            control.interrupt();
        }
    }
}
