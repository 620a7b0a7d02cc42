package org.massaged.controller.hardware;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that runs an adapter's (or a simulated board's) own work: a periodic pass and one-shot
 * tasks, one at a time, in order, and {@linkplain Alarm alarms}: a pass that runs when its owner says it is next due.
 * It replaces sleeping and {@code wait(10)} loops. A task that throws is logged and the period goes on (a bare
 * scheduled executor would silently stop running it).
 */
public final class HousekeepingThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HousekeepingThread.class);
    private static final long STOP_WAIT_MILLIS = 1000;

    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    private HousekeepingThread(String name) {
        this.name = name;
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread created = new Thread(task, name);
            created.setDaemon(true);
            thread = created;
            return created;
        });
        executor.setRemoveOnCancelPolicy(true);   // an alarm moved often leaves no cancelled tasks behind
    }

    /** Starts the thread, named {@code name} (thread dumps and docs/architecture.md list it by that name). */
    public static HousekeepingThread start(String name) {
        return new HousekeepingThread(name);
    }

    /** Runs {@code pass} now and then every {@code period}; nothing happens when the thread is already stopped. */
    public void every(Duration period, Runnable pass) {
        try {
            executor.scheduleAtFixedRate(guarded(pass), 0, period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("{} is stopped: a periodic pass was not started", name);
        }
    }

    /** Runs {@code task} once, after {@code delay}; nothing happens when the thread is already stopped. */
    public void after(Duration delay, Runnable task) {
        schedule(delay.toNanos(), guarded(task));
    }

    /** An alarm on this thread that runs {@code pass} when it is set to ring; nothing is set yet. */
    public Alarm alarm(Runnable pass) {
        return new Alarm(guarded(pass));
    }

    /**
     * A pass that runs when its owner next needs it, instead of every period: at the time last {@linkplain #set set}
     * (each setting replaces the one before), or at once when {@linkplain #ring rung}. Any thread may set or ring it.
     */
    public final class Alarm {
        private final Runnable pass;
        private ScheduledFuture<?> planned;
        private long plannedAt;
        /** Which setting the planned run belongs to: a run of a replaced setting does not clear a newer one. */
        private long setting;

        private Alarm(Runnable pass) {
            this.pass = pass;
        }

        /**
         * Runs the pass at {@code dueAt}, read on the owner's clock whose reading now is {@code now} (at once if it is
         * past); {@link Long#MAX_VALUE}: not by time. Setting the time already planned changes nothing.
         */
        public synchronized void set(long dueAt, long now) {
            if (planned != null && plannedAt == dueAt) {
                return;
            }
            if (planned != null) {
                planned.cancel(false);
                planned = null;
            }
            if (dueAt != Long.MAX_VALUE) {
                long mine = ++setting;
                plannedAt = dueAt;
                planned = schedule(Math.max(0, dueAt - now), () -> ring(mine));
            }
        }

        /** Runs the pass as soon as the thread is free, whatever time is set (which stays set). */
        public void ring() {
            schedule(0, pass);
        }

        private void ring(long mine) {
            synchronized (this) {
                if (mine == setting) {
                    planned = null;
                }
            }
            pass.run();
        }
    }

    private ScheduledFuture<?> schedule(long delayNanos, Runnable task) {
        try {
            return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("{} is stopped: a task was not scheduled", name);
            return null;
        }
    }

    /** Whether the caller is this thread. */
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread: the task that runs is interrupted and awaited (at most a second), none starts after. */
    @Override
    public void close() {
        executor.shutdownNow();
        if (isCurrent()) {
            return;
        }
        try {
            if (!executor.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {} ms", name, STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{}: a housekeeping task failed", name, e);
            }
        };
    }
}
