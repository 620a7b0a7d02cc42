package org.massaged.device.profile.yaml;

import java.time.Duration;

/** Durations the way the files write them: {@code 10m}, {@code 30s}, {@code 750ms}, {@code 1h}, {@code 2m30s}. */
public final class Durations {

    private Durations() {}

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
