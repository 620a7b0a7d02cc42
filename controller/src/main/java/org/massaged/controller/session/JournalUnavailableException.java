package org.massaged.controller.session;

import java.io.IOException;
import java.nio.file.Path;

/** The journal cannot be opened: the message names the file, says what is wrong and how to fix it. */
public final class JournalUnavailableException extends IOException {

    private final Path journal;

    JournalUnavailableException(Path journal, IOException cause) {
        super(JournalErrors.explain(journal, cause), cause);
        this.journal = journal;
    }

    public Path journal() {
        return journal;
    }
}
