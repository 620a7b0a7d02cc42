package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.Setpoints;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;

/**
 * Random command sequences against the real control loop while the journal fills up and empties at random
 * moments. After every step: nothing safety-relevant is reported before the journal holds it (S12), an accepted
 * start is in the journal, nothing is driven after a failed write until a start has been written again (S4); at
 * the end of each sequence, once the disk has room, every session that was accepted has its start and its end in
 * the journal (S11: nothing lost). The seed is printed; {@code -Dmassaged.seed=N} replays a run.
 */
class JournalFailureRandomizedTest {

    private static final long SEED = Long.getLong("massaged.seed", 20_261_120L);
    private static final int SEQUENCES = 12;
    private static final int STEPS = 40;

    @Test
    void theJournalRulesHoldWhateverTheDiskDoes() throws Exception {
        System.out.println("JournalFailureRandomizedTest seed " + SEED);
        Random seeds = new Random(SEED);
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            long seed = seeds.nextLong();
            Run run = new Run(seed);
            try {
                run.play();
            } catch (AssertionError | Exception failed) {
                throw new AssertionError("sequence " + sequence + " of seed " + SEED + " failed; last steps "
                        + run.steps.subList(Math.max(0, run.steps.size() - 25), run.steps.size()), failed);
            } finally {
                run.stop();
            }
        }
    }

    /** One sequence: its own loop, clock, journal and device. */
    private static final class Run {
        final Random random;
        final List<String> steps = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<SessionEvent> written = new CopyOnWriteArrayList<>();
        final AtomicLong nanos = new AtomicLong();
        final long step;
        volatile boolean full;
        /**
         * A write failed and the outputs were cut since, and no start has been written since: nothing may be driven.
         * The journal's writer thread cuts the outputs the moment a write fails; a tick that the control thread was
         * applying in that moment may still go out ({@link #appliedBeforeTheCut}), but no second one.
         */
        volatile boolean failedSinceLastStart;
        /** A write failed and the outputs have not been cut yet. */
        volatile boolean failedAwaitingTheCut;
        final java.util.concurrent.atomic.AtomicInteger appliedBeforeTheCut = new java.util.concurrent.atomic.AtomicInteger();
        /** The device's emergency-stop latch (the adapters' ResumeGuard / OutputGuard): off until all-off is applied. */
        volatile boolean heldOff;
        final ControlLoop loop;
        final Thread control;
        int acceptedStarts;

        Run(long seed) {
            this.random = new Random(seed);
            EventJournal journal = (event, wall) -> {
                if (full) {
                    if (!failedSinceLastStart) {
                        failedAwaitingTheCut = true;
                    }
                    throw new IOException("No space left on device");
                }
                written.add(event);
                if (event instanceof SessionEvent.Started) {
                    failedSinceLastStart = false;
                }
            };
            Device device = new Device() {
                @Override public void open(DeviceEvents events) {}
                @Override public void apply(Setpoints setpoints) {
                    if (setpoints.allOff()) {
                        heldOff = false;
                        return;
                    }
                    if (failedAwaitingTheCut && appliedBeforeTheCut.incrementAndGet() > 1) {
                        violations.add("driven for more than a tick after a failed journal write: " + setpoints);
                    }
                    if (!heldOff && failedSinceLastStart) {
                        violations.add("driven after a failed journal write: " + setpoints);
                    }
                }
                @Override public void emergencyStop() {
                    heldOff = true;
                    if (failedAwaitingTheCut) {
                        failedAwaitingTheCut = false;
                        appliedBeforeTheCut.set(0);
                        failedSinceLastStart = true;
                    }
                }
                @Override public void close() {}
            };
            SessionObserver observer = new SessionObserver() {
                @Override public void onSnapshot(SessionSnapshot snapshot) {}
                @Override public void onEvent(SessionEvent event) {
                    if (event.safetyRelevant() && written.stream().noneMatch(w -> w == event)) {
                        violations.add("reported before it was journaled: " + event);
                    }
                }
                @Override public void onLink(boolean up, String detail) {}
            };
            ProfileCatalogue profiles = ProfileCatalogue.builtIn();
            EngineConfig config = new EngineConfig(profiles.find("body-massager-serial").orElseThrow(),
                    ProgramCatalogue.builtIn(profiles).byId(), "gentle", false, RemoteStartPolicy.ALLOWED);
            step = Duration.ofMillis(1 + random.nextInt(25)).toNanos();
            loop = new ControlLoop(new SessionEngine(config, UsageHistory.empty(), 0), device, journal,
                    List.of(observer), () -> { }, 50, this::monotonicNanos,
                    () -> Instant.EPOCH.plusNanos(nanos.get()));
            control = new Thread(loop, "control-under-test");
            control.start();
        }

        /**
         * Each reading moves the virtual clock on, so the control thread ticks as fast as it runs; except between a
         * failed write and the writer's cut, which on the device are microseconds against a 20 ms tick: there time
         * stands still, so that the ticks counted in that window are the ones a real loop could drive, not however
         * many this one fits into a descheduled writer's moment. A cut that never comes stops the clock for good,
         * and the run fails on its timeouts.
         */
        long monotonicNanos() {
            return failedAwaitingTheCut ? nanos.get() : nanos.addAndGet(step);
        }

        void play() throws Exception {
            for (int i = 0; i < STEPS; i++) {
                act();
                assertThat(violations).isEmpty();
            }
            steps.add("end: emergency stop, disk freed");
            answer(new Command.EmergencyStop(Origin.CLI));
            full = false;
            int starts = acceptedStarts;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(count(SessionEvent.Started.class)).as("starts in the journal").isEqualTo(starts);
                assertThat(count(SessionEvent.Ended.class)).as("ends in the journal").isEqualTo(starts);
            });
            assertThat(violations).isEmpty();
        }

        private void act() throws Exception {
            int choice = random.nextInt(12);
            switch (choice) {
                case 0, 1, 2 -> {
                    Origin origin = random.nextBoolean() ? Origin.CLI : Origin.MQTT;
                    CommandResult result = answer(new Command.Start(origin, Optional.empty(),
                            Optional.of(Duration.ofMinutes(5 + random.nextInt(11))),
                            random.nextBoolean() ? OptionalInt.of(1 + random.nextInt(6)) : OptionalInt.empty(),
                            Optional.empty()));
                    if (!result.isRejected()) {
                        acceptedStarts++;
                        assertThat(count(SessionEvent.Started.class)).as("an accepted start is in the journal")
                                .isEqualTo(acceptedStarts);
                    }
                }
                case 3 -> answer(new Command.Stop(Origin.CLI));
                case 4 -> answer(new Command.EmergencyStop(random.nextBoolean() ? Origin.MQTT : Origin.LOCAL_INPUT));
                case 5 -> answer(new Command.Reset(Origin.CLI));
                case 6 -> answer(new Command.TooMuch(Origin.MQTT));
                case 7 -> answer(random.nextBoolean() ? new Command.Pause(Origin.CLI) : new Command.Resume(Origin.CLI));
                case 8 -> {
                    full = !full;
                    steps.add(full ? "disk full" : "disk freed");
                }
                default -> {
                    Duration wait = Duration.ofSeconds(random.nextInt(random.nextBoolean() ? 60 : 2_400));
                    steps.add("wait " + wait);
                    long until = nanos.get() + wait.toNanos();
                    await().atMost(Duration.ofSeconds(30)).until(() -> nanos.get() >= until);
                }
            }
        }

        private CommandResult answer(Command command) throws Exception {
            CompletableFuture<CommandResult> answer = new CompletableFuture<>();
            loop.submit(command, answer::complete);
            CommandResult result = answer.get(20, TimeUnit.SECONDS);
            steps.add(command + " -> " + result.outcome() + " " + result.reason());
            return result;
        }

        private long count(Class<? extends SessionEvent> type) {
            return written.stream().filter(type::isInstance).count();
        }

        void stop() throws InterruptedException {
            control.interrupt();
            control.join(10_000);
        }
    }
}
