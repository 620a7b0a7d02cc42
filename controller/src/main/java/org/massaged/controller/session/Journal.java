package org.massaged.controller.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.UsageHistory;

/**
 * The usage and safety journal: append-only JSON lines, each forced to the disk (fsync) before
 * {@link #append} returns, so that the control thread reports an event only once it is durable (S12).
 *
 * <p>After a crash or kill -9 the last line may be torn. Opening tolerates that: the torn text stays in the
 * file (append-only: nothing is ever rewritten), is reported in {@link #warnings()}, and the next append
 * starts on a fresh line. Rest and the daily budget are computed from what the journal holds (S11), so a
 * restart does not reset them.
 *
 * <p>Only the control thread appends. Readers ({@code massaged journal}) use {@link #read(Path)}, which
 * tolerates a line being written at that moment.
 */
public final class Journal implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final JournalFormat format = new JournalFormat();
    private final List<JournalEntry> entries;
    private final List<String> warnings;
    private int nextLine;

    private Journal(Path path, FileChannel channel, JournalContents contents, int nextLine) {
        this.path = path;
        this.channel = channel;
        this.nextLine = nextLine;
        this.entries = new ArrayList<>(contents.entries());
        this.warnings = new ArrayList<>(contents.warnings());
    }

    /** Opens (creating it and its directory if needed) the journal at {@code path} for appending. */
    public static Journal open(Path path) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        boolean created = !Files.exists(path);
        JournalContents contents = read(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            if (channel.size() > 0 && !endsWithNewline(path, channel.size())) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                channel.force(true);
            }
            if (created && directory != null) {
                syncDirectory(directory);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Journal(path, channel, contents, countLines(path) + 1);
    }

    /** Reads a journal without opening it for writing. A missing file is an empty journal. */
    public static JournalContents read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException missing) {
            return new JournalContents(List.of(), List.of());
        }
        JournalFormat format = new JournalFormat();
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<JournalEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean completeLastLine = text.isEmpty() || text.endsWith("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean last = i == lines.length - 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(format.parse(line, i + 1));
            } catch (RuntimeException bad) {
                String what = last && !completeLastLine ? "torn last line (the writer stopped mid-line)" : "unreadable line";
                warnings.add(path + ":" + (i + 1) + ": " + what + " ignored: " + bad.getMessage() + ": "
                        + abbreviate(line));
            }
        }
        return new JournalContents(entries, warnings);
    }

    /** Writes one event as a line and forces it to the disk before returning (S12). */
    public synchronized void append(SessionEvent event, Instant wallNow) throws IOException {
        writeLine(format.line(event, wallNow), wallNow);
    }

    /** Records that a configuration file was refused (and what was kept instead is the caller's to say). */
    public synchronized void appendConfigRefused(String source, String reason, Instant wallNow) throws IOException {
        writeLine(format.configRefused(source, reason, wallNow), wallNow);
    }

    private void writeLine(String line, Instant wallNow) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(true);
        entries.add(format.parse(line, nextLine++));
    }

    /** Past sessions as the engine needs them, including those written since opening. */
    public synchronized UsageHistory history() {
        return contents().history();
    }

    /** Lines that could not be read when the journal was opened (e.g. a torn last line). */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    public synchronized JournalContents contents() {
        return new JournalContents(entries, warnings);
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static boolean endsWithNewline(Path path, long size) throws IOException {
        try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private static int countLines(Path path) throws IOException {
        int lines = 0;
        for (byte b : Files.readAllBytes(path)) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Some platforms cannot open a directory for sync; the file itself is still forced on every line.
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
