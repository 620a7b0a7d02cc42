package org.massaged.controller.hardware.serial;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.Message;
import org.junit.jupiter.api.Test;

/** The host side of the link against a scripted board (the simulator-based tests live in the simulator). */
class LinkDeviceTest {
    private final DeviceProfile profile = SerialTestProfiles.bodyMassager(Optional.empty());

    @Test
    void aBoardThatNeverAnswersGivesAnErrorSayingWhatWasAwaited() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    held.setSoTimeout(5000);
                    held.getInputStream().readAllBytes();
                } catch (Exception e) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", silent.getLocalPort());
            assertThatThrownBy(() -> device.open(event -> { })).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("tcp://127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("IDENTIFY answer to HELLO");
        }
    }

    @Test
    void emergencyStopIsIdempotentAndSafeFromManyThreadsAtOnce() throws Exception {
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        try (ScriptedBoard board = new ScriptedBoard(profile)) {
            LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
            device.open(events::add);
            device.apply(new Setpoints(Map.of("back", 700), false, 0, 1000));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                threads.submit(() -> {
                    go.await();
                    device.emergencyStop();
                    return null;
                });
            }
            go.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(3)).until(() -> board.messages().stream()
                    .anyMatch(Message.EmergencyStop.class::isInstance));
            // Until the board confirms, nothing non-zero leaves; an all-off is always allowed.
            device.apply(new Setpoints(Map.of("back", 800), false, 0, 1000));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> board.messages().stream()
                    .noneMatch(m -> m instanceof Message.Setpoint s && s.zoneSteps().get(0) == 800));
            device.close();
        }
    }

    /**
     * The housekeeping thread sleeps until the link is due (the heartbeat, every 250 ms, on an idle healthy link):
     * counted over a second of real time, it wakes about 4 times, where a 10 ms tick woke about 100.
     */
    @Test
    void anIdleLinkWakesItsHousekeepingThreadOnlyForTheHeartbeat() throws Exception {
        try (ScriptedBoard board = new ScriptedBoard(profile)) {
            LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
            device.open(event -> { });
            long wakeUpsBefore = device.wakeUps();
            long from = System.nanoTime();
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
            long wakeUps = device.wakeUps() - wakeUpsBefore;
            long elapsedMillis = (System.nanoTime() - from) / 1_000_000;
            assertThat(device.isUp()).isTrue();
            device.close();
            assertThat(wakeUps).as("%d wake-ups in %d ms", wakeUps, elapsedMillis)
                    .isLessThanOrEqualTo(elapsedMillis / 250 + 2);
        }
    }

    @Test
    void theLinkIsReportedDownWhenTheBoardGoesAwayAndCloseIsQuiet() throws Exception {
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        ScriptedBoard board = new ScriptedBoard(profile);
        LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        assertThat(device.isUp()).isTrue();
        board.close();
        board.dropConnection();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.stream().anyMatch(DeviceEvent.LinkDown.class::isInstance));
        assertThat(device.isUp()).isFalse();
        device.close();
        device.close();
    }
}
