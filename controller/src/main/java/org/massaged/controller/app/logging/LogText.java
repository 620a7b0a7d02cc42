package org.massaged.controller.app.logging;

/**
 * Untrusted text made safe for a line-oriented log: a line break, a carriage return or any other control
 * character in a message (a JSON field name, a topic, a device's reply) is written as an escape, so that
 * nothing a sender controls can start a log line of its own or move the terminal's cursor.
 */
public final class LogText {

    private LogText() {}

    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(LogText::needsEscape)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    private static boolean needsEscape(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
