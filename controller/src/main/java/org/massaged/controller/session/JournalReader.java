package org.massaged.controller.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a journal as a stream of lines, in bounded memory whatever its size: the previous file (left by
 * {@link Journal}'s rotation) and then the current one, each line parsed and handed to a {@link JournalTally}, which
 * keeps only the most recent of each kind. A line longer than {@link #MAX_LINE_BYTES} (no line the daemon writes
 * comes near) is skipped as unreadable without being held.
 */
final class JournalReader {

    static final int MAX_LINE_BYTES = 64 * 1024;

    private Path path;
    private final JournalFormat format = new JournalFormat();
    private final JournalTally tally;
    private byte[] line = new byte[1024];
    private int length;
    private boolean tooLong;

    private JournalReader(JournalRetention retention) {
        this.tally = new JournalTally(retention);
    }

    /** Reads the journal at {@code path}, the previous file first; missing files are empty. */
    static JournalContents read(Path path, JournalRetention retention) throws IOException {
        JournalReader reader = new JournalReader(retention);
        Instant written = Instant.EPOCH;
        for (Path file : List.of(previous(path), path)) {
            try (InputStream in = Files.newInputStream(file)) {
                reader.path = file;
                reader.readAll(in);
                written = Files.getLastModifiedTime(file).toInstant();
            } catch (NoSuchFileException missing) {
                // nothing written there (yet)
            }
        }
        return reader.tally.finish(written);
    }

    /** Where a rotated journal's earlier lines are: {@code journal.jsonl.1} next to {@code journal.jsonl}. */
    static Path previous(Path path) {
        return path.resolveSibling(path.getFileName() + ".1");
    }

    private void readAll(InputStream in) throws IOException {
        int number = 0;
        byte[] chunk = new byte[64 * 1024];
        for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
            int from = 0;
            for (int i = 0; i < read; i++) {
                if (chunk[i] == '\n') {
                    append(chunk, from, i);
                    accept(++number, true);
                    from = i + 1;
                }
            }
            append(chunk, from, read);
        }
        if (length > 0 || tooLong) {
            accept(++number, false);
        }
    }

    /** Adds bytes {@code from} to {@code to} of {@code chunk} to the line, up to its limit. */
    private void append(byte[] chunk, int from, int to) {
        int count = Math.min(to - from, MAX_LINE_BYTES - length);
        if (count < to - from) {
            tooLong = true;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }

    private void accept(int number, boolean ended) {
        try {
            if (tooLong) {
                unreadable(number, "longer than " + MAX_LINE_BYTES / 1024 + " KiB");
            } else if (!isBlank()) {
                classify(number, ended);
            }
        } finally {
            length = 0;
            tooLong = false;
        }
    }

    private void classify(int number, boolean ended) {
        try {
            tally.add(format.parse(line, length, number));
            return;
        } catch (IllegalArgumentException bad) {
            Optional<JournalFormat.Torn> torn = format.torn(line, length);
            if (torn.isEmpty()) {
                unreadable(number, bad.getMessage());
                return;
            }
            String where = ended ? "the line stops mid-way and the journal goes on after it" : "the last line stops mid-way";
            String counted = torn.get().mayBeStart()
                    ? "; it may be a session start, so it is counted as a whole session" : "";
            tally.problem(new JournalProblem(number, JournalProblem.Kind.TORN,
                    path + ":" + number + ": torn (power loss?): " + where + counted + ": " + excerpt()));
            if (torn.get().mayBeStart()) {
                tally.tornStart(torn.get().at(), torn.get().duration(), number);
            }
        }
    }

    private void unreadable(int number, String why) {
        tally.problem(new JournalProblem(number, JournalProblem.Kind.UNREADABLE,
                path + ":" + number + ": unreadable (" + why + "), skipped: " + excerpt()));
    }

    private boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(line[i])) {
                return false;
            }
        }
        return true;
    }

    private String excerpt() {
        String text = new String(line, 0, Math.min(length, 120), StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(77).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? 0xFFFD : c));
        return length > 77 ? shown + "..." : shown.toString();
    }
}
