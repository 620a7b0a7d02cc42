package org.massaged.controller.hardware.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;

/** The host side of docs/protocol.md 2.0, decided by {@link HostLink} alone, in virtual time. */
class HostLinkTest {
    private static final Setpoints RUNNING = new Setpoints(Map.of("back", 500), false, 0, 1000);
    private static final Setpoints OFF = Setpoints.off(List.of("back"));

    private final DeviceProfile profile = SerialTestProfiles.bodyMassager(Optional.empty());
    private final VirtualWire wire = new VirtualWire(profile, LinkSettings.defaults());
    private final HostLink host = wire.host;

    @Test
    void theHandshakeIsHelloConfigureAndOutputsOffThenLinkUpWithTheBoardsSessionCap() {
        wire.up();
        assertThat(wire.boardGot).extracting(m -> m.getClass().getSimpleName())
                .startsWith("Hello", "Configure", "Setpoint");
        assertThat(wire.boardGot(Message.Setpoint.class).get(0).allOff()).isTrue();
        assertThat(wire.verdicts).singleElement().isInstanceOf(LinkVerdict.Up.class);
        assertThat(wire.events(DeviceEvent.LinkUp.class)).singleElement()
                .satisfies(up -> assertThat(up.boardSessionCap()).contains(Duration.ofSeconds(900)));
    }

    @Test
    void anotherBoardIsRefusedNamingWhatDiffers() {
        wire.boardId = "someone-else";
        wire.connect();
        wire.run(Duration.ofMillis(200));
        assertThat(host.isUp()).isFalse();
        assertThat(wire.verdicts).singleElement().isInstanceOfSatisfying(LinkVerdict.Refused.class,
                refused -> assertThat(refused.message()).contains("board id").contains("'someone-else'"));
        assertThat(wire.events).isEmpty();
        assertThat(wire.boardGot(Message.Configure.class)).as("nothing configured on a refused board").isEmpty();
    }

    @Test
    void aBoardThatNeverIdentifiesIsRefusedAtTheHandshakeDeadlineNotBefore() {
        wire.answersHello = false;
        wire.connect();
        wire.run(Duration.ofMillis(1990));
        assertThat(wire.verdicts).isEmpty();
        wire.run(Duration.ofMillis(30));
        assertThat(wire.verdicts).singleElement().isInstanceOfSatisfying(LinkVerdict.Refused.class,
                refused -> assertThat(refused.message()).contains("waited 2000 ms for an IDENTIFY answer to HELLO"));
    }

    @Test
    void heartbeatsRenewTheLeaseOnlyWhileTheControlThreadKeepsApplying() {
        wire.up();
        long end = wire.now() + 1000 * VirtualWire.MS;
        int steps = 300;
        while (wire.now() < end) {
            host.apply(new Setpoints(Map.of("back", steps++), false, 0, 1000), host.stopsSoFar(), wire.now());
            wire.run(Duration.ofMillis(20));
        }
        List<Message.Heartbeat> whileApplying = wire.boardGot(Message.Heartbeat.class);
        assertThat(whileApplying).hasSizeBetween(4, 5).allSatisfy(beat -> assertThat(beat.leaseMillis()).isPositive());
        wire.run(Duration.ofMillis(1500));   // the control thread hangs
        List<Message.Heartbeat> all = wire.boardGot(Message.Heartbeat.class);
        assertThat(all.subList(all.size() - 2, all.size())).as("no renewal for a hung control loop")
                .allSatisfy(beat -> assertThat(beat.leaseMillis()).isZero());
        assertThat(host.isUp()).as("heartbeats go on: the link stays up").isTrue();
    }

    @Test
    void anEmergencyStopGoesOutAtOnceTwiceAndAgainEvery50MillisecondsUntilTheBoardConfirms() {
        wire.up();
        wire.confirmsEmergencyStop = false;
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(5));
        host.emergencyStop(wire.now());
        wire.run(Duration.ofMillis(1));
        assertThat(wire.boardGot(Message.EmergencyStop.class)).hasSize(2);
        assertThat(wire.boardGot.get(wire.boardGot.size() - 1)).as("before anything else")
                .isInstanceOf(Message.EmergencyStop.class);
        wire.run(Duration.ofMillis(500));
        assertThat(wire.boardGot(Message.EmergencyStop.class)).hasSizeBetween(2 + 9, 2 + 10);
        assertThat(lastSetpoint().allOff()).as("the running setpoint is replaced by all-off").isTrue();

