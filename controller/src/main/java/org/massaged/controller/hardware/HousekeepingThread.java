package org.massaged.controller.hardware;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that runs an adapter's (or a simulated board's) own work: a periodic pass and one-shot
 * tasks, one at a time, in order. It replaces sleeping and {@code wait(10)} loops. A task that throws is logged
 * and the period goes on (a bare scheduled executor would silently stop running it).
 */
public final class HousekeepingThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HousekeepingThread.class);
    private static final long STOP_WAIT_MILLIS = 1000;

    private final String name;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    private HousekeepingThread(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread created = new Thread(task, name);
            created.setDaemon(true);
            thread = created;
            return created;
        });
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
        try {
            executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("{} is stopped: a task was not scheduled", name);
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
