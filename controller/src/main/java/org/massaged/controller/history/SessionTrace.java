package org.massaged.controller.history;

import java.util.List;

/** One session's summary and its trace, in time order, with what could not be read of its file. */
public record SessionTrace(SessionSummary summary, List<TraceSample> samples, List<String> problems) {
    public SessionTrace {
        samples = List.copyOf(samples);
        problems = List.copyOf(problems);
    }
}
