package org.massaged.device.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reliable delivery between two endpoints over a simulated lossy line, in virtual time, seeded. */
class LinkEndpointTest {
    private static final long MS = 1_000_000L;
    private static final long SEED = 0x11_4E_2026L;

    private record InFlight(long at, long order, boolean toB, byte[] bytes) {}

    /** A line that drops, duplicates, corrupts and delays (and so reorders) frames. */
    private static final class Line {
        private final Random random;
        private final double loss;
        private final PriorityQueue<InFlight> flying = new PriorityQueue<>((x, y) -> x.at != y.at
                ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
        private long now;
        private long order;
        LinkEndpoint a;
        LinkEndpoint b;

        Line(long seed, double loss) {
            this.random = new Random(seed);
            this.loss = loss;
        }

        void send(boolean toB, byte[] frame) {
            if (random.nextDouble() < loss) {
                return;
            }
            int copies = random.nextDouble() < loss ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                byte[] bytes = frame.clone();
                if (random.nextDouble() < loss) {
                    int bit = random.nextInt(bytes.length * 8);
                    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                flying.add(new InFlight(now + (1 + random.nextInt(20)) * MS, order++, toB, bytes));
            }
        }

        void run(long millis) {
            long end = now + millis * MS;
            while (now < end) {
                now += MS;
                while (!flying.isEmpty() && flying.peek().at <= now) {
                    InFlight frame = flying.poll();
                    (frame.toB ? b : a).receiveBytes(frame.bytes, 0, frame.bytes.length, now);
                    (frame.toB ? b : a).idle(now);
                }
                assertThat(a.tick(now)).as("seed " + SEED + ": a gave up").isTrue();
                assertThat(b.tick(now)).as("seed " + SEED + ": b gave up").isTrue();
            }
        }
    }

    @Test
    void reliableMessagesArriveExactlyOnceAndInOrderOverABadLine() {
        Line line = new Line(SEED, 0.15);
        List<Message> atA = new ArrayList<>();
        List<Message> atB = new ArrayList<>();
        line.a = new LinkEndpoint(frame -> line.send(true, frame), atA::add, 100 * MS, 50);
        line.b = new LinkEndpoint(frame -> line.send(false, frame), atB::add, 100 * MS, 50);

        List<Message.Fault> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Message.Fault fault = new Message.Fault(FaultCode.MOTOR_STALL, 0, i, "f" + i);
            sent.add(fault);
            line.b.sendReliable(fault, line.now);
        }
        line.run(120_000);

        assertThat(atA).as("seed " + SEED).containsExactlyElementsOf(sent);
        assertThat(line.a.duplicates() + line.b.duplicates()).as("the line duplicated").isPositive();
        assertThat(line.b.retransmits()).as("the line lost frames").isPositive();
    }

    @Test
    void setpointsAreAbsoluteSoOnlyTheNewestQueuedOneIsSentAndTheLastOneAlwaysArrives() {
        Line line = new Line(SEED + 1, 0.15);
        List<Message> atB = new ArrayList<>();
        line.a = new LinkEndpoint(frame -> line.send(true, frame), message -> { }, 100 * MS, 50);
        line.b = new LinkEndpoint(frame -> line.send(false, frame), atB::add, 100 * MS, 50);
        Random random = new Random(SEED + 2);
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int steps = random.nextInt(1001);
            sent.add(steps);
            line.a.sendReliable(new Message.Setpoint(1000, false, 0, List.of(steps)), line.now);
            line.run(random.nextInt(30));
        }
        line.run(60_000);

