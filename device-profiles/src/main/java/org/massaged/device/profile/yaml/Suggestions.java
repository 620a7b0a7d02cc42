package org.massaged.device.profile.yaml;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The known word a mistyped one most likely meant: a different case, or at most two edits away. */
public final class Suggestions {

    private Suggestions() {}

    /** {@code tickHz} for {@code tickhz} among the known keys; empty when nothing is close. */
    public static Optional<String> closest(String word, Collection<String> known) {
        String lower = word.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(candidate -> candidate.equalsIgnoreCase(word) || distance(candidate.toLowerCase(Locale.ROOT), lower) <= 2)
                .min(Comparator.comparingInt(candidate -> distance(candidate.toLowerCase(Locale.ROOT), lower)));
    }

    /** {@code " (did you mean \"tickHz\"?)"}, or nothing when no known word is close. */
    public static String didYouMean(String word, Collection<String> known) {
        return closest(word, known).map(candidate -> " (did you mean \"" + candidate + "\"?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
