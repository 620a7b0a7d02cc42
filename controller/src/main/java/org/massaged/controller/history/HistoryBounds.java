package org.massaged.controller.history;

/**
 * How much history is kept: at most {@code sessions} sessions and {@code bytes} bytes of session files; past either
 * bound the oldest sessions are deleted. docs/history.md says why the defaults are what they are.
 */
public record HistoryBounds(int sessions, long bytes) {

    /** About a year of daily use, and a small share of a Pi's SD card (a 30-minute trace is ~150 KB). */
    public static final HistoryBounds DEFAULT = new HistoryBounds(400, 32L * 1024 * 1024);

    public HistoryBounds {
        if (sessions < 1 || bytes < 1) {
            throw new IllegalArgumentException("history bounds must be positive: " + sessions + ", " + bytes);
        }
    }
}
