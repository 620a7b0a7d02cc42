package org.massaged.controller.safety;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repeats of what is already latched: the same emergency stop sent again, the same fault reported again. They
 * change nothing, so the first of each kind in a latch is an event of its own and the rest are counted, then
 * reported as one {@link SessionEvent.RepeatedWhileLatched} per kind when the latch is reset, and at most once a
 * {@link #SUMMARY_EVERY} while they go on. A flood of stops then costs the journal a line a minute, not a line each.
 */
final class LatchedRepeats {

    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final Set<Cause> seen = new HashSet<>();
    private final Map<Cause, Long> counted = new LinkedHashMap<>();
    private long countingSinceNanos;

    /** Whether {@code what} is the first of its kind in this latch (to be reported); otherwise it is counted. */
    boolean first(Cause what, long nowNanos) {
        if (seen.add(what)) {
            return true;
        }
        if (counted.isEmpty()) {
            countingSinceNanos = nowNanos;
        }
        counted.merge(what, 1L, Long::sum);
        return false;
    }

    /** The counts, as events, once they have been gathering for {@link #SUMMARY_EVERY}. */
    void summariseIfDue(long nowNanos, List<SessionEvent> events) {
        if (!counted.isEmpty() && nowNanos - countingSinceNanos >= SUMMARY_EVERY.toNanos()) {
            summarise(events);
        }
    }

    /** The counts so far, as events (the daemon is stopping, or the latch is being cleared). */
    void summarise(List<SessionEvent> events) {
        counted.forEach((what, count) -> events.add(new SessionEvent.RepeatedWhileLatched(what, count)));
        counted.clear();
    }

    /** The latch is cleared: the counts are reported, and the next stop or fault is news again. */
    void cleared(List<SessionEvent> events) {
        summarise(events);
        seen.clear();
    }
}
