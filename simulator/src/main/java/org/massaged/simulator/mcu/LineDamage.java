package org.massaged.simulator.mcu;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.massaged.simulator.faults.LineFaults;

/**
 * What the simulated line does to bytes on their way, either way, as the line faults say at that moment (drop,
 * corrupt one bit, flip bits at a bit error rate, duplicate, delay), drawn from the simulator's one seeded random
 * so that a run repeats.
 */
final class LineDamage {
    private final Random random;
    private final Supplier<LineFaults> faults;

    LineDamage(Random random, Supplier<LineFaults> faults) {
        this.random = random;
        this.faults = faults;
    }

    /** The first {@code length} bytes of {@code data} as they arrive, or empty when the line loses them. */
    Optional<byte[]> pass(byte[] data, int length) {
        LineFaults line = faults.get();
        if (line.silent() || line.unplugged() || random.nextDouble() < line.dropRate()) {
            return Optional.empty();
        }
        byte[] bytes = Arrays.copyOf(data, length);
        if (random.nextDouble() < line.corruptRate()) {
            int bit = random.nextInt(bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        flipBits(bytes, line.bitErrorRate());
        return Optional.of(bytes);
    }

    /** How many times the line delivers what passed: twice when it duplicates. */
    int copies() {
        return random.nextDouble() < faults.get().duplicateRate() ? 2 : 1;
    }

    /** Whether this copy is held back by the line's delay. */
    boolean delays() {
        return random.nextDouble() < faults.get().delayRate();
    }

    private void flipBits(byte[] bytes, double rate) {
        if (rate <= 0) {
            return;
        }
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                if (random.nextDouble() < rate) {
                    bytes[i] ^= (byte) (1 << bit);
                }
            }
        }
    }
}
