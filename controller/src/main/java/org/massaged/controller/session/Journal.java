package org.massaged.controller.session;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.UsageHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage and safety journal: append-only JSON lines, each forced to the disk (fsync) before
 * {@link #append} returns, so that the control thread reports an event only once it is durable (S12).
 *
 * <p>After a crash, a kill -9 or a power cut the last line may be torn. Opening tolerates that: the torn text stays
 * in the file (append-only: nothing the journal accepted is ever rewritten), is reported as a problem, and the next
 * append starts on a fresh line. An append that fails half-way (a full disk) is cut back, so that it leaves nothing.
 * Rest and the daily budget are computed from what the journal holds (S11), so a restart does not reset them; it is
 * read as a stream, in bounded memory, whatever its size.
 *
 * <p>Rotation, at start-up only: a journal over {@link #ROTATE_AT} becomes {@code journal.jsonl.1} (readers read it
 * before the current file) and a new one starts, unless the {@code .1} it would replace was written to in the last
 * {@link #KEEP_PREVIOUS} (then the rotation waits: nothing that rest and the budget count is ever dropped).
 *
 * <p>Only the control thread appends. Readers ({@code massaged journal}) use {@link #read(Path)}, which
 * tolerates a line being written at that moment.
 */
public final class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    /** Years of ordinary use (docs/safety.md): a journal this big is rotated when the daemon starts. */
    static final long ROTATE_AT = 8L * 1024 * 1024;
    /** How recent the last write to the previous file may be for it to be replaced (24 hours, and a wide margin). */
    static final Duration KEEP_PREVIOUS = Duration.ofDays(7);

    private final Path path;
    private final JournalFile file;
    private final JournalFormat format = new JournalFormat();
    private final JournalContents atOpen;
    /** A failed append left bytes that could not be cut back: the next one starts on a fresh line. */
    private boolean tornTail;

    private Journal(Path path, JournalFile file, JournalContents atOpen) {
        this.path = path;
        this.file = file;
        this.atOpen = atOpen;
    }

    /**
     * Opens (creating it and its directory if needed) the journal at {@code path} for appending, and reads what it
     * holds.
     *
     * @throws JournalUnavailableException saying what is wrong (permissions, a full or read-only disk, a path that
     *                                     is a directory) and how to fix it
     */
    public static Journal open(Path path) throws JournalUnavailableException {
        return open(path, JournalFile::appendingTo);
    }

    /** {@link #open(Path)} over the storage {@code opener} gives (a simulated slow or failing one in tests). */
    public static Journal open(Path path, JournalFile.Opener opener) throws JournalUnavailableException {
        try {
            Path directory = path.toAbsolutePath().getParent();
            if (directory != null) {
                Files.createDirectories(directory);
            }
            if (Files.isDirectory(path)) {
                throw new FileSystemException(path.toString(), null, "is a directory");
            }
            rotateIfLarge(path, Instant.now());
            boolean created = !Files.exists(path);
            // the typed errors (permission denied, read-only file system) come from here, before anything is read
            Files.newByteChannel(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND).close();
            JournalContents contents = JournalReader.read(path, JournalRetention.DAEMON);
            Journal journal = new Journal(path, opener.open(path), contents);
            try {
                if (!endsWithNewline(path)) {
                    journal.file.appendAndForce(new byte[] {'\n'});
                }
                if (created && directory != null) {
                    syncDirectory(directory);
                }
            } catch (IOException e) {
                journal.close();
                throw e;
            }
            journal.warnAboutProblems();
            return journal;
        } catch (JournalUnavailableException e) {
            throw e;
        } catch (IOException e) {
            throw new JournalUnavailableException(path, e);
        }
    }

    /** Reads a journal without opening it for writing, keeping the most recent of everything. Missing: empty. */
    public static JournalContents read(Path path) throws IOException {
        return JournalReader.read(path, JournalRetention.RECENT);
    }

    /** Reads a journal, keeping what {@code retention} says, in memory bounded by it whatever the file's size. */
    public static JournalContents read(Path path, JournalRetention retention) throws IOException {
        return JournalReader.read(path, retention);
    }

    /** Writes one event as a line and forces it to the disk before returning (S12). */
    public synchronized void append(SessionEvent event, Instant wallNow) throws IOException {
        writeLine(format.line(event, wallNow));
    }

    /** Records that a configuration file was refused (and what was kept instead is the caller's to say). */
    public synchronized void appendConfigRefused(String source, String reason, Instant wallNow) throws IOException {
        writeLine(format.configRefused(source, reason, wallNow));
    }

    private void writeLine(String line) throws IOException {
        byte[] bytes = ((tornTail ? "\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8);
        long before = file.size();
        try {
            file.appendAndForce(bytes);
            tornTail = false;
        } catch (IOException failed) {
            try {
                if (file.size() != before) {
                    file.truncate(before);
                }
            } catch (IOException cannotCutBack) {
                tornTail = true;
            }
            throw failed;
        }
    }

    /** Past sessions as the engine needs them, as the journal held them when it was opened. */
    public UsageHistory history() {
        return atOpen.history();
    }

    /** Lines that could not be read when the journal was opened (e.g. a torn last line). */
    public List<String> warnings() {
        return atOpen.warnings();
    }

    /** What the journal held when it was opened (the sessions and problems; the daemon keeps no more). */
    public JournalContents contents() {
        return atOpen;
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    /** Once per start: a torn or damaged line is worth a look, and a torn session start costs a whole session. */
    private void warnAboutProblems() {
        if (atOpen.problemCount() == 0) {
            return;
        }
        boolean tornStart = atOpen.sessions().stream().anyMatch(s -> s.cause().startsWith("torn"));
        List<JournalProblem> problems = atOpen.problems();
        log.warn("The journal has {} torn or unreadable line(s){}; the latest: {} ('massaged journal' lists them)",
                atOpen.problemCount(), tornStart ? ", counted on the safe side (a torn session start as a whole session)"
                        : "", problems.get(problems.size() - 1).text());
    }

    private static void rotateIfLarge(Path path, Instant now) throws IOException {
        if (!Files.exists(path) || Files.size(path) < ROTATE_AT) {
            return;
        }
        Path previous = JournalReader.previous(path);
        if (Files.exists(previous) && Files.getLastModifiedTime(previous).toInstant().isAfter(now.minus(KEEP_PREVIOUS))) {
            log.warn("The journal {} is over {} MiB but {} is less than {} days old; rotation waits", path,
                    ROTATE_AT / 1024 / 1024, previous, KEEP_PREVIOUS.toDays());
            return;
        }
        Files.move(path, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("Rotated the journal: {} now holds its earlier lines", previous);
    }

    private static boolean endsWithNewline(Path path) throws IOException {
        try (RandomAccessFile reader = new RandomAccessFile(path.toFile(), "r")) {
            long size = reader.length();
            if (size == 0) {
                return true;
            }
            reader.seek(size - 1);
            return reader.read() == '\n';
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Some platforms cannot open a directory for sync; the file itself is still forced on every line.
        }
    }
}
