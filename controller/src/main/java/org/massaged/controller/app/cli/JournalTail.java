package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last entries of the journal, one JSON object per line. A thin reader of the journal's file format
 * (the session package owns the format); lines that are not JSON objects, such as a torn last line after a
 * power cut, are counted and skipped, never fatal.
 */
record JournalTail(List<JsonNode> entries, int unreadableLines) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JournalTail read(Path journal, int limit) throws IOException {
        Deque<JsonNode> last = new ArrayDeque<>();
        int unreadable = 0;
        try (BufferedReader reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode entry = JSON.readTree(line);
                    if (entry == null || !entry.isObject()) {
                        unreadable++;
                        continue;
                    }
                    last.addLast(entry);
                    if (last.size() > limit) {
                        last.removeFirst();
                    }
                } catch (IOException torn) {
                    unreadable++;
                }
            }
        } catch (NoSuchFileException none) {
            return new JournalTail(List.of(), 0);
        }
        return new JournalTail(List.copyOf(last), unreadable);
    }
}
