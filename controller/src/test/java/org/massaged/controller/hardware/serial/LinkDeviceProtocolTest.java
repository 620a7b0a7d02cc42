package org.massaged.controller.hardware.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.RacingEmergencyStop;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;
import org.slf4j.LoggerFactory;

/** The host side of docs/protocol.md §7 (protocol 2.0), against a scripted board over TCP. */
class LinkDeviceProtocolTest {
    private final DeviceProfile profile = SerialTestProfiles.bodyMassager(Optional.empty());
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger boardLog = (Logger) LoggerFactory.getLogger(BoardReports.class);
    private ScriptedBoard board;
    private LinkDevice device;

    @BeforeEach
    void listen() throws Exception {
        warnings.start();
        boardLog.addAppender(warnings);
        board = new ScriptedBoard(profile);
    }

    @AfterEach
    void close() {
        boardLog.detachAppender(warnings);
        if (device != null) {
            device.close();
        }
        board.close();
    }

    @Test
    void aFaultTheBoardLatchedBeforeTheHostStartedSurfacesAfterLinkUpOnceAtWarn() throws Exception {
        board.latch(FaultCode.LEASE_EXPIRED);   // the daemon was killed mid-session; the board's lease cut the motor
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        await().atMost(Duration.ofSeconds(2)).until(() -> faults().contains("LEASE_EXPIRED"));
        assertThat(events.indexOf(events.stream().filter(DeviceEvent.LinkUp.class::isInstance).findFirst().get()))
                .as("after link up").isLessThan(events.indexOf(events.stream()
                        .filter(DeviceEvent.Fault.class::isInstance).findFirst().get()));
        // STATUS repeats the latched code every 50 ms: it is reported once, logged once
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> faults().equals(List.of("LEASE_EXPIRED")));
        assertThat(warnings.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("LEASE_EXPIRED (0x01)"));
    }

    @Test
    void aNewSessionClearsTheBoardsLatchBeforeItsFirstNonZeroSetpoint() throws Exception {
        board.latch(FaultCode.LEASE_EXPIRED);
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        await().atMost(Duration.ofSeconds(2)).until(() -> faults().contains("LEASE_EXPIRED"));
        device.apply(Setpoints.off(List.of("back")));
        device.apply(new Setpoints(Map.of("back", 500), false, 0, 1000));
        await().atMost(Duration.ofSeconds(2)).until(() -> board.messages().stream()
                .anyMatch(m -> m instanceof Message.Setpoint s && s.zoneSteps().get(0) == 500));
        List<Message> sent = board.messages();
        int clear = indexOf(sent, Message.ClearFaults.class);
        assertThat(clear).as("CLEAR_FAULTS sent").isNotNegative();
        assertThat(clear).isLessThan(sent.indexOf(sent.stream()
                .filter(m -> m instanceof Message.Setpoint s && !s.allOff()).findFirst().get()));
    }

    @Test
    void anUnknownFaultCodeOnTheBoardIsStillAFault() throws Exception {
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        board.latch(FaultCode.of(0xC3));
        await().atMost(Duration.ofSeconds(2)).until(() -> faults().contains("UNKNOWN_0xC3"));
    }

    @Test
    void aBoardWhoseStatusFramesAreAllRejectedIsLinkDownThoughItsAcksStillCome() throws Exception {
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        long acceptedBefore = device.rejected(org.massaged.device.protocol.FrameError.BAD_PAYLOAD);
        board.statusWithTrailingByte(true);
        await().atMost(Duration.ofSeconds(3)).until(() -> events.stream()
                .anyMatch(e -> e instanceof DeviceEvent.LinkDown down && down.reason().contains("no valid status")));
        assertThat(device.rejected(org.massaged.device.protocol.FrameError.BAD_PAYLOAD)).isGreaterThan(acceptedBefore);
    }

    @Test
    void heartbeatsGoOutEvery250MillisecondsEvenWhileSetpointsFlow() throws Exception {
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        long end = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        int steps = 300;
        while (System.nanoTime() < end) {
            device.apply(new Setpoints(Map.of("back", steps++), false, 0, 1000));   // a new setpoint every tick
            Thread.sleep(20);
        }
        assertThat(board.messages()).filteredOn(Message.Heartbeat.class::isInstance).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theBoardsOwnSessionCapReachesTheControlThread() throws Exception {
        board.identifyAs(new Message.Identify(2, 0, "fw", "massaged-bm1", 0xCAFEF00DL, 0, 1000, 40,
                ProfileWire.capabilities(profile)));
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        assertThat(events).filteredOn(DeviceEvent.LinkUp.class::isInstance).singleElement()
                .satisfies(up -> assertThat(((DeviceEvent.LinkUp) up).boardSessionCap())
                        .contains(Duration.ofSeconds(40)));
    }

    @Test
    void theBoardsEmergencyStopLoopOpeningIsALocalEmergencyStopOnce() throws Exception {
        device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
        device.open(events::add);
        board.openEmergencyStopLoop();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.stream().anyMatch(e ->
                e instanceof DeviceEvent.LocalInput input && input.command() instanceof Command.EmergencyStop));
        // STATUS repeats the open loop every 50 ms: one local emergency stop, and no second report as a fault
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> faults().isEmpty()
                && events.stream().filter(DeviceEvent.LocalInput.class::isInstance).count() == 1);
    }

    /**
     * Issue 11.5: an emergency stop from another thread while the control thread applies an all-off computed just
     * before it. Before the fix, apply's "all-off clears the guard" overwrote the guard the emergency stop had just
     * set, so once the board confirmed the stop (in STATUS), the next non-zero setpoint went out. The clock the
     * device reads inside apply is the hook that places the emergency stop exactly there.
     */
    @Test
    void anEmergencyStopRacingAnAllOffApplyStillKeepsTheMotorOff() throws Exception {
        RacingEmergencyStop race = new RacingEmergencyStop(System::nanoTime);
        LinkSettings settings = LinkSettings.defaults();
        device = new LinkDevice(profile, TcpLink.connector("127.0.0.1", board.port(), settings.readTimeout()), settings,
                race);
        device.open(events::add);
        race.arm(device);
        device.apply(Setpoints.off(List.of("back")));
        assertThat(race.struck()).as("the emergency stop struck inside apply").isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> device.lastStatus() != null
                && device.lastStatus().emergencyStopLatched());
        long end = System.nanoTime() + Duration.ofMillis(400).toNanos();
        while (System.nanoTime() < end) {
            device.apply(new Setpoints(Map.of("back", 500), false, 0, 1000));
            Thread.sleep(20);
        }
        assertThat(board.messages()).as("nothing non-zero after the emergency stop")
                .noneMatch(m -> m instanceof Message.Setpoint s && !s.allOff());
    }

    private List<String> faults() {
        return events.stream().filter(DeviceEvent.Fault.class::isInstance).map(e -> ((DeviceEvent.Fault) e).code())
                .toList();
    }

    private static int indexOf(List<Message> messages, Class<?> type) {
        for (int i = 0; i < messages.size(); i++) {
            if (type.isInstance(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
