package org.massaged.controller.app;

import org.massaged.controller.state.StateDocument;

import org.massaged.controller.safety.Cause;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.Setpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the session: it drains posted messages, ticks the engine at a fixed rate, writes
 * the setpoints to the device, journals safety events and only then tells the observers. Its {@link Inbox}
 * is bounded and puts emergency stops ahead of everything; a command that an emergency stop overtook is
 * answered {@code superseded} and not executed (it was sent before the stop).
 */
public final class ControlLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
    private static final Duration PERIODIC_STATE = Duration.ofSeconds(1);
    /** The longest the state waits behind an event on its way to the disk (docs/mqtt.md, "Order of messages"). */
    static final Duration STATE_BEHIND_EVENTS = Duration.ofMillis(250);
    private static final Duration SHUTDOWN_RAMP_LIMIT = Duration.ofSeconds(4);
    private static final Duration REMOTE_CHECK = Duration.ofSeconds(1);
    private static final Supplier<Optional<Cause>> NO_REMOTE = Optional::empty;

    private final SessionEngine engine;
    private final Device device;
    private final JournalKeeper journal;
    private final List<SessionObserver> observers;
    private final Runnable healthyTick;
    private final long tickNanos;
    private final LongSupplier monotonicNanos;
    private final Supplier<Instant> wallClock;
    private final Inbox inbox = new Inbox();
    private final EventOrder order = new EventOrder();

    private volatile SessionSnapshot lastSnapshot;
    private volatile StateDocument lastDocument;
    private volatile Supplier<Optional<Cause>> remoteLost = NO_REMOTE;
    private long lastRemoteCheck;
    private long overtakenBefore;
    private long reportedDroppedStatus;
    private long lastPublishedNanos;
    private StateDocument lastPublished;
    private Runnable shutdownDone;
    private long shutdownDeadline;

    public ControlLoop(SessionEngine engine, Device device, EventJournal journal, List<SessionObserver> observers,
                       Runnable healthyTick, int tickHz, LongSupplier monotonicNanos, Supplier<Instant> wallClock) {
        this.engine = engine;
        this.device = device;
        this.journal = new JournalKeeper(journal, device::emergencyStop);
        this.observers = List.copyOf(observers);
        this.healthyTick = healthyTick;
        this.tickNanos = TimeUnit.SECONDS.toNanos(1) / tickHz;
        this.monotonicNanos = monotonicNanos;
        this.wallClock = wallClock;
        this.lastSnapshot = engine.snapshot();
        this.lastDocument = StateDocument.of(lastSnapshot);
    }

    /**
     * Posts a command; the reply comes from the control thread, or at once when the inbox is full ({@code busy}).
     * Emergency stops cut outputs right here, then go ahead of every queued message.
     */
    public void submit(Command command, Consumer<CommandResult> reply) {
        if (command.isEmergencyStop()) {
            device.emergencyStop();
            if (!inbox.emergencyStop(command.origin(), reply)) {
                reply.accept(CommandResult.accepted("Emergency stop: outputs cut; an emergency stop from "
                        + command.origin().wireName() + " is already latching."));
            }
        } else if (!inbox.offer(command, reply)) {
            reply.accept(CommandResult.rejected("busy", "massaged is handling " + Inbox.COMMAND_CAPACITY
                    + " commands already; nothing was done. Send it again in a moment."));
        }
    }

    /** Where the device adapter reports, from any thread. */
    public void post(DeviceEvent event) {
        if (Inbox.isLocalStop(event)) {
            device.emergencyStop();
        }
        if (!inbox.post(event)) {
            log.error("The control thread is {} device reports behind; cutting outputs and dropping {}",
                    Inbox.DEVICE_CAPACITY, event);
            device.emergencyStop();
        }
    }

    /** A controlled stop: a running session ramps down (bounded), outputs off, then {@code whenStopped} runs. */
    public void shutdown(Runnable whenStopped) {
        inbox.shutdown(whenStopped);
    }

    /**
     * Watches a remote command channel: when {@code lostCause} names a cause (checked once a second), a session
     * started over that channel ends gently with that cause (nobody could stop it from there any more).
     */
    public void watchRemote(Supplier<Optional<Cause>> lostCause) {
        this.remoteLost = lostCause;
    }

    public SessionSnapshot snapshot() {
        return lastSnapshot;
    }

    /** The state document the loop built on its last pass (not yet stamped), from any thread. */
    public StateDocument document() {
        return lastDocument;
    }

    @Override
    public void run() {
        long nextTick = monotonicNanos.getAsLong();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ControlMessage message = inbox.take(nextTick - monotonicNanos.getAsLong());
                if (message != null) {
                    handle(message);
                }
                if (monotonicNanos.getAsLong() < nextTick) {
                    continue;
                }
                // due: a flood of messages never holds back the tick (duration, ramps, lease renewal)
                tick();
                if (shutdownComplete()) {
                    return;
                }
                nextTick = Math.max(nextTick + tickNanos, monotonicNanos.getAsLong());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException bug) {
            log.error("Control loop failed; cutting outputs", bug);
            device.emergencyStop();
            throw bug;
        } finally {
            recordTheEnd();
            device.close();
            if (shutdownDone != null) {
                shutdownDone.run();
            }
        }
    }

    private void handle(ControlMessage message) {
        long now = monotonicNanos.getAsLong();
        if (message instanceof ControlMessage.Submit submit) {
            submit.reply().accept(execute(submit, now));
            announce(); // the answer first, then the events the command caused, then the state
        } else if (message instanceof ControlMessage.EmergencyStop stop) {
            overtakenBefore = stop.sequence();
            CommandResult result = engine.handle(new Command.EmergencyStop(stop.origin()), now, wallClock.get());
            record();
            stop.replies().forEach(reply -> reply.accept(result));
            announce();
        } else if (message instanceof ControlMessage.FromDevice fromDevice) {
            if (Inbox.isLocalStop(fromDevice.event())) {
                overtakenBefore = fromDevice.sequence();
            }
            onDevice(fromDevice.event(), now);
        } else if (message instanceof ControlMessage.Shutdown shutdown) {
            shutdownDone = shutdown.whenStopped();
            shutdownDeadline = now + SHUTDOWN_RAMP_LIMIT.toNanos();
            engine.handle(new Command.Stop(Origin.SYSTEM), now, wallClock.get());
            report();
        }
    }

    private CommandResult execute(ControlMessage.Submit submit, long now) {
        if (submit.sequence() < overtakenBefore) {
            return CommandResult.rejected("superseded", "An emergency stop sent after this command overtook it; "
                    + "nothing was done.");
        }
        if (shutdownDone != null) {
            return CommandResult.rejected("unavailable", "massaged is shutting down; nothing was done.");
        }
        CommandResult result = engine.handle(submit.command(), now, wallClock.get());
        return record().orElse(result);
    }

    private void onDevice(DeviceEvent event, long now) {
        if (event instanceof DeviceEvent.Status status) {
            engine.observe(status.readings(), now);
            observers.forEach(observer -> observer.onReadings(status.readings()));
        } else if (event instanceof DeviceEvent.LinkUp up) {
            engine.linkUp(up.boardSessionCap(), now);
            report();
            observers.forEach(observer -> observer.onLink(true, up.description()));
            return;
        } else if (event instanceof DeviceEvent.LinkDown down) {
            engine.linkDown(down.reason(), now);
            report();
            observers.forEach(observer -> observer.onLink(false, down.reason()));
            return;
        } else if (event instanceof DeviceEvent.Fault fault) {
            engine.deviceFault(fault.code(), fault.message(), now);
        } else if (event instanceof DeviceEvent.Rebooted rebooted) {
            engine.deviceFault("mcu-reset", "The massager's controller restarted (boot id "
                    + rebooted.previousBootId() + " to " + rebooted.bootId() + "); the session will not resume.", now);
        } else if (event instanceof DeviceEvent.LocalInput input) {
            engine.handle(input.command(), now, wallClock.get());
        }
        report();
    }

    private void tick() {
        long now = monotonicNanos.getAsLong();
        everySecond(now);
        Setpoints setpoints = engine.tick(now, wallClock.get());
        device.apply(setpoints);
        retryTheJournal(now, false);
        report();
        healthyTick.run();
    }

    private void everySecond(long now) {
        if (now - lastRemoteCheck < REMOTE_CHECK.toNanos()) {
            return;
        }
        lastRemoteCheck = now;
        remoteLost.get().ifPresent(cause -> {
            if (engine.remoteLost(cause, now)) {
                log.warn("Ending the session started over a remote channel that can no longer reach massaged: {}",
                        cause.text());
            }
        });
        long dropped = inbox.droppedStatusReports();
        if (dropped > reportedDroppedStatus) {
            log.warn("The control thread fell behind: {} status reports of the device were superseded before it "
                    + "read them", dropped - reportedDroppedStatus);
            reportedDroppedStatus = dropped;
        }
    }

    /** Outputs off, or the ramp down ran out of time ({@link #recordTheEnd} then ends the session at once). */
    private boolean shutdownComplete() {
        if (shutdownDone == null) {
            return false;
        }
        boolean outputsOff = !engine.snapshot().phase().drives();
        return outputsOff || monotonicNanos.getAsLong() >= shutdownDeadline;
    }

    /**
     * However the loop ends, a session still in progress ends now and the journal holds what it really ran: the
     * journal's writer gets {@link JournalKeeper#FINAL_FLUSH} to put the last events on the disk.
     */
    private void recordTheEnd() {
        try {
            long now = monotonicNanos.getAsLong();
            retryTheJournal(now, true);
            engine.endNow(Cause.Event.DAEMON_STOPPED, now);
            report();
            journal.flush(JournalKeeper.FINAL_FLUSH);
            order.written(journal.written());
            order.ready(false).forEach(this::tell);
            long unwritten = journal.heldCount() + journal.lost();
            if (unwritten > 0) {
                log.warn("{} safety events could not be written to the journal before the daemon stopped", unwritten);
            }
        } catch (RuntimeException failed) {
            log.warn("Could not record the end of the session in the journal: {}", failed.toString());
        } finally {
            journal.close();
        }
    }

    /** {@link #record}, then {@link #announce}: returns a withdrawn start's answer. */
    private Optional<CommandResult> report() {
        Optional<CommandResult> withdrawn = record();
        announce();
        return withdrawn;
    }

    /**
     * Journal first (S12): a session's start waits for the disk (it drives nothing before); every other safety event
     * goes to the journal's writer and is told when {@link JournalKeeper#written} hands it back, so no fsync holds up
     * the tick. Returns a withdrawn start's answer.
     */
    private Optional<CommandResult> record() {
        Instant wallNow = wallClock.get();
        Optional<CommandResult> withdrawn = Optional.empty();
        for (List<SessionEvent> events = engine.drainEvents(); !events.isEmpty(); events = engine.drainEvents()) {
            for (SessionEvent event : events) {
                if (!event.safetyRelevant()) {
                    order.emitted(event, monotonicNanos.getAsLong(), true);
                } else if (event instanceof SessionEvent.Started) {
                    Optional<CommandResult> answer = startOnTheDisk(event, wallNow);
                    if (answer.isPresent()) {
                        withdrawn = answer;
                    }
                } else {
                    journal.enqueue(event, wallNow);
                    order.emitted(event, monotonicNanos.getAsLong(), false);
                }
            }
        }
        if (journal.problemNow(monotonicNanos.getAsLong())) {
            Optional<CommandResult> answer = journalFailed(); // a start not yet driven is withdrawn with it
            withdrawn = withdrawn.or(() -> answer);
        }
        return withdrawn;
    }

    /**
     * Tells the observers the events on the disk, in the engine's order ({@link EventOrder}), then the state on
     * change and once a second, once the events before it are told (docs/mqtt.md, "Order of messages").
     */
    private void announce() {
        order.written(journal.written());
        order.ready(journal.writable()).forEach(this::tell);
        SessionSnapshot snapshot = engine.snapshot();
        StateDocument document = StateDocument.of(snapshot);
        lastSnapshot = snapshot;
        lastDocument = document;
        long now = monotonicNanos.getAsLong();
        boolean eventsFirst = journal.writable() && order.waitingFor(now, STATE_BEHIND_EVENTS.toNanos());
        if (!eventsFirst && (document.significantlyDiffers(lastPublished)
                || now - lastPublishedNanos >= PERIODIC_STATE.toNanos())) {
            lastPublished = document;
            lastPublishedNanos = now;
            observers.forEach(observer -> observer.onState(snapshot, document));
        }
    }

    /** Waits for the start's line to be on the disk; when it cannot be, the start is withdrawn: it never happened. */
    private Optional<CommandResult> startOnTheDisk(SessionEvent started, Instant wallNow) {
        JournalKeeper.Outcome outcome = journal.writeNow(started, wallNow, monotonicNanos.getAsLong());
        order.written(journal.written()); // what was queued before it, in order
        if (outcome == JournalKeeper.Outcome.WRITTEN) {
            order.emitted(started, monotonicNanos.getAsLong(), true);
            return Optional.empty();
        }
        return journalFailed();
    }

    private void tell(SessionEvent event) {
        if (event.published()) {
            observers.forEach(observer -> observer.onEvent(event));
        }
    }

    /**
     * Once per outage: the engine latches and refuses starts until the journal is back (the keeper has cut the
     * outputs already, the moment it knew).
     */
    private Optional<CommandResult> journalFailed() {
        log.error("The safety journal cannot be written; outputs are off and no session can start: {}",
                journal.problem());
        return engine.journalUnwritable(journal.problem(), monotonicNanos.getAsLong());
    }

    /** While the journal cannot be written: every RETRY the held events are tried again; once in, the engine goes on. */
    private void retryTheJournal(long now, boolean atOnce) {
        if (journal.writable()) {
            return;
        }
        if (journal.recovered(now, atOnce)) {
            order.written(journal.written()); // told by the next announce, in order
            order.forgetUnwritten(); // beyond what the writer could hold: never on the disk, never told
            log.warn("The safety journal can be written again (the held events are written{}); sessions may start",
                    journal.lost() > 0 ? ", " + journal.lost() + " lost" : "");
            engine.journalWritable(now, wallClock.get());
        }
    }
}
