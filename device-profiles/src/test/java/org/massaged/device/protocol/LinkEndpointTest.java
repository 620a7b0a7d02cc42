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
        int v2 = ProtocolVersion.versionByte(2, 0);
        byte[] heartbeat = MessageCodec.frame(new Message.Heartbeat(500), 0, 0, v2).encode();
        byte[] stop = MessageCodec.frame(new Message.EmergencyStop(1), 0, 0, v2).encode();
        byte[] reliableWithoutSeq = MessageCodec.frame(new Message.ClearFaults(), 0, 0).encode();
        endpoint.receiveBytes(heartbeat, 0, heartbeat.length, 0);
        endpoint.receiveBytes(stop, 0, stop.length, 0);
        endpoint.receiveBytes(reliableWithoutSeq, 0, reliableWithoutSeq.length, 0);
        assertThat(delivered).containsExactly(new Message.EmergencyStop(1));
        assertThat(rejected).containsExactly(FrameError.BAD_VERSION, FrameError.BAD_PAYLOAD);
    }
}
