package org.massaged.device.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The golden vectors as docs/protocol.md states them (the ```golden block), so spec and code cannot drift. */
public final class GoldenVectors {
    private GoldenVectors() {}

    public static Map<String, byte[]> fromSpec() {
        Path spec = locateSpec();
        List<String> lines;
        try {
            lines = Files.readAllLines(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.strip().equals("```golden")) {
                inside = true;
            } else if (inside && line.strip().equals("```")) {
                inside = false;
            } else if (inside && line.contains(":")) {
                String name = line.substring(0, line.indexOf(':')).strip();
                String hex = line.substring(line.indexOf(':') + 1).replace(" ", "").strip();
                vectors.put(name, HexFormat.of().parseHex(hex));
            }
        }
        if (vectors.isEmpty()) {
            throw new IllegalStateException(spec + " has no ```golden block");
        }
        return vectors;
    }

    private static Path locateSpec() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs/protocol.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docs/protocol.md not found above " + Path.of("").toAbsolutePath());
    }
}
