package org.massaged.controller.session;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The journal's bytes on the disk: appended and forced to the storage, or cut back to where they were after an
 * append that failed half-way. Plain streams, not NIO channels: an interrupt of the writing thread closes a channel
 * for good, and the journal must outlive that. Public as the seam for a storage that cannot be had here (a slow SD
 * card, a disk that fills up): tests open a {@link Journal} over their own.
 */
public interface JournalFile extends Closeable {

    long size() throws IOException;

    /** Appends and forces the bytes to the storage (fsync) before returning. */
    void appendAndForce(byte[] bytes) throws IOException;

    /** Cuts the file back to {@code size}: undoes a failed, partly written append. */
    void truncate(long size) throws IOException;

    /** How a {@link Journal} opens its file; tests put a failing one in its place. */
    @FunctionalInterface
    interface Opener {
        JournalFile open(Path path) throws IOException;
    }

    static JournalFile appendingTo(Path path) throws IOException {
        FileOutputStream out = new FileOutputStream(path.toFile(), true);
        return new JournalFile() {
            @Override
            public long size() throws IOException {
                return Files.size(path);
            }

            @Override
            public void appendAndForce(byte[] bytes) throws IOException {
                out.write(bytes);
                out.getFD().sync();
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
}
