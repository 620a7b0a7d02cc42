package org.massaged.controller.app;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
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
 * the setpoints to the device, journals safety events and only then tells the observers.
 */
public final class ControlLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
    private static final Duration PERIODIC_STATE = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_RAMP_LIMIT = Duration.ofSeconds(4);

    private final SessionEngine engine;
    private final Device device;
    private final EventJournal journal;
    private final List<SessionObserver> observers;
    private final Runnable healthyTick;
    private final long tickNanos;
    private final LongSupplier monotonicNanos;
    private final Supplier<Instant> wallClock;
    /** Emergency stops go to the front: the engine latches before the next tick, whatever is queued. */
    private final BlockingDeque<ControlMessage> inbox = new LinkedBlockingDeque<>();

    private volatile SessionSnapshot lastSnapshot;
    private long lastPublishedNanos;
    private SessionSnapshot lastPublished;
    private Runnable shutdownDone;
    private long shutdownDeadline;

    public ControlLoop(SessionEngine engine, Device device, EventJournal journal, List<SessionObserver> observers,
                       Runnable healthyTick, int tickHz, LongSupplier monotonicNanos, Supplier<Instant> wallClock) {
        this.engine = engine;
        this.device = device;
        this.journal = journal;
        this.observers = List.copyOf(observers);
        this.healthyTick = healthyTick;
        this.tickNanos = TimeUnit.SECONDS.toNanos(1) / tickHz;
        this.monotonicNanos = monotonicNanos;
        this.wallClock = wallClock;
        this.lastSnapshot = engine.snapshot();
    }

    /** Posts a command; the reply comes from the control thread. Emergency stops cut outputs right here. */
    public void submit(Command command, Consumer<CommandResult> reply) {
        if (command instanceof Command.EmergencyStop) {
            device.emergencyStop();
            inbox.addFirst(new ControlMessage.Submit(command, reply));
            return;
        }
        inbox.add(new ControlMessage.Submit(command, reply));
    }

    /** Where the device adapter reports, from any thread. */
    public void post(DeviceEvent event) {
        if (event instanceof DeviceEvent.LocalInput input && input.command() instanceof Command.EmergencyStop) {
            device.emergencyStop();
            inbox.addFirst(new ControlMessage.FromDevice(event));
            return;
        }
        inbox.add(new ControlMessage.FromDevice(event));
    }

    /** A controlled stop: a running session ramps down (bounded), outputs off, then {@code whenStopped} runs. */
    public void shutdown(Runnable whenStopped) {
        inbox.add(new ControlMessage.Shutdown(whenStopped));
    }

    public SessionSnapshot snapshot() {
        return lastSnapshot;
    }

    @Override
    public void run() {
        long nextTick = monotonicNanos.getAsLong();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long wait = nextTick - monotonicNanos.getAsLong();
                ControlMessage message = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
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
            device.close();
            if (shutdownDone != null) {
                shutdownDone.run();
            }
        }
    }

    private void handle(ControlMessage message) {
        long now = monotonicNanos.getAsLong();
        if (message instanceof ControlMessage.Submit submit) {
            CommandResult result = engine.handle(submit.command(), now, wallClock.get());
            report();
            submit.reply().accept(result);
        } else if (message instanceof ControlMessage.FromDevice fromDevice) {
            onDevice(fromDevice.event(), now);
        } else if (message instanceof ControlMessage.Shutdown shutdown) {
            shutdownDone = shutdown.whenStopped();
            shutdownDeadline = now + SHUTDOWN_RAMP_LIMIT.toNanos();
            engine.handle(new Command.Stop(Origin.SYSTEM), now, wallClock.get());
            report();
        }
    }

    private void onDevice(DeviceEvent event, long now) {
        if (event instanceof DeviceEvent.Status status) {
            engine.observe(status.readings(), now);
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
        Setpoints setpoints = engine.tick(now, wallClock.get());
        device.apply(setpoints);
        report();
        healthyTick.run();
    }

    private boolean shutdownComplete() {
        if (shutdownDone == null) {
            return false;
        }
        boolean outputsOff = !engine.snapshot().phase().drives();
        return outputsOff || monotonicNanos.getAsLong() >= shutdownDeadline;
    }

    /** Journal first, then tell (S12); state on change and once a second. */
    private void report() {
        Instant wallNow = wallClock.get();
        for (SessionEvent event : engine.drainEvents()) {
            if (event.safetyRelevant() && !journal(event, wallNow)) {
                continue;
            }
            observers.forEach(observer -> observer.onEvent(event));
        }
        SessionSnapshot snapshot = engine.snapshot();
        lastSnapshot = snapshot;
        long now = monotonicNanos.getAsLong();
        if (lastPublished == null || StateChange.significant(lastPublished, snapshot)
                || now - lastPublishedNanos >= PERIODIC_STATE.toNanos()) {
            lastPublished = snapshot;
            lastPublishedNanos = now;
            observers.forEach(observer -> observer.onSnapshot(snapshot));
        }
    }

    /** Whether the event is durably in the journal; if not, it is not reported and the session faults. */
    private boolean journal(SessionEvent event, Instant wallNow) {
        try {
            journal.record(event, wallNow);
            return true;
        } catch (IOException e) {
            log.error("Could not write {} to the journal; stopping outputs", event, e);
            device.emergencyStop();
            engine.deviceFault("journal-unwritable", "The safety journal could not be written: " + e.getMessage(),
                    monotonicNanos.getAsLong());
            return false;
        }
    }
}
