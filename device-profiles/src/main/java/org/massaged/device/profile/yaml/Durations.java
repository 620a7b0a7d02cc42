package org.massaged.device.profile.yaml;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every file massaged reads (configuration, profiles, programs, user overrides,
 * fault scripts) and of the simulator's fault commands; docs/configuration.md "Durations" describes it:
 * one or more parts {@code <number><unit>}, largest unit first, each unit at most once, no spaces, no sign.
 * The number is whole or decimal ({@code 1.5s}); the units are {@code h}, {@code m} (or {@code min}),
 * {@code s} and {@code ms}. A bare number is not a duration: the unit is always written. The value is
 * rounded to the millisecond and is at most 10 days.
 */
public final class Durations {

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern WHOLE = Pattern.compile("(?=.)(?:" + NUMBER + "h)?(?:" + NUMBER + "(?:min|m))?"
            + "(?:" + NUMBER + "s)?(?:" + NUMBER + "ms)?");
    private static final List<Long> UNIT_MILLIS = List.of(3_600_000L, 60_000L, 1_000L, 1L);
    private static final double MAX_MILLIS = 10.0 * 24 * 3600 * 1000;

    /** Examples for messages: {@code "'soon' is not a duration like " + LIKE}. */
    public static final String LIKE = "200ms, 2s, 1m or 1h";

    private Durations() {}

    /** {@code 500ms}, {@code 30s}, {@code 10m} or {@code 10min}, {@code 1h}, {@code 2m30s}; empty if not one. */
    public static Optional<Duration> parse(String text) {
        Matcher whole = WHOLE.matcher(text.strip());
        if (!whole.matches()) {
            return Optional.empty();
        }
        double millis = 0;
        for (int unit = 0; unit < UNIT_MILLIS.size(); unit++) {
            String amount = whole.group(unit + 1);
            if (amount != null) {
                millis += Double.parseDouble(amount) * UNIT_MILLIS.get(unit);
            }
        }
        return millis > MAX_MILLIS ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    /**
     * The duration {@code text} stands for.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text} and what the form is
     */
    public static Duration require(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(text.strip().startsWith("-")
                ? "'" + text + "' is negative; a duration is never negative, write it like " + LIKE
                : "'" + text + "' is not a duration like " + LIKE));
    }

    public static String show(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            text.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }

    /** {@code m:ss} for clock-like offsets in a session. */
    public static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
