package org.massaged.simulator.mcu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ```golden block of docs/protocol.md. */
final class SpecVectors {
    private SpecVectors() {}

    static Map<String, byte[]> read() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/protocol.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/protocol.md not found");
        }
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        boolean inside = false;
        try {
            for (String line : Files.readAllLines(dir.resolve("docs/protocol.md"))) {
                if (line.strip().equals("```golden")) {
                    inside = true;
                } else if (inside && line.strip().equals("```")) {
                    inside = false;
                } else if (inside && line.contains(":")) {
                    vectors.put(line.substring(0, line.indexOf(':')).strip(),
                            HexFormat.of().parseHex(line.substring(line.indexOf(':') + 1).replace(" ", "").strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }
}
