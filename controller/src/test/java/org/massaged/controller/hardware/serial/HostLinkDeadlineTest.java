package org.massaged.controller.hardware.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.Message;

/**
 * {@link HostLink#nextDeadline}, kind by kind, in virtual time: the I/O shell ticks the link only then, so each rule
 * of docs/protocol.md must be due exactly when {@code tick} acts on it, and an idle healthy link must not be due at
 * all but for its heartbeat. {@link VirtualWire} ticks the host only at its deadline, as the shell does.
 */
class HostLinkDeadlineTest {
    private static final long MS = VirtualWire.MS;
    private static final Setpoints RUNNING = new Setpoints(Map.of("back", 500), false, 0, 1000);

    private final DeviceProfile profile = SerialTestProfiles.bodyMassager(Optional.empty());
    private final VirtualWire wire = new VirtualWire(profile, LinkSettings.defaults());
    private final HostLink host = wire.host;

    @Test
    void aLinkNeverConnectedOrClosedIsNeverDue() {
        assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        wire.up();
        host.disconnected();
        assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFrameInFlightIsDueAgainAtItsRetransmitTimeoutNotBefore() {
        List<byte[]> written = new ArrayList<>();
        HostLink deafBoard = new HostLink(profile, LinkSettings.defaults(), new LinkPort() {
            @Override
            public void write(byte[] frame) {
                written.add(frame);
            }

            @Override
            public void post(DeviceEvent event) { }

            @Override
            public void decided(LinkVerdict verdict) { }
        });
        long t0 = 5_000 * MS;
        deafBoard.connected("deaf", 7, t0);
        assertThat(written).as("HELLO").hasSize(1);
        assertThat(deafBoard.nextDeadline()).isEqualTo(t0 + 100 * MS);

        deafBoard.tick(t0 + 100 * MS - 1);
        assertThat(written).as("ticking early changes nothing").hasSize(1);
        deafBoard.tick(t0 + 100 * MS);
        assertThat(written).as("HELLO again").hasSize(2);
        assertThat(deafBoard.nextDeadline()).isEqualTo(t0 + 200 * MS);
    }

    @Test
    void anUnansweredHelloIsDueAtTheHandshakeDeadlineAndNothingWakesTheHostBefore() {
        wire.answersHello = false;
        long connectedAt = wire.now();
        wire.connect();
        wire.run(Duration.ofMillis(5));   // the board acknowledges HELLO but never identifies
        assertThat(host.nextDeadline()).isEqualTo(connectedAt + 2000 * MS + 1);

        wire.run(Duration.ofMillis(1995));
        assertThat(wire.verdicts).isEmpty();
        wire.run(Duration.ofMillis(1));
        assertThat(wire.verdicts).singleElement().isInstanceOf(LinkVerdict.Refused.class);
        assertThat(wire.hostTicks()).as("two seconds of handshake, one wake-up: the deadline").isOne();
        assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anUpLinkIsDueForItsHeartbeatEvery250Milliseconds() {
        wire.up();
        long due = host.nextDeadline();
        assertThat(due - wire.now()).isPositive().isLessThanOrEqualTo(250 * MS);
        int beats = wire.boardGot(Message.Heartbeat.class).size();

        wire.run(Duration.ofNanos(due - wire.now() - MS));
        assertThat(wire.boardGot(Message.Heartbeat.class)).hasSize(beats);
        wire.run(Duration.ofMillis(2));   // delivered to the board the millisecond after
        assertThat(wire.boardGot(Message.Heartbeat.class)).hasSize(beats + 1);
        assertThat(host.nextDeadline()).isEqualTo(due + 250 * MS);
    }

    @Test
    void aSilentBoardIsDueAtTheFirstReadPastTheStatusTimeout() {
        wire.up();
        wire.sendsStatus = false;
        wire.run(Duration.ofMillis(900));
        assertThat(wire.events(DeviceEvent.LinkDown.class)).singleElement().satisfies(down -> {
            int silentMillis = Integer.parseInt(down.reason().replaceAll("^no valid status for (\\d+) ms.*", "$1"));
            assertThat(silentMillis).as("the reader reads (or idles) every 10 ms here").isBetween(801, 810);
        });
    }

    @Test
    void aPortThatStopsReturningIsDueTwoSecondsAfterItsLastRead() {
        wire.up();
        wire.hostReads = false;
        wire.run(Duration.ofMillis(2100));
        assertThat(wire.events(DeviceEvent.LinkDown.class)).singleElement().satisfies(down ->
                assertThat(down.reason()).as("the first virtual millisecond past the two seconds")
                        .isEqualTo("the port has not returned from a read for 2001 ms"));
    }

    @Test
    void anEmergencyStopMakesTheAllOffDueAtOnceAndItsRepeatFiftyMillisecondsAfterEachWrite() {
        wire.up();
        wire.confirmsEmergencyStop = false;
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(5));
        long stoppedAt = wire.now();
        host.emergencyStop(stoppedAt);
        assertThat(host.nextDeadline()).as("the running setpoint is replaced at once").isLessThanOrEqualTo(stoppedAt);

        host.tick(stoppedAt);
        assertThat(host.nextDeadline()).isLessThanOrEqualTo(stoppedAt + 50 * MS);
        wire.run(Duration.ofMillis(1000));
        assertThat(wire.boardGot(Message.EmergencyStop.class)).as("2 at once, then one every 50 ms")
                .hasSizeBetween(2 + 19, 2 + 20);
    }

    @Test
    void aCloseTheBoardNeverAcknowledgesSettlesAfterEveryAttemptInsteadOfStayingDue() {
        wire.up();
        wire.boardHears = false;
        assertThat(host.beginClose(wire.now())).isTrue();
        long ticksBefore = wire.hostTicks();
        wire.run(Duration.ofMillis(2000));
        assertThat(host.closeSettled()).isTrue();
        assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(wire.hostTicks() - ticksBefore).as("8 attempts, 100 ms apart, then nothing").isBetween(7L, 8L);
    }

    /** The point of the deadline: a link that is up and has nothing to do is ticked once per heartbeat, no more. */
    @Test
    void anIdleHealthyLinkWakesOnlyForItsHeartbeats() {
        wire.up();
        long ticksBefore = wire.hostTicks();
        int beatsBefore = wire.boardGot(Message.Heartbeat.class).size();
        wire.run(Duration.ofSeconds(10));
        long ticks = wire.hostTicks() - ticksBefore;
        int beats = wire.boardGot(Message.Heartbeat.class).size() - beatsBefore;
        assertThat(beats).isBetween(39, 41);
        assertThat(ticks).as("every wake-up sent a heartbeat; a 10 ms tick would have woken 1000 times")
                .isEqualTo(beats);
        assertThat(host.isUp()).isTrue();
    }
}
