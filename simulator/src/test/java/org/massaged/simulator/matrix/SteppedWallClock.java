package org.massaged.simulator.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The wall clock of one process, stepped while it runs: libfaketime (Debian's {@code faketime}) preloaded into
 * the daemon's JVM reads its offset from a file, so that writing {@code +30m} to the file steps that process's
 * wall clock by half an hour, as an NTP step or a hand-set clock would, and leaves its monotonic clock alone. No
 * other process on the machine sees the step.
 */
final class SteppedWallClock {

    private static final Path LIBRARIES = Path.of("/usr/lib");
    private static final String LIBRARY = "libfaketimeMT.so.1";

    private final Path offsetFile;
    private final Path library;

    SteppedWallClock(Path directory) throws IOException {
        Optional<Path> found = find();
        Assumptions.assumeTrue(found.isPresent(),
                "libfaketime is not installed (apt-get install faketime): it steps the daemon's wall clock");
        library = found.orElseThrow();
        offsetFile = Files.writeString(directory.resolve("wall-clock-offset"), "+0\n");
    }

    private static Optional<Path> find() throws IOException {
        try (Stream<Path> files = Files.find(LIBRARIES, 3, (path, attributes) ->
                path.getFileName().toString().equals(LIBRARY) && path.getParent().getFileName().toString()
                        .equals("faketime"))) {
            return files.findFirst();
        }
    }

    /** What the daemon's environment needs: the library and its offset file, the monotonic clock left real. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(),
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_CACHE_DURATION", "1");
    }

    /** Sets the wall clock's offset from the real time, e.g. {@code +30m}, {@code -1h} or {@code +0}. */
    void offset(String offset) throws IOException {
        Path next = offsetFile.resolveSibling("wall-clock-offset.next");
        Files.writeString(next, offset + "\n");
        Files.move(next, offsetFile, StandardCopyOption.ATOMIC_MOVE);
    }
}
