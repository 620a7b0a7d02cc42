package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's thread and its timers, run by hand (virtual time) for the tests of the way out: what the bridge
 * would run next waits in {@link #thread}, what it schedules in {@link #timers}.
 */
final class HandRunBridge implements AutoCloseable {

    final ArrayDeque<Runnable> thread = new ArrayDeque<>();
    final List<Runnable> timers = new ArrayList<>();
    final ScheduledThreadPoolExecutor io = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            timers.add(task);
            return null;
        }
    };

    /** Fires every timer that is set, then runs what that queued on the thread. */
    void runTimers() {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
        runThread();
    }

    void runThread() {
        while (!thread.isEmpty()) {
            thread.poll().run();
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
