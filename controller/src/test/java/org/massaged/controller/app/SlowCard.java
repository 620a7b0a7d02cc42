package org.massaged.controller.app;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.massaged.controller.session.JournalFile;

/**
 * The journal's file on a simulated slow SD card, the honest tool for a card we cannot have here: real writes to a
 * real file, then a real fsync that first takes a seeded 5–200 ms (an SD card's flush), or that waits until
 * {@link #release} while {@link #stall} holds it (a card that stops answering, or a crash between write and fsync).
 */
final class SlowCard implements JournalFile.Opener {

    private final Random random;
    private final int minMillis;
    private final int maxMillis;
    private volatile CountDownLatch stalled = new CountDownLatch(0);
    private volatile int stallFrom;
    /** Lines written to the file whose fsync has not returned. */
    final AtomicInteger notForced = new AtomicInteger();
    final AtomicInteger forced = new AtomicInteger();
    /** The file's size after the last fsync that returned: what a power cut would leave. */
    volatile long forcedSize;
    /** Runs on the writing thread between a line's write and its fsync (a test freezes its clock there). */
    volatile Runnable betweenWriteAndForce = () -> { };

    SlowCard(long seed, int minMillis, int maxMillis) {
        this.random = new Random(seed);
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
    }

    /** From now on every fsync waits until {@link #release}. */
    void stall() {
        stallAfter(0);
    }

    /** Every fsync after the first {@code lines} forced ones waits until {@link #release}. */
    void stallAfter(int lines) {
        stallFrom = lines;
        stalled = new CountDownLatch(1);
    }

    void release() {
        stalled.countDown();
    }

    @Override
    public JournalFile open(Path path) throws IOException {
        FileOutputStream out = new FileOutputStream(path.toFile(), true);
        return new JournalFile() {
            @Override
            public long size() throws IOException {
                return Files.size(path);
            }

            @Override
            public void appendAndForce(byte[] bytes) throws IOException {
                out.write(bytes);
                notForced.incrementAndGet();
                betweenWriteAndForce.run();
                flushDelay();
                out.getFD().sync();
                forcedSize = Files.size(path);
                notForced.decrementAndGet();
                forced.incrementAndGet();
            }

            @Override
            public void truncate(long size) throws IOException {
                try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
                    file.setLength(size);
                    file.getFD().sync();
                }
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    private void flushDelay() throws IOException {
        int millis;
        synchronized (random) {
            millis = minMillis + random.nextInt(maxMillis - minMillis + 1);
        }
        try {
            Thread.sleep(millis); // the card's own flush time: the simulated device, not a wait in a test
            if (forced.get() >= stallFrom) {
                stalled.await();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("fsync interrupted");
        }
    }
}
