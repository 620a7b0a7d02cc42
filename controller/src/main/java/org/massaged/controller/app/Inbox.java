package org.massaged.controller.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;

/**
 * The control thread's inbox: bounded, and ordered so that no flood stands between an emergency stop and the
 * engine. Three lanes, taken in this order:
 * <ol>
 *   <li>urgent: emergency stops, from a sender or the device's own input (repeats from one origin that arrive
 *       while one is still waiting are answered together, so a flood of them is one message), and the
 *       shutdown;</li>
 *   <li>the device's reports, at most {@value #DEVICE_CAPACITY} (when full, the oldest status report makes room:
 *       a newer one supersedes it);</li>
 *   <li>commands, at most {@value #COMMAND_CAPACITY}: one more is refused at once ({@link #offer} returns false)
 *       rather than queued, so the caller answers {@code busy} and memory stays bounded.</li>
 * </ol>
 * Every method is thread-safe and returns at once.
 */
final class Inbox {

    static final int COMMAND_CAPACITY = 256;
    static final int DEVICE_CAPACITY = 1024;
    /** Senders answered together per waiting emergency stop; more are answered at once (the outputs are cut). */
    static final int REPLIES_PER_STOP = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ControlMessage> urgent = new ArrayDeque<>();
    private final ArrayDeque<ControlMessage.FromDevice> device = new ArrayDeque<>();
    private final ArrayDeque<ControlMessage.Submit> commands = new ArrayDeque<>();
    private final Map<Origin, ControlMessage.EmergencyStop> waitingStops = new EnumMap<>(Origin.class);
    private boolean localStopWaiting;
    private long sequence;
    private long droppedStatus;

    /** Queues a command; false when the command lane is full (nothing was queued). */
    boolean offer(Command command, Consumer<CommandResult> reply) {
        lock.lock();
        try {
            if (commands.size() >= COMMAND_CAPACITY) {
                return false;
            }
            commands.addLast(new ControlMessage.Submit(command, reply, ++sequence));
            arrived.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues an emergency stop ahead of everything, joining one from the same origin that still waits. False
     * when that one already gathered {@value #REPLIES_PER_STOP} senders: the caller answers this one itself.
     */
    boolean emergencyStop(Origin origin, Consumer<CommandResult> reply) {
        lock.lock();
        try {
            ControlMessage.EmergencyStop waiting = waitingStops.get(origin);
            if (waiting != null) {
                if (waiting.replies().size() >= REPLIES_PER_STOP) {
                    return false;
                }
                waiting.replies().add(reply);
                return true;
            }
            ArrayList<Consumer<CommandResult>> replies = new ArrayList<>();
            replies.add(reply);
            ControlMessage.EmergencyStop stop = new ControlMessage.EmergencyStop(origin, replies, ++sequence);
            waitingStops.put(origin, stop);
            urgent.addLast(stop);
            arrived.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a report of the device; a local emergency stop goes ahead of everything. False when the lane is
     * full of reports that must not be dropped (faults, link changes): the caller must fail safe.
     */
    boolean post(DeviceEvent event) {
        lock.lock();
        try {
            ControlMessage.FromDevice message = new ControlMessage.FromDevice(event, ++sequence);
            if (isLocalStop(event)) {
                if (localStopWaiting) {
                    return true; // the one waiting latches the same stop
                }
                localStopWaiting = true;
                urgent.addLast(message);
            } else if (device.size() < DEVICE_CAPACITY) {
                device.addLast(message);
            } else if (event instanceof DeviceEvent.Status) {
                droppedStatus++;
                return true;
            } else if (dropOldestStatus()) {
                device.addLast(message);
            } else {
                return false;
            }
            arrived.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void shutdown(Runnable whenStopped) {
        lock.lock();
        try {
            urgent.addLast(new ControlMessage.Shutdown(whenStopped, ++sequence));
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next message by lane, waiting up to {@code timeoutNanos}; null when none came. */
    ControlMessage take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (urgent.isEmpty() && device.isEmpty() && commands.isEmpty()) {
                if (remaining <= 0) {
                    return null;
                }
                remaining = arrived.awaitNanos(remaining);
            }
            if (!urgent.isEmpty()) {
                ControlMessage message = urgent.pollFirst();
                if (message instanceof ControlMessage.EmergencyStop stop) {
                    waitingStops.remove(stop.origin());
                } else if (message instanceof ControlMessage.FromDevice local && isLocalStop(local.event())) {
                    localStopWaiting = false;
                }
                return message;
            }
            return device.isEmpty() ? commands.pollFirst() : device.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Status reports dropped because the control thread fell behind (for the log). */
    long droppedStatusReports() {
        lock.lock();
        try {
            return droppedStatus;
        } finally {
            lock.unlock();
        }
    }

    static boolean isLocalStop(DeviceEvent event) {
        return event instanceof DeviceEvent.LocalInput input && input.command().isEmergencyStop();
    }

    private boolean dropOldestStatus() {
        for (Iterator<ControlMessage.FromDevice> queued = device.iterator(); queued.hasNext(); ) {
            if (queued.next().event() instanceof DeviceEvent.Status) {
                queued.remove();
                droppedStatus++;
                return true;
            }
        }
        return false;
    }
}
