package org.massaged.device.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A megabyte of noise, and noise sprinkled into good frames: no crash, and nothing false accepted. */
class RandomBytesTest {
    private static final long SEED = 0x5EED_0001L;

    @Test
    void aMegabyteOfNoiseNeverCrashesTheReceiverAndDeliversNothing() {
        Random random = new Random(SEED);
        List<Message> delivered = new ArrayList<>();
        LinkEndpoint endpoint = new LinkEndpoint(frame -> { }, delivered::add, 100_000_000L, 5);
        byte[] noise = new byte[1 << 20];
        random.nextBytes(noise);
        long now = 0;
        for (int offset = 0; offset < noise.length; ) {
            int chunk = Math.min(noise.length - offset, 1 + random.nextInt(300));
            endpoint.receiveBytes(noise, offset, chunk, now += 1_000_000);
            offset += chunk;
            if (random.nextInt(50) == 0) {
                endpoint.idle(now);
            }
        }
        assertThat(endpoint.crcErrors()).as("seed " + SEED).isPositive();
        assertThat(delivered).as("seed " + SEED).isEmpty();
    }

    @Test
    void goodFramesInterleavedWithNoiseAreAllFoundAndNoOtherFrameAccepted() {
        Random random = new Random(SEED + 1);
        Set<Frame> sent = new HashSet<>();
        List<Frame> accepted = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(accepted::add);
        int total = 0;
        while (total < (1 << 20)) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            for (int i = 0; i < noise.length; i++) {
                if (noise[i] == (byte) Frame.SYNC) {
                    noise[i] = 0;
                }
            }
            Frame frame = MessageCodec.frame(new Message.Setpoint(1000, false, 0, List.of(random.nextInt(1001))),
                    1 + random.nextInt(255), random.nextInt(256));
            sent.add(frame);
            decoder.feed(noise);
            decoder.feed(frame.encode());
            total += noise.length + frame.encode().length;
        }
        assertThat(accepted).as("seed " + SEED).allMatch(sent::contains);
        assertThat(new HashSet<>(accepted)).as("seed " + SEED).containsExactlyInAnyOrderElementsOf(sent);
    }
}
