package org.massaged.controller.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The history directory (next to the journal): one file per session, {@code session-000042.jsonl}, and
 * {@code index.jsonl} with one summary per finished session. Sessions are appended by one writer
 * ({@link HistoryWriter}'s thread); anyone may read at any time ({@code massaged history}), and a record torn by a
 * power loss is skipped and said in {@code problems}, never thrown.
 */
public final class HistoryStore {

    /**
     * The history directory beside a journal file, named after it ({@code journal.jsonl}: {@code journal.history}),
     * so that two daemons whose journals share a directory never share a history.
     */
    public static Path beside(Path journal) {
        Path absolute = journal.toAbsolutePath();
        String name = absolute.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return absolute.getParent().resolve(stem + ".history");
    }

    static final String INDEX = "index.jsonl";
    private static final Pattern SESSION_FILE = Pattern.compile("session-(\\d{6,})\\.jsonl");

    private final Path directory;
    private final HistoryBounds bounds;
    private final HistoryFormat format = new HistoryFormat();

    public HistoryStore(Path directory, HistoryBounds bounds) {
        this.directory = directory;
        this.bounds = bounds;
    }

    public Path directory() {
        return directory;
    }

    Path sessionFile(long id) {
        return directory.resolve(String.format("session-%06d.jsonl", id));
    }

    /** Every session, oldest first. A missing directory is an empty history. */
    public HistoryContents read() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<Long, SessionSummary> indexed = new HashMap<>();
        for (Line line : lines(directory.resolve(INDEX), problems)) {
            try {
                SessionSummary summary = format.indexLine(line.text());
                indexed.put(summary.id(), summary);
            } catch (IOException | RuntimeException unreadable) {
                problems.add(line.where() + ": unreadable index record skipped (" + unreadable.getMessage() + ")");
            }
        }
        List<SessionSummary> sessions = new ArrayList<>();
        for (Map.Entry<Long, Path> file : sessionFiles().entrySet()) {
            SessionSummary fromIndex = indexed.get(file.getKey());
            if (fromIndex != null) {
                sessions.add(fromIndex);
            } else {
                parse(file.getValue(), problems).map(SessionTrace::summary).ifPresent(sessions::add);
            }
        }
        return new HistoryContents(sessions, problems);
    }

    /** One session's trace, or empty when the store has no such session. */
    public Optional<SessionTrace> trace(long id) throws IOException {
        List<String> problems = new ArrayList<>();
        Path file = sessionFile(id);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return parse(file, problems);
    }

    /** The next session's number: one more than any in the directory. */
    long nextId() throws IOException {
        TreeMap<Long, Path> files = sessionFiles();
        return files.isEmpty() ? 1 : files.lastKey() + 1;
    }

    private Optional<SessionTrace> parse(Path file, List<String> problems) throws IOException {
        HistoryFormat.Start start = null;
        HistoryFormat.End end = null;
        List<TraceSample> samples = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (Line line : lines(file, own)) {
            try {
                HistoryFormat.Line record = format.line(line.text());
                if (record instanceof HistoryFormat.Start s) {
                    start = s;
                } else if (record instanceof HistoryFormat.Sample s) {
                    samples.add(s.sample());
                } else if (record instanceof HistoryFormat.End e) {
                    end = e;
                }
            } catch (IOException | RuntimeException unreadable) {
                own.add(line.where() + ": unreadable record skipped (" + unreadable.getMessage() + ")");
            }
        }
        problems.addAll(own);
        if (start == null) {
            problems.add(file + ": no start record; the session is left out");
            return Optional.empty();
        }
        return Optional.of(new SessionTrace(summary(start, end, samples), samples, own));
    }

    private static SessionSummary summary(HistoryFormat.Start start, HistoryFormat.End end, List<TraceSample> samples) {
        if (end != null) {
            return new SessionSummary(start.id(), start.program(), start.started(), Optional.of(end.ended()),
                    start.planned(), end.ran(), start.level(), end.maxLevel(), end.endLevel(), end.peakLevel(), start.heat(),
                    start.origin(), Optional.of(end.endedBy()), Optional.of(end.endedKind()), end.completed(),
                    end.exposure());
        }
        double lastAt = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).at();
        return new SessionSummary(start.id(), start.program(), start.started(), Optional.empty(), start.planned(),
                Duration.ofMillis(Math.round(lastAt * 1000)), start.level(), start.level(), start.level(),
                (int) Math.ceil(peak(samples) - 1e-9), start.heat(),
                start.origin(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    private static double peak(List<TraceSample> samples) {
        return samples.stream().flatMap(sample -> sample.levels().values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(0);
    }

    private record Line(String where, String text) {}

    /** The complete lines of a file; a last line without its newline is torn (power lost mid-write): said, skipped. */
    private static List<Line> lines(Path file, List<String> problems) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return List.of();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        int from = 0;
        int number = 1;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            if (newline < 0) {
                problems.add(file + " line " + number + ": torn last record skipped (written when the power or the "
                        + "daemon stopped)");
                break;
            }
            String line = text.substring(from, newline);
            if (!line.isBlank()) {
                lines.add(new Line(file + " line " + number, line));
            }
            from = newline + 1;
            number++;
        }
        return lines;
    }

    private TreeMap<Long, Path> sessionFiles() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> listing = Files.list(directory)) {
            listing.forEach(path -> {
                Matcher name = SESSION_FILE.matcher(path.getFileName().toString());
                if (name.matches()) {
                    files.put(Long.parseLong(name.group(1)), path);
                }
            });
        }
        return files;
    }

    // ---- writing: only the writer thread calls these ----

    FileChannel begin(HistoryFormat.Start start) throws IOException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(sessionFile(start.id()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        append(channel, format.start(start));
        channel.force(false);
        return channel;
    }

    void sample(FileChannel channel, TraceSample sample) throws IOException {
        append(channel, format.sample(sample));
    }

    /** The end line (fsync'd), then the summary in the index (fsync'd), then the bound. */
    void finish(FileChannel channel, HistoryFormat.End end, SessionSummary summary) throws IOException {
        try (channel) {
            append(channel, format.end(end));
            channel.force(false);
        }
        try (FileChannel index = FileChannel.open(directory.resolve(INDEX), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            append(index, format.summary(summary));
            index.force(false);
        }
        enforceBounds(summary.id());
    }

    /** Deletes the oldest sessions beyond the bounds (never {@code keep}), then rewrites the index without them. */
    int enforceBounds(long keep) throws IOException {
        TreeMap<Long, Path> files = sessionFiles();
        long bytes = 0;
        for (Path file : files.values()) {
            bytes += Files.size(file);
        }
        int deleted = 0;
        while (!files.isEmpty() && files.firstKey() != keep
                && (files.size() > bounds.sessions() || bytes > bounds.bytes())) {
            Map.Entry<Long, Path> oldest = files.pollFirstEntry();
            bytes -= Files.size(oldest.getValue());
            Files.delete(oldest.getValue());
            deleted++;
        }
        if (deleted > 0) {
            rewriteIndex(files);
        }
        return deleted;
    }

    private void rewriteIndex(TreeMap<Long, Path> kept) throws IOException {
        Path index = directory.resolve(INDEX);
        StringBuilder text = new StringBuilder();
        for (Line line : lines(index, new ArrayList<>())) {
            try {
                if (kept.containsKey(format.indexLine(line.text()).id())) {
                    text.append(line.text()).append('\n');
                }
            } catch (IOException | RuntimeException unreadable) {
                // an unreadable record is dropped with the rewrite; its session file still tells the session
            }
        }
        Path temporary = directory.resolve(INDEX + ".new");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        }
        Files.move(temporary, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void append(FileChannel channel, String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
