package org.massaged.firmware;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What build.sh made in target/c, and the tests' assumptions about it: where a tool is missing, the tests that
 * need it are skipped with a message saying what to install, never passed.
 */
final class FirmwareBuild {
    static final String PACKAGES = "gcc-avr avr-libc simavr libsimavr-dev libsimavrparts1 libelf-dev";

    private FirmwareBuild() {}

    static Path directory() {
        return Path.of(System.getProperty("firmware.build", "target/c")).toAbsolutePath();
    }

    static Path spec() {
        return Path.of(System.getProperty("firmware.spec", "../docs/protocol.md")).toAbsolutePath();
    }

    static Path unitTests() {
        Path binary = directory().resolve("unit-tests");
        assumeTrue(Files.isExecutable(binary), "the firmware's unit tests were not built: no gcc (" + missing() + ")");
        return binary;
    }

    static Path firmware() {
        Path elf = directory().resolve("firmware.elf");
        assumeTrue(Files.isReadable(elf), "the firmware was not built: install " + PACKAGES + " (missing: "
                + missing() + ")");
        return elf;
    }

    static Path bench() {
        firmware();
        Path bench = directory().resolve("bench");
        assumeTrue(Files.isExecutable(bench), "the simavr bench was not built: install " + PACKAGES + " (missing: "
                + missing() + ")");
        return bench;
    }

    private static String missing() {
        Path list = directory().resolve("missing.txt");
        try {
            return Files.exists(list) ? Files.readString(list).strip().replace('\n', ' ') : "build.sh did not run";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
