package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.GoldenVectors;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.MessageType;

/**
 * The real firmware (simavr) against a host written by hand with the protocol's Java codec: the golden frames
 * of docs/protocol.md §10 as they are, and a session cap of seconds that only the board can enforce (the
 * daemon configures its profile's maxDuration, at least 5 minutes, and ends its sessions itself before that).
 */
class FirmwareProtocolTest {
    private static final Duration WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path directory;

    private Bench bench;
    private ScriptedHost host;

    @BeforeEach
    void start() throws Exception {
        bench = Bench.start(directory);
        host = ScriptedHost.open(bench.pty());
    }

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void theFirmwareAnswersTheGoldenFramesAndItsAnswersDecodeWithTheJavaCodec() throws Exception {
        Map<String, byte[]> golden = GoldenVectors.fromSpec();
        Message.Boot boot = (Message.Boot) ScriptedHost.decode(host.next(MessageType.BOOT, WITHIN));
        assertThat(boot.resetCause()).as("power-on").isZero();
        assertThat(boot.bootId()).isNotZero();
        host.write(golden.get("HELLO"));
        Frame ack = host.nextAnswer(WITHIN);
        assertThat(ack.encode()).as("exactly the golden ACK").isEqualTo(golden.get("ACK"));
        Frame identifyFrame = host.nextAnswer(WITHIN);
        assertThat(identifyFrame.seq()).isEqualTo(1);
        assertThat(identifyFrame.ack()).isEqualTo(1);
        Message.Identify identify = (Message.Identify) ScriptedHost.decode(identifyFrame);
        assertThat(identify.protocolMajor()).isEqualTo(2);
        assertThat(identify.protocolMinor()).isZero();
        assertThat(identify.boardId()).isEqualTo("massaged-nano");
        assertThat(identify.firmwareVersion()).isEqualTo("nano-2.0.0");
        assertThat(identify.nonce()).isEqualTo(0x12345678L);
        assertThat(identify.maxLeaseMillis()).isEqualTo(1000);
        assertThat(identify.sessionCapSeconds()).isEqualTo(900);
        assertThat(identify.capabilities()).isEqualTo(new Message.Capabilities(
                List.of(new Message.ZoneInfo("back", 1000)), true, 1, true, false, true, true));

        host.drain(); // (IDENTIFY may have been resent before the heartbeat acknowledged it)
        host.write(golden.get("HEARTBEAT"));
        assertThat(host.next(MessageType.ACK, WITHIN).encode()).as("a heartbeat is answered by an ACK")
                .isEqualTo(golden.get("ACK"));

        // the golden CONFIGURE is for a board without a heater: this one has one, so trip 0 does not fit
        host.write(golden.get("CONFIGURE"));
        assertThat(host.next(MessageType.ACK, WITHIN).ack()).isEqualTo(2);
        Frame refusal = host.next(MessageType.FAULT, WITHIN);
        Message.Fault refused = (Message.Fault) ScriptedHost.decode(refusal);
        assertThat(refused.code()).isEqualTo(FaultCode.BAD_CONFIGURATION);
        assertThat(refused.value()).as("payload offset of the heater trip").isEqualTo(1 + 14 + 2);
        host.send(new Message.Ack(), 0, refusal.seq()); // else it is resent, and the next FAULT waits behind it

        host.write(golden.get("EMERGENCY_STOP"));
        Message.Fault stopped = (Message.Fault) ScriptedHost.decode(host.next(MessageType.FAULT, WITHIN));
        assertThat(stopped.code()).isEqualTo(FaultCode.EMERGENCY_STOP);
        assertThat(stopped.value()).as("reason: the host's frame").isEqualTo(1);

        host.write(golden.get("CLEAR_FAULTS"));
        await().atMost(WITHIN).until(() -> bench.latchedFault() == 0);
    }

    @Test
    void aShortConfiguredCapFiresOnTheBoardThroughHeartbeats() throws Exception {
        host.send(new Message.Hello(0xC0FFEE, 2, 0), 1, 0);
        Frame identify = host.next(MessageType.IDENTIFY, WITHIN);
        Message.Configure configure = new Message.Configure(
                List.of(new Message.ZoneConfig(800, 150, 400, 150, 90, 300, 2000)), 4000, 4250, 1000, 250, 2);
        host.send(configure, 2, identify.seq());
        Message.Status configured = (Message.Status) ScriptedHost.decode(host.next(MessageType.STATUS, WITHIN));
        assertThat(configured.configured()).isTrue();
        assertThat(configured.configCrc()).isEqualTo(MessageCodec.configCrc(configure));

        long setAt = bench.timeMicros();
        host.send(new Message.Setpoint(1000, false, 0, List.of(500)), 3, identify.seq());
        await().atMost(WITHIN).until(bench::relay);
        // heartbeats every 250 ms keep the lease alive until the cap (in simulated time) has long passed
        while (bench.relay() && bench.timeMicros() - setAt < 4_000_000L) {
            host.send(new Message.Heartbeat(1000), 0, identify.seq());
            Thread.sleep(250);
        }
        assertThat(bench.relay()).as("the cap cut the relay within 4 s").isFalse();
        Frame fault = host.next(MessageType.FAULT, WITHIN);
        Message.Fault cap = (Message.Fault) ScriptedHost.decode(fault);
        assertThat(cap.code()).isEqualTo(FaultCode.SESSION_CAP);
        assertThat(cap.value()).as("the cap, s").isEqualTo(2);
        long ranMicros = Long.parseLong(bench.state().get("relay_fell_us")) - setAt;
        assertThat(ranMicros).as("simulated µs from the setpoint to the relay low").isBetween(2_000_000L, 2_150_000L);
        System.out.println("a 2 s configured cap cut the relay " + ranMicros / 1000 + " ms (simulated) after the setpoint");
    }
}
