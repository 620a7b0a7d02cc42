package org.massaged.controller.app;

import java.io.IOException;
import java.time.Instant;
import org.massaged.controller.safety.SessionEvent;

/** Where the control thread writes safety events, durably, before reporting them (S12). */
@FunctionalInterface
public interface EventJournal {

    void record(SessionEvent event, Instant wallNow) throws IOException;

    /** What a failed {@link #record} means for a person: which file, what went wrong, how to put it right. */
    default String explain(IOException failure) {
        return "the journal: " + failure.getMessage();
    }
}
