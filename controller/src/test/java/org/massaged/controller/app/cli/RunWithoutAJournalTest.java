package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code massaged run} with a journal it cannot open: what is wrong and how to fix it, exit 3, no stack trace. */
class RunWithoutAJournalTest {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureTheLog() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    @Test
    void aJournalPathThatIsADirectoryIsRefusedWithWhatToDo() throws Exception {
        Path journal = Files.createDirectories(directory.resolve("journal.jsonl"));

        int code = run(journal);

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("massaged: cannot open the safety journal; nothing was started:",
                journal + ": is a directory.", "Set journal: in the configuration to a file")
                .doesNotContain("\tat ", "Exception");
        assertThat(logged.list).as("no stack trace in the log").allSatisfy(
                event -> assertThat(event.getThrowableProxy()).isNull());
    }

    @Test
    void aJournalUnderAFileIsRefusedWithWhatToDo() throws Exception {
        Path file = Files.writeString(directory.resolve("state"), "");

        int code = run(file.resolve("journal.jsonl"));

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("is a file, not a directory").doesNotContain("\tat ");
    }

    private int run(Path journal) throws Exception {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\njournal: " + journal + "\n"
                + "localControl:\n  socket: " + directory.resolve("control.sock") + "\n");
        return Cli.execute(new String[] {"run", "--config", config.toString()}, Map.of(), Cli.defaultAssembly(),
                new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