        wire.confirmsEmergencyStop = true;
        wire.run(Duration.ofMillis(60));
        int sent = wire.boardGot(Message.EmergencyStop.class).size();
        wire.run(Duration.ofMillis(500));
        assertThat(wire.boardGot(Message.EmergencyStop.class)).as("confirmed: no more repeats").hasSize(sent);
    }

    @Test
    void afterAConfirmedEmergencyStopNothingRunsUntilAnAllOffThenTheLatchIsClearedFirst() {
        wire.up();
        host.emergencyStop(wire.now());
        wire.run(Duration.ofMillis(100));
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(100));
        assertThat(nonZeroSetpoints()).isZero();

        host.apply(OFF, host.stopsSoFar(), wire.now());
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(10));
        assertThat(nonZeroSetpoints()).isOne();
        List<Message> got = wire.boardGot;
        assertThat(got.indexOf(wire.boardGot(Message.ClearFaults.class).get(0)))
                .isLessThan(got.indexOf(lastSetpoint()));
    }

    /** The daemon's own cut (a journal latch, a stop over MQTT) must not come back as a second latch of the board's. */
    @Test
    void theBoardConfirmingTheHostsOwnEmergencyStopIsNoBoardFault() {
        wire.up();
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(5));
        host.emergencyStop(wire.now());
        wire.run(Duration.ofMillis(5));
        wire.boardSends(new Message.Fault(FaultCode.EMERGENCY_STOP, Message.Fault.NO_INDEX, 1, "host"));
        wire.run(Duration.ofMillis(600));

        assertThat(wire.latched).isEqualTo(FaultCode.EMERGENCY_STOP);
        assertThat(wire.events(DeviceEvent.Fault.class)).isEmpty();
        int ranBefore = nonZeroSetpoints();
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(50));
        assertThat(nonZeroSetpoints()).as("still nothing runs before an all-off").isEqualTo(ranBefore);
    }

    @Test
    void anEmergencyStopLatchTheHostDidNotAskForIsABoardFault() {
        wire.up();
        wire.latched = FaultCode.EMERGENCY_STOP;
        wire.emergencyStopLatched = true;
        wire.boardSends(new Message.Fault(FaultCode.EMERGENCY_STOP, Message.Fault.NO_INDEX, 1, "host"));
        wire.run(Duration.ofMillis(600));

        assertThat(wire.events(DeviceEvent.Fault.class)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo("EMERGENCY_STOP"));
    }

    /** Issue 11.5 in virtual time: an all-off computed before an emergency stop does not answer it. */
    @Test
    void anAllOffComputedBeforeAnEmergencyStopDoesNotClearIt() {
        wire.up();
        long seenBeforeTheStop = host.stopsSoFar();
        host.emergencyStop(wire.now());
        host.apply(OFF, seenBeforeTheStop, wire.now());
        wire.run(Duration.ofMillis(100));
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(100));
        assertThat(nonZeroSetpoints()).isZero();
    }

    @Test
    void aSilentBoardIsLinkDownAfterThreeStatusPeriodsSoASessionNeverRunsBlind() {
        wire.up();
        wire.sendsStatus = false;
        wire.run(Duration.ofMillis(740));   // the last status came at most 50 ms before the silence
        assertThat(wire.events(DeviceEvent.LinkDown.class)).isEmpty();
        wire.run(Duration.ofMillis(120));
        assertThat(wire.events(DeviceEvent.LinkDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).startsWith("no valid status for"));
        assertThat(wire.verdicts.get(wire.verdicts.size() - 1)).isInstanceOf(LinkVerdict.Lost.class);
        assertThat(host.isUp()).isFalse();
    }

    @Test
    void aStalledHostReadsTheStatusesWaitingInThePortBeforeItCallsTheBoardSilent() {
        wire.up();
        wire.hostReads = false;   // this process stalls; the board goes on sending
        wire.run(Duration.ofMillis(1500));
        wire.hostReads = true;
        wire.run(Duration.ofMillis(100));
        assertThat(wire.events(DeviceEvent.LinkDown.class)).isEmpty();
        assertThat(host.isUp()).isTrue();
    }

    @Test
    void aPortThatNeverReturnsIsLinkDown() {
        wire.up();
        wire.hostReads = false;
        wire.run(Duration.ofMillis(2100));
        assertThat(wire.events(DeviceEvent.LinkDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).contains("has not returned from a read"));
    }

    @Test
    void aBoardThatRestartedIsRebootedAndLinkDown() {
        wire.up();
        wire.bootId = 0xB00B00L;
        wire.run(Duration.ofMillis(100));
        assertThat(wire.events(DeviceEvent.Rebooted.class)).singleElement()
                .isEqualTo(new DeviceEvent.Rebooted(0xCAFEF00DL, 0xB00B00L));
        assertThat(wire.events(DeviceEvent.LinkDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).contains("restarted (boot id 00b00b00)"));
    }

    @Test
    void afterAReconnectNothingResumesUntilTheControlThreadAppliedAllOff() {
        wire.up();
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.sendsStatus = false;
        wire.run(Duration.ofMillis(900));
        assertThat(host.isUp()).isFalse();
        wire.sendsStatus = true;
        wire.up();
        int before = nonZeroSetpoints();
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(50));
        assertThat(nonZeroSetpoints()).isEqualTo(before);

        host.apply(OFF, host.stopsSoFar(), wire.now());
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(10));
        assertThat(nonZeroSetpoints()).isEqualTo(before + 1);
    }

    @Test
    void aBoardFaultIsReportedOnceThoughStatusRepeatsItAndHoldsTheOutputsOff() {
        wire.up();
        host.apply(OFF, host.stopsSoFar(), wire.now());
        wire.latched = FaultCode.OVER_TEMPERATURE;
        wire.boardSends(new Message.Fault(FaultCode.OVER_TEMPERATURE, Message.Fault.NO_INDEX, 4500, "pad hot"));
        wire.run(Duration.ofMillis(300));
        assertThat(wire.events(DeviceEvent.Fault.class)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo("OVER_TEMPERATURE"));
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(50));
        assertThat(nonZeroSetpoints()).isZero();
    }

    @Test
    void closingDrivesTheOutputsOffAndSettlesOnTheAcknowledgement() {
        wire.up();
        host.apply(RUNNING, host.stopsSoFar(), wire.now());
        wire.run(Duration.ofMillis(20));
        assertThat(host.beginClose(wire.now())).isTrue();
        assertThat(host.closeSettled()).isFalse();
        wire.run(Duration.ofMillis(5));
        assertThat(host.closeSettled()).isTrue();
        assertThat(lastSetpoint().allOff()).isTrue();
    }

    /**
     * Random sequences of applies, emergency stops and lost links: a non-zero setpoint reaches the board only when
     * an all-off was applied after the last reason not to resume (S5).
     */
    @Test
    void randomSequencesNeverResumeByThemselves() {
        long seed = 0x4057_11A4L;
        System.out.println("HostLinkTest random seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            VirtualWire fresh = new VirtualWire(profile, LinkSettings.defaults()).up();
            boolean mayRun = true;   // a first connection has no reason not to run yet
            for (int step = 0; step < 60; step++) {
                int before = (int) fresh.boardGot(Message.Setpoint.class).stream().filter(s -> !s.allOff()).count();
                switch (random.nextInt(6)) {
                    case 0, 1 -> fresh.host.apply(new Setpoints(Map.of("back", 100 + random.nextInt(900)), false, 0,
                            1000), fresh.host.stopsSoFar(), fresh.now());
                    case 2 -> {
                        fresh.host.apply(OFF, fresh.host.stopsSoFar(), fresh.now());
                        mayRun = fresh.host.isUp();
                    }
                    case 3 -> {
                        fresh.host.emergencyStop(fresh.now());
                        mayRun = false;
                    }
                    case 4 -> {
                        fresh.sendsStatus = false;
                        fresh.run(Duration.ofMillis(900));
                        fresh.sendsStatus = true;
                        mayRun = false;
                        if (!fresh.host.isUp()) {
                            fresh.up();
                        }
                    }
                    default -> fresh.run(Duration.ofMillis(1 + random.nextInt(100)));
                }
                fresh.run(Duration.ofMillis(2));
                int after = (int) fresh.boardGot(Message.Setpoint.class).stream().filter(s -> !s.allOff()).count();
                if (!mayRun) {
                    assertThat(after).as("seed %d round %d step %d: nothing runs before an all-off", seed, round,
                            step).isEqualTo(before);
                }
            }
        }
    }

    private Message.Setpoint lastSetpoint() {
        List<Message.Setpoint> setpoints = wire.boardGot(Message.Setpoint.class);
        return setpoints.get(setpoints.size() - 1);
    }

    private int nonZeroSetpoints() {
        return (int) wire.boardGot(Message.Setpoint.class).stream().filter(s -> !s.allOff()).count();
    }
}
