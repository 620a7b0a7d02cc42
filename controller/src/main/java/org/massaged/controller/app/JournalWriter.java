package org.massaged.controller.app;

import java.io.IOException;
import java.time.Instant;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalErrors;

/** The control loop's journal: the fsync'd JSON-lines file of controller.session. */
final class JournalWriter implements EventJournal, AutoCloseable {

    private final Journal journal;

    JournalWriter(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void record(SessionEvent event, Instant wallNow) throws IOException {
        journal.append(event, wallNow);
    }

    @Override
    public String explain(IOException failure) {
        return JournalErrors.explain(journal.path(), failure) + " " + JournalKeeper.RETRY_SENTENCE;
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
