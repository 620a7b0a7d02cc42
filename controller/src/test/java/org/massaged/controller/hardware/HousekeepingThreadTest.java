package org.massaged.controller.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HousekeepingThreadTest {

    @Test
    void aPassThatThrowsIsLoggedAndThePeriodGoesOnOnTheNamedThread() {
        AtomicInteger passes = new AtomicInteger();
        AtomicReference<String> name = new AtomicReference<>();
        try (HousekeepingThread thread = HousekeepingThread.start("test-housekeeping")) {
            thread.every(Duration.ofMillis(2), () -> {
                name.set(Thread.currentThread().getName());
                if (passes.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("every second pass fails");
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 5);
        }
        assertThat(name.get()).isEqualTo("test-housekeeping");
    }

    @Test
    void afterCloseNothingRunsAndLateTasksAreDropped() {
        AtomicInteger runs = new AtomicInteger();
        HousekeepingThread thread = HousekeepingThread.start("test-closed");
        thread.after(Duration.ZERO, runs::incrementAndGet);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        thread.close();
        thread.after(Duration.ZERO, runs::incrementAndGet);
        thread.every(Duration.ofMillis(1), runs::incrementAndGet);
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void anAlarmRunsAtTheTimeLastSetAndOnceWhenRungAndNotAtAllWhenSetToNever() {
        AtomicInteger runs = new AtomicInteger();
        try (HousekeepingThread thread = HousekeepingThread.start("test-alarm")) {
            HousekeepingThread.Alarm alarm = thread.alarm(runs::incrementAndGet);
            alarm.set(System.nanoTime() + Duration.ofHours(1).toNanos(), System.nanoTime());
            alarm.set(0, 0);   // sooner: replaces the hour
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
            alarm.set(System.nanoTime() + Duration.ofHours(1).toNanos(), System.nanoTime());
            alarm.ring();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
            alarm.set(Long.MAX_VALUE, 0);
            alarm.ring();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 3);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 3);
        }
    }
}
