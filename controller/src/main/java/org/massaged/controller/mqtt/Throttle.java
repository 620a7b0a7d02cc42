package org.massaged.controller.mqtt;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-second budgets for what a flood of commands multiplies: answers, events and log lines. Whatever is over
 * its budget is not sent but counted, and the counts come out once per second as one summary (the bridge
 * publishes it as the {@code throttled} event and one log line). Answers are budgeted per destination — the
 * requester's own response topic, or {@code <root>/response} for everyone who gave none (MQTT does not tell
 * the daemon who published a message) — and in total; the answers to stops have their own budget, so that no
 * flood of other commands can use it up. The budgets are listed in docs/mqtt.md ("Floods"). Confined to the
 * bridge's thread; the window is whatever lies between two calls of {@link #endWindow}.
 */
final class Throttle {

    /** What a budget counts, with its limits per destination and in total, per window (one second). */
    enum Budget {
        /** Answers to stop and emergency stop. */
        STOP_ANSWER(50, Integer.MAX_VALUE, Counted.ANSWER),
        /** Answers to other commands that could be read (accepted or not). */
        COMMAND_ANSWER(20, 100, Counted.ANSWER),
        /** Answers to {@code get} and to whatever could not be read. */
        OTHER_ANSWER(20, 100, Counted.ANSWER),
        REJECTED_EVENT(Integer.MAX_VALUE, 20, Counted.EVENT),
        EMERGENCY_STOP_EVENT(Integer.MAX_VALUE, 10, Counted.EVENT),
        SESSION_EVENT(Integer.MAX_VALUE, 100, Counted.EVENT),
        REJECTION_LOG(Integer.MAX_VALUE, 10, Counted.LOG_LINE);

        final int perDestination;
        final int total;
        final Counted counted;

        Budget(int perDestination, int total, Counted counted) {
            this.perDestination = perDestination;
            this.total = total;
            this.counted = counted;
        }
    }

    enum Counted { ANSWER, EVENT, LOG_LINE }

    /** What was held back in one window, by kind, and the answers' reason codes. */
    record Summary(Map<Counted, Long> held, Map<String, Long> reasons) {
        long of(Counted counted) {
            return held.getOrDefault(counted, 0L);
        }

        boolean isEmpty() {
            return held.values().stream().allMatch(count -> count == 0);
        }
    }

    /** Destinations tracked one by one per window; more share one budget. */
    static final int TRACKED_DESTINATIONS = 1024;
    private static final String OTHER_DESTINATIONS = "\u0000other";

    private final EnumMap<Budget, Integer> totals = new EnumMap<>(Budget.class);
    private final EnumMap<Budget, Map<String, Integer>> byDestination = new EnumMap<>(Budget.class);
    private final EnumMap<Counted, Long> held = new EnumMap<>(Counted.class);
    private final Map<String, Long> heldReasons = new TreeMap<>();

    /**
     * Whether one more item fits in its budget now; when it does not, it is counted for the summary.
     *
     * @param destination the answer's destination (ignored by budgets without one per destination)
     * @param reason      the answer's reason code, for the summary
     */
    boolean allow(Budget budget, String destination, String reason) {
        int total = totals.getOrDefault(budget, 0);
        Map<String, Integer> destinations = byDestination.computeIfAbsent(budget, unused -> new HashMap<>());
        String key = destinations.containsKey(destination) || destinations.size() < TRACKED_DESTINATIONS
                ? destination : OTHER_DESTINATIONS;
        int mine = budget.perDestination == Integer.MAX_VALUE ? 0 : destinations.getOrDefault(key, 0);
        if (total >= budget.total || mine >= budget.perDestination) {
            held.merge(budget.counted, 1L, Long::sum);
            if (budget.counted == Counted.ANSWER) {
                heldReasons.merge(reason, 1L, Long::sum);
            }
            return false;
        }
        totals.put(budget, total + 1);
        if (budget.perDestination != Integer.MAX_VALUE) {
            destinations.put(key, mine + 1);
        }
        return true;
    }

    /** Counts items that never came to a budget (e.g. commands dropped unread under a flood). */
    void heldBack(Counted counted, String reason, long count) {
        held.merge(counted, count, Long::sum);
        if (counted == Counted.ANSWER) {
            heldReasons.merge(reason, count, Long::sum);
        }
    }

    /** Ends the window: budgets start afresh; returns what was held back in it. */
    Summary endWindow() {
        Summary summary = new Summary(Map.copyOf(held), Map.copyOf(heldReasons));
        totals.clear();
        byDestination.clear();
        held.clear();
        heldReasons.clear();
        return summary;
    }
}
