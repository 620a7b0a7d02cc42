package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;
import org.massaged.simulator.physics.MassagerPhysics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The firmware in virtual time, wired back to back with a host-side endpoint: no threads, no sleeps. */
class McuCoreTest {
    private static final long MS = 1_000_000L;
    private final DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.empty());
    private final MassagerPhysics physics = MassagerPhysics.forProfile(profile);
    private final List<Message> fromMcu = new ArrayList<>();
    private final List<byte[]> toHost = new ArrayList<>();
    private final List<byte[]> hostWrote = new ArrayList<>();
    private long now = 10_000 * MS;
    private McuCore mcu;
    private LinkEndpoint host;

    @BeforeEach
    void connect() {
        mcu = new McuCore(SimulatedBoard.of(profile), physics, toHost::add, 0x1234L, now, message -> { });
        host = new LinkEndpoint(bytes -> {
            hostWrote.add(bytes);
            mcu.receive(bytes, 0, bytes.length, now);
        }, fromMcu::add, 100 * MS, 8);
        host.sendReliable(new Message.Hello(99, ProtocolVersion.MAJOR, ProtocolVersion.MINOR), now);
        deliverToHost();
        host.sendReliable(ProfileWire.configure(profile, Duration.ofMillis(250)), now);
        run(10);
        assertThat(mcu.configured()).isTrue();
        assertThat(fromMcu).anyMatch(m -> m instanceof Message.Identify identify && identify.nonce() == 99);
    }

    @Test
    void aLeaseExpiresOneLeaseAfterTheLastRenewalAndLatches() {
        drive(500, 1000);
        run(980);
        assertThat(mcu.zoneSteps("lumbar-left")).isEqualTo(500);
        run(20);
        assertThat(mcu.zoneSteps("lumbar-left")).isZero();
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.LEASE_EXPIRED);
        assertThat(fromMcu).anyMatch(m -> m instanceof Message.Fault fault && fault.code() == FaultCode.LEASE_EXPIRED);

        drive(500, 1000);
        assertThat(mcu.zoneSteps("lumbar-left")).as("latched: non-zero is ignored").isZero();
        host.sendReliable(new Message.ClearFaults(), now);
        run(10);
        drive(400, 1000);
        assertThat(mcu.zoneSteps("lumbar-left")).isEqualTo(400);
    }

    @Test
    void heartbeatsRenewTheLeaseButAZeroLeaseHeartbeatDoesNot() {
        drive(500, 1000);
        for (int i = 0; i < 12; i++) {
            run(250);
            host.sendUnreliable(new Message.Heartbeat(1000));
        }
        assertThat(mcu.zoneSteps("lumbar-left")).as("3 s on heartbeats").isEqualTo(500);
        for (int i = 0; i < 5; i++) {
            run(250);
            host.sendUnreliable(new Message.Heartbeat(0));
        }
        assertThat(mcu.zoneSteps("lumbar-left")).isZero();
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.LEASE_EXPIRED);
    }

    @Test
    void theFirmwaresOwnSessionCapStopsAFifteenMinuteRunEvenWithHeartbeats() {
        drive(500, 1000);
        for (int second = 0; second < 15 * 60 - 1; second++) {
            for (int beat = 0; beat < 4; beat++) {
                run(250);
                host.sendUnreliable(new Message.Heartbeat(1000));
            }
        }
        assertThat(mcu.zoneSteps("lumbar-left")).isEqualTo(500);
        run(1000);
        assertThat(mcu.zoneSteps("lumbar-left")).isZero();
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.SESSION_CAP);
    }

    @Test
    void briefPausesDoNotResetTheSessionCap() {
        drive(500, 1000);
        for (int minute = 0; minute < 15; minute++) {
            for (int beat = 0; beat < 4 * 50; beat++) {
                run(250);
                host.sendUnreliable(new Message.Heartbeat(1000));
            }
            drive(0, 0);
            run(10_000);
            host.sendReliable(new Message.ClearFaults(), now);
            drive(500, 1000);
        }
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.SESSION_CAP);
    }

    @Test
    void anOverSpineZoneConfiguredToZeroIsRefused() {
        host.sendReliable(new Message.Setpoint(1000, false, 0, List.of(0, 0, 300)), now);
        run(10);
        assertThat(mcu.zoneSteps("spine")).isZero();
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.SETPOINT_REJECTED);
    }

    @Test
    void setpointsBeyondTheConfigurationAreRefused() {
        host.sendReliable(new Message.Setpoint(1500, false, 0, List.of(100, 100, 0)), now);
        run(10);
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.SETPOINT_REJECTED);
        assertThat(fromMcu).anyMatch(m -> m instanceof Message.Fault fault && fault.message().contains("lease 1500"));
    }

    @Test
    void aConfigurationThatDoesNotFitTheBoardIsRefused() {
        host.sendReliable(new Message.Configure(List.of(new Message.ZoneConfig(1000, 0, 0, 0, 0, 0, 0)), 4000, 4300, 1000, 250,
                900), now);
        run(10);
        assertThat(mcu.configured()).isFalse();
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.BAD_CONFIGURATION);
    }

    @Test
    void anEmergencyStopActsEvenBeforeHandshakeAndInAnotherVersion() {
        drive(500, 1000);
        byte[] stop = org.massaged.device.protocol.MessageCodec.frame(new Message.EmergencyStop(1), 0, 0,
                ProtocolVersion.versionByte(7, 0)).encode();
        mcu.receive(stop, 0, stop.length, now);
        assertThat(mcu.zoneSteps("lumbar-left")).isZero();
        assertThat(mcu.emergencyStopLatched()).isTrue();
    }

    @Test
    void duplicatedSetpointsAreHarmless() {
        drive(300, 1000);
        byte[] frame = hostWrote.get(hostWrote.size() - 1);
        drive(600, 1000);
        mcu.receive(frame, 0, frame.length, now);
        mcu.receive(frame, 0, frame.length, now);
        assertThat(mcu.zoneSteps("lumbar-left")).isEqualTo(600);
    }

    @Test
    void aClearIsRefusedWhileThePadIsStillOverTheTrip() {
        physics.padCelsius(45);
        run(20);
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.OVER_TEMPERATURE);
        host.sendReliable(new Message.ClearFaults(), now);
        run(20);
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.OVER_TEMPERATURE);
        assertThat(fromMcu).anyMatch(m -> m instanceof Message.Fault fault && fault.message().startsWith("not cleared"));
    }

    /**
     * docs/protocol.md §4.4: with the heater configured never to heat (maximum 0), the board's own 41 °C ceiling
     * is the runaway reference, so a pad that heats past it anyway has a stuck element.
     */
    @Test
    void aPadHeatingPastTheBoardsCeilingWithTheHeaterConfiguredNeverToHeatIsARunaway() {
        Message.Configure configured = ProfileWire.configure(profile, Duration.ofMillis(250));
        host.sendReliable(new Message.Configure(configured.zones(), 0, configured.heaterTripCentiCelsius(),
                configured.maxLeaseMillis(), configured.statusPeriodMillis(), configured.sessionCapSeconds()), now);
        run(10);
        assertThat(mcu.configured()).isTrue();
        physics.padCelsius(42.2);
        run(20);
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.HEATER_RUNAWAY);
    }

    /** docs/protocol.md §4.4: unconfigured, the board's own ceiling is the reference too. */
    @Test
    void aPadHeatingPastTheBoardsCeilingBeforeConfigurationIsARunaway() {
        mcu.reset(0x5678L, now);
        physics.padCelsius(42.2);
        run(20);
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.HEATER_RUNAWAY);
    }

    @Test
    void aPadJustBelowTheRunawayMarginIsNoFault() {
        physics.padCelsius(40.9);   // the configured maximum is 40 °C: a runaway from 41 °C
        run(20);
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.NONE);
    }

    @Test
    void theHeaterIsRegulatedBelowItsSetpoint() {
        host.sendReliable(new Message.Setpoint(1000, true, 3800, List.of(0, 0, 0)), now);
        double max = 0;
        for (int i = 0; i < 600 * 4; i++) {
            run(250);
            host.sendUnreliable(new Message.Heartbeat(1000));
            max = Math.max(max, physics.padCelsius());
        }
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.NONE);
        assertThat(physics.padCelsius()).isBetween(36.5, 38.5);
        assertThat(max).isLessThan(39.0);
    }

    @Test
    void aResetAnnouncesANewBootId() {
        mcu.reset(0x9999L, now);
        run(10);
        assertThat(fromMcu).anyMatch(m -> m instanceof Message.Boot boot && boot.bootId() == 0x9999L);
        assertThat(mcu.configured()).isFalse();
    }

    private void drive(int steps, int lease) {
        host.sendReliable(new Message.Setpoint(lease, false, 0, List.of(steps, steps, 0)), now);
        run(10);
    }

    private void run(long millis) {
        for (long t = 0; t < millis; t += 5) {
            now += 5 * MS;
            mcu.tick(now);
            host.tick(now);
            deliverToHost();
        }
    }

    private void deliverToHost() {
        while (!toHost.isEmpty()) {
            byte[] bytes = toHost.remove(0);
            host.receiveBytes(bytes, 0, bytes.length, now);
        }
    }
}
