package org.massaged.controller.app.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdTest {

    @TempDir
    Path directory;

    /** A stand-in for systemd-notify that appends its arguments to a file, one call per line. */
    private SystemdNotifier recordingNotifier(Path record) {
        return new SystemdNotifier(List.of("/bin/sh", "-c", "echo \"$*\" >> '" + record + "'", "systemd-notify"));
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void noNotifySocketMeansNoNotifier() {
        assertThat(SystemdNotifier.fromEnvironment(Map.of())).isEmpty();
        assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"))).isPresent();
    }

    @Test
    void messagesGoOutInOrderThroughTheTool() throws Exception {
        Path record = directory.resolve("calls");
        SystemdNotifier notifier = recordingNotifier(record);

        notifier.ready("running: chair");
        notifier.watchdog();
        notifier.stopping("stopping");
        notifier.close();

        assertThat(lines(record)).containsExactly("READY=1 STATUS=running: chair", "WATCHDOG=1",
                "STOPPING=1 STATUS=stopping");
    }

    @Test
    void theWatchdogIsPettedAtHalfItsIntervalWhileTicksAreHealthy() throws Exception {
        Path record = directory.resolve("calls");
        SystemdNotifier notifier = recordingNotifier(record);
        AtomicLong now = new AtomicLong();
        Watchdog watchdog = Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "42"),
                notifier, 42, now::get).orElseThrow();

        for (int tick = 0; tick <= 600; tick++) { // 12 s of 50 Hz ticks, in virtual time
            now.set(Duration.ofMillis(20L * tick).toNanos());
            watchdog.healthyTick();
        }
        notifier.close();

        assertThat(lines(record)).hasSize(3).containsOnly("WATCHDOG=1"); // at 0 s, 5 s and 10 s
    }

    @Test
    void aStalledControlThreadStopsThePets() throws Exception {
        Path record = directory.resolve("calls");
        SystemdNotifier notifier = recordingNotifier(record);
        AtomicLong now = new AtomicLong();
        Watchdog watchdog = Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "10000000"), notifier, 1, now::get)
                .orElseThrow();
        watchdog.healthyTick();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines(record).size() == 1);

        now.set(Duration.ofSeconds(60).toNanos()); // a minute passes without a single healthy tick
        notifier.close();

        assertThat(lines(record)).containsExactly("WATCHDOG=1");
    }

    @Test
    void aWatchdogForAnotherProcessOrNoneAtAllIsIgnored() {
        SystemdNotifier notifier = recordingNotifier(directory.resolve("calls"));

        assertThat(Watchdog.fromEnvironment(Map.of(), notifier, 1, System::nanoTime)).isEmpty();
        assertThat(Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "7"), notifier, 1,
                System::nanoTime)).isEmpty();
        assertThat(Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "0"), notifier, 1, System::nanoTime)).isEmpty();
    }

    @Test
    void theControlledStopRunsEachStepOnceInOrderEvenWhenOneFails() {
        List<String> done = new ArrayList<>();
        ControlledStop stop = new ControlledStop()
                .then("systemd", () -> done.add("STOPPING=1"))
                .then("socket", () -> done.add("socket closed"))
                .then("daemon", () -> {
                    done.add("session stopped");
                    throw new IllegalStateException("device gone");
                })
                .then("mqtt", () -> done.add("offline published"))
                .then("journal", () -> done.add("journal closed"));

        stop.run();
        stop.run();

        assertThat(stop.started()).isTrue();
        assertThat(done).containsExactly("STOPPING=1", "socket closed", "session stopped", "offline published",
                "journal closed");
    }

    @Test
    void aSecondCallerWaitsForTheFirstStopToFinish() throws Exception {
        List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch inDaemonStep = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ControlledStop stop = new ControlledStop().then("daemon", () -> {
            inDaemonStep.countDown();
            release.await();
            done.add("stopped");
        });
        Thread signal = new Thread(stop);
        signal.start();
        inDaemonStep.await();

        Thread hook = new Thread(() -> {
            stop.run();
            done.add("hook returned");
        });
        hook.start();
        release.countDown();
        hook.join(5000);
        signal.join(5000);

        assertThat(done).containsExactly("stopped", "hook returned");
    }
}
