package org.massaged.device.profile.yaml;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations the way the files write them: {@code 10m}, {@code 30s}, {@code 750ms}, {@code 1h}, {@code 2m30s}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|min|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ms|min|s|m|h))+");
    private static final double MAX_MILLIS = 10.0 * 24 * 3600 * 1000;

    private Durations() {}

    /** {@code 500ms}, {@code 30s}, {@code 10m} or {@code 10min}, {@code 1h}, {@code 2m30s}; empty if not one. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        double millis = 0;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            millis += Double.parseDouble(part.group(1)) * switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m", "min" -> 60_000;
                default -> 3_600_000;
            };
        }
        return millis > MAX_MILLIS ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(millis)));
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
