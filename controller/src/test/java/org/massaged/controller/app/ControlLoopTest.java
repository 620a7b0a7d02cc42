package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
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
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;

class ControlLoopTest {

    private static final int TICK_HZ = 50;

    private final List<String> trace = new CopyOnWriteArrayList<>();
    /** Every read of the monotonic clock moves it 1 ms on: a busy machine, in virtual time. */
    private final AtomicLong nanos = new AtomicLong();
    private final DeviceProfile profile = ProfileCatalogue.builtIn().find("body-massager-serial").orElseThrow();

    private final Device device = new Device() {
        @Override public void open(DeviceEvents events) {}
        @Override public void apply(Setpoints setpoints) { trace.add("apply"); }
        @Override public void emergencyStop() { trace.add("emergency-stop"); }
        @Override public void close() {}
    };

    private ControlLoop loop(EventJournal journal, List<SessionObserver> observers) {
        EngineConfig config = new EngineConfig(profile, ProgramCatalogue.builtIn(ProfileCatalogue.builtIn()).byId(),
                "gentle", false, RemoteStartPolicy.ALLOWED);
        SessionEngine engine = new SessionEngine(config, UsageHistory.empty(), 0);
        return new ControlLoop(engine, device, journal, observers, () -> { }, TICK_HZ,
                () -> nanos.addAndGet(1_000_000), () -> Instant.EPOCH.plusNanos(nanos.get()));
    }

    @Test
    void aFloodOfCommandsNeverHoldsBackTheTick() {
        ControlLoop loop = loop((event, wall) -> { }, List.of());
        int flood = Inbox.COMMAND_CAPACITY;
        for (int i = 0; i < flood; i++) {
            loop.submit(new Command.SetLevel(Origin.MQTT, 2), result -> trace.add("reply"));
        }
        Thread control = new Thread(loop, "control-under-test");
        control.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> trace.stream().filter("reply"::equals).count() == flood);
            int lastReply = trace.lastIndexOf("reply");
            long appliesDuringTheFlood = trace.subList(0, lastReply).stream().filter("apply"::equals).count();
            // each message takes at least 1 ms of this clock: a tick every 20 ms must have run in between
            assertThat(appliesDuringTheFlood).isGreaterThanOrEqualTo(flood / 20 / 2);
        } finally {
            control.interrupt();
        }
    }

    @Test
    void anEventTheJournalCouldNotHoldIsNotReportedAndTheSessionFaults() {
        List<SessionEvent> reported = new CopyOnWriteArrayList<>();
        SessionObserver observer = new SessionObserver() {
            @Override public void onSnapshot(SessionSnapshot snapshot) {}
            @Override public void onEvent(SessionEvent event) { reported.add(event); }
            @Override public void onLink(boolean up, String detail) {}
        };
        EventJournal broken = (event, wall) -> {
            throw new IOException("disk full");
        };
        ControlLoop loop = loop(broken, List.of(observer));
        loop.submit(new Command.EmergencyStop(Origin.CLI), result -> trace.add("reply"));
        Thread control = new Thread(loop, "control-under-test");
        control.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> trace.contains("reply"));
            await().atMost(Duration.ofSeconds(10)).until(() -> loop.snapshot().fault().isPresent());
            assertThat(reported).noneMatch(SessionEvent::safetyRelevant);
            assertThat(trace).contains("emergency-stop");
        } finally {
            control.interrupt();
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