        List<Integer> received = atB.stream().map(m -> ((Message.Setpoint) m).zoneSteps().get(0)).toList();
        assertThat(received).as("seed " + SEED).isNotEmpty().last().isEqualTo(sent.get(sent.size() - 1));
        // In order: what arrived is a subsequence of what was sent.
        int cursor = 0;
        for (int steps : received) {
            while (cursor < sent.size() && sent.get(cursor) != steps) {
                cursor++;
            }
            assertThat(cursor).as("seed " + SEED + ": " + steps + " arrived out of order").isLessThan(sent.size());
            cursor++;
        }
    }

    @Test
    void aFrameThatIsNeverAcknowledgedEndsTheLinkAfterTheLastAttempt() {
        List<byte[]> written = new ArrayList<>();
        LinkEndpoint lonely = new LinkEndpoint(written::add, message -> { }, 100 * MS, 3);
        lonely.sendReliable(new Message.ClearFaults(), 0);
        assertThat(lonely.tick(100 * MS)).isTrue();
        assertThat(lonely.tick(200 * MS)).isTrue();
        assertThat(lonely.tick(300 * MS)).isFalse();
        assertThat(written).hasSize(3);
        assertThat(lonely.retransmits()).isEqualTo(2);
    }

    @Test
    void aFrameTheSenderDroppedNeverSilencesTheFaultsAfterIt() {
        List<byte[]> wire = new ArrayList<>();
        List<Message> atHost = new ArrayList<>();
        LinkEndpoint mcu = new LinkEndpoint(wire::add, message -> { }, 100 * MS, 3);
        LinkEndpoint host = new LinkEndpoint(frame -> { }, atHost::add, 100 * MS, 8);
        Message.Fault lost = new Message.Fault(FaultCode.MOTOR_STALL, 0, 12, "lost");
        Message.Fault next = new Message.Fault(FaultCode.OVER_TEMPERATURE, 0, 4400, "next");
        mcu.sendReliable(lost, 0);
        mcu.sendReliable(next, 0);
        long now = 0;
        while (mcu.tick(now += 100 * MS)) {
            // every attempt at "lost" goes nowhere
        }
        wire.clear();
        mcu.dropInFlight(now);
        assertThat(mcu.dropped()).isEqualTo(1);
        assertThat(wire).hasSize(1);
        host.receiveBytes(wire.get(0), 0, wire.get(0).length, now);
        assertThat(atHost).containsExactly(next);
    }

    @Test
    void theReceiveWindowTakesUpTo127AheadAsNewAndTheRestAsDuplicates() {
        assertThat(LinkEndpoint.isNew(5, 0)).isTrue();
        assertThat(LinkEndpoint.isNew(2, 1)).isTrue();
        assertThat(LinkEndpoint.isNew(1, 1)).isFalse();
        assertThat(LinkEndpoint.isNew(1, 255)).as("wraps past 255 to 1").isTrue();
        assertThat(LinkEndpoint.isNew(3, 255)).isTrue();
        assertThat(LinkEndpoint.isNew(128, 1)).as("127 ahead").isTrue();
        assertThat(LinkEndpoint.isNew(129, 1)).as("128 ahead is behind").isFalse();
        assertThat(LinkEndpoint.isNew(200, 10)).as("a stale copy").isFalse();
        assertThat(LinkEndpoint.isNew(255, 1)).isFalse();
    }

    @Test
    void aRejectedReliableFrameIsNotAcknowledgedAndItsAckFieldIsNotRead() {
        List<byte[]> written = new ArrayList<>();
        List<Message> delivered = new ArrayList<>();
        LinkEndpoint endpoint = new LinkEndpoint(written::add, delivered::add, 100 * MS, 3);
        endpoint.sendReliable(new Message.ClearFaults(), 0);
        written.clear();
        Frame frame = MessageCodec.frame(new Message.Fault(FaultCode.MOTOR_STALL, 0, 1, "x"), 1, 1);
        byte[] payload = frame.payload();
        byte[] trailing = java.util.Arrays.copyOf(payload, payload.length + 1);
        byte[] bad = new Frame(frame.version(), 1, 1, frame.type(), trailing).encode();
        endpoint.receiveBytes(bad, 0, bad.length, 0);
        assertThat(delivered).isEmpty();
        assertThat(written).as("no ACK for a rejected frame").isEmpty();
        assertThat(endpoint.idleForReliable()).as("its ACK field did not acknowledge ours").isFalse();
        assertThat(endpoint.rejected(FrameError.BAD_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void framesOfAnotherMajorVersionAreRejectedButAnEmergencyStopIsNot() {
        List<Message> delivered = new ArrayList<>();
        List<FrameError> rejected = new ArrayList<>();
        LinkEndpoint endpoint = new LinkEndpoint(frame -> { }, new LinkEndpoint.Inbox() {
            @Override
            public void deliver(Message message) {
                delivered.add(message);
            }

            @Override
            public void rejected(FrameError error, String detail) {
                rejected.add(error);
            }
        }, 100 * MS, 3);
        int other = ProtocolVersion.versionByte(ProtocolVersion.MAJOR + 1, 0);
        byte[] heartbeat = MessageCodec.frame(new Message.Heartbeat(500), 0, 0, other).encode();
        byte[] stop = MessageCodec.frame(new Message.EmergencyStop(1), 0, 0, other).encode();
        byte[] reliableWithoutSeq = MessageCodec.frame(new Message.ClearFaults(), 0, 0).encode();
        endpoint.receiveBytes(heartbeat, 0, heartbeat.length, 0);
        endpoint.receiveBytes(stop, 0, stop.length, 0);
        endpoint.receiveBytes(reliableWithoutSeq, 0, reliableWithoutSeq.length, 0);
        assertThat(delivered).containsExactly(new Message.EmergencyStop(1));
        assertThat(rejected).containsExactly(FrameError.BAD_VERSION, FrameError.BAD_PAYLOAD);
    }
}
