package org.massaged.controller.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.SessionEvent;

/**
 * The journal's line format: one JSON object per line, {@code {"at":"<ISO instant>","type":"...", ...}}.
 * Durations are ISO-8601 ({@code PT5M}) strings; origins are lower-case names. docs/safety.md lists every type.
 */
final class JournalFormat {

    /** The device disproved the fault that ended the session before it: no rest is due after that session. */
    static final String FAULT_DISPROVED = "fault-disproved";
    private static final Pattern AT = Pattern.compile("^\\{\"at\":\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]*)(\"?)");
    private static final Pattern DURATION = Pattern.compile("\"duration\":\"([^\"]*)\"");
    private static final String STARTED = "session-started";

    private final JsonCodec json = new JsonCodec();

    String line(SessionEvent event, Instant at) {
        ObjectNode node = JsonCodec.object();
        node.put("at", at.toString());
        if (event instanceof SessionEvent.Started started) {
            node.put("type", STARTED);
            node.put("program", started.program());
            node.put("duration", started.duration().toString());
            node.put("level", started.level());
            node.put("heat", started.heat());
            node.put("origin", origin(started.origin().name()));
            node.put("progressEvery", SessionEvent.Progress.EVERY.toString());
        } else if (event instanceof SessionEvent.Progress progress) {
            node.put("type", "session-progress");
            node.put("program", progress.program());
            node.put("ran", progress.ran().toString());
            progress.exposure().ifPresent(exposure -> node.put("exposure", exposure));
        } else if (event instanceof SessionEvent.Ended ended) {
            node.put("type", "session-ended");
            node.put("program", ended.program());
            node.put("ran", ended.ran().toString());
            node.put("cause", ended.cause().text());
            node.put("maxLevel", ended.maxLevel());
            ended.exposure().ifPresent(exposure -> node.put("exposure", exposure));
        } else if (event instanceof SessionEvent.Faulted faulted) {
            node.put("type", "fault");
            node.put("code", faulted.code());
            node.put("message", faulted.message());
        } else if (event instanceof SessionEvent.FaultDisproved disproved) {
            node.put("type", FAULT_DISPROVED);
            node.put("code", disproved.code());
            node.put("text", disproved.message());
        } else if (event instanceof SessionEvent.EmergencyStopped emergency) {
            node.put("type", "emergency-stop");
            node.put("origin", origin(emergency.origin().name()));
        } else if (event instanceof SessionEvent.RepeatedWhileLatched repeated) {
            node.put("type", "repeated-while-latched");
            node.put("what", repeated.what().text());
            node.put("count", repeated.count());
        } else if (event instanceof SessionEvent.LatchReset reset) {
            node.put("type", "latch-reset");
            node.put("origin", origin(reset.origin().name()));
            node.put("cleared", reset.cleared().wireName());
        } else if (event instanceof SessionEvent.PhaseChanged changed) {
            node.put("type", "phase");
            node.put("text", changed.from().wireName() + " -> " + changed.to().wireName() + " (" + changed.cause().text() + ")");
        } else if (event instanceof SessionEvent.StepChanged step) {
            node.put("type", "step");
            node.put("text", (step.index() + 1) + " " + step.name() + " (" + step.technique() + ")");
        } else if (event instanceof SessionEvent.Rejected rejected) {
            node.put("type", "rejected");
            node.put("text", rejected.command().getClass().getSimpleName() + ": " + rejected.result().reason()
                    + " - " + rejected.result().message());
        }
        return write(node);
    }

    String configRefused(String source, String reason, Instant at) {
        ObjectNode node = JsonCodec.object();
        node.put("at", at.toString());
        node.put("type", "config-refused");
        node.put("source", source);
        node.put("reason", reason);
        return write(node);
    }

    /** Parses one line (UTF-8); throws {@link IllegalArgumentException} saying what is wrong with it. */
    JournalEntry parse(byte[] bytes, int length, int line) {
        Fields node = fields(bytes, length);
        Instant at = instant(node.required("at"));
        String type = node.required("type");
        return switch (type) {
            case STARTED -> new JournalEntry.SessionStarted(at, line, node.required("program"),
                    duration(node.required("duration")), node.number("level"), node.isTrue("heat"),
                    node.text("origin"), node.has("progressEvery")
                            ? Optional.of(duration(node.required("progressEvery"))) : Optional.empty());
            case "session-progress" -> new JournalEntry.SessionProgress(at, line, node.required("program"),
                    duration(node.required("ran")), node.exposure("exposure"));
            case "session-ended" -> new JournalEntry.SessionEnded(at, line, node.required("program"),
                    duration(node.required("ran")), node.text("cause"), node.number("maxLevel"),
                    node.exposure("exposure"));
            case "fault" -> new JournalEntry.Fault(at, line, node.required("code"), node.text("message"));
            case "emergency-stop" -> new JournalEntry.EmergencyStop(at, line, node.text("origin"));
            case "repeated-while-latched" -> new JournalEntry.RepeatedWhileLatched(at, line, node.required("what"),
                    node.number("count"));
            case "latch-reset" -> new JournalEntry.LatchReset(at, line, node.text("origin"), node.text("cleared"));
            case "config-refused" -> new JournalEntry.ConfigRefused(at, line, node.text("source"), node.text("reason"));
            default -> new JournalEntry.Note(at, line, type, node.text("text"));
        };
    }

    /** The top-level fields of one JSON object: text as text, numbers and booleans by their token. */
    private record Fields(Map<String, JsonToken> tokens, Map<String, String> values) {

        boolean has(String field) {
            return tokens.containsKey(field) && tokens.get(field) != JsonToken.VALUE_NULL;
        }

        String required(String field) {
            if (tokens.get(field) != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
            }
            return values.get(field);
        }

        String text(String field) {
            return tokens.get(field) == JsonToken.VALUE_STRING ? values.get(field) : "";
        }

        int number(String field) {
            return tokens.get(field) == JsonToken.VALUE_NUMBER_INT ? (int) Long.parseLong(values.get(field)) : 0;
        }

        /**
         * A session's vibration exposure: a finite number of at least 0; anything else is taken as absent, so that
         * the session is counted on the safe side rather than lost with its line.
         */
        Optional<Double> exposure(String field) {
            JsonToken token = tokens.get(field);
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                return Optional.empty();
            }
            double value = Double.parseDouble(values.get(field));
            return Double.isFinite(value) && value >= 0 ? Optional.of(value) : Optional.empty();
        }

        boolean isTrue(String field) {
            return tokens.get(field) == JsonToken.VALUE_TRUE;
        }
    }

    /** Reads the line as one JSON object (streaming: no tree), nothing after it. */
    private Fields fields(byte[] bytes, int length) {
        Map<String, JsonToken> tokens = new HashMap<>();
        Map<String, String> values = new HashMap<>();
        try (JsonParser parser = json.factory().createParser(bytes, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else {
                    values.put(name, parser.getText());
                }
                tokens.put(name, value);
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not JSON (more after the object)");
            }
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException malformed ? malformed.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("not JSON (" + why + ")");
        }
        return new Fields(tokens, values);
    }

    /** What is left of a line whose write was cut short: the start of a JSON object that never closes. */
    record Torn(Optional<Instant> at, boolean mayBeStart, Optional<Duration> duration) {}

    /**
     * A torn write (power lost, or the process killed, mid-line) leaves a prefix of a valid line; corruption leaves
     * anything else. Empty when the line is not such a prefix. What the prefix still shows is kept: its time, and
     * whether it may be a session start (its type is cut off, or is a prefix of {@code session-started}).
     */
    Optional<Torn> torn(byte[] bytes, int length) {
        int complete = withoutPartialCharacter(bytes, length);
        if (!isObjectPrefix(bytes, complete)) {
            return Optional.empty();
        }
        String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
        Matcher at = AT.matcher(text);
        Optional<Instant> when = at.find() ? parsedInstant(at.group(1)) : Optional.empty();
        Matcher type = TYPE.matcher(text);
        boolean mayBeStart = !type.find()
                || (type.group(2).isEmpty() ? STARTED.startsWith(type.group(1)) : STARTED.equals(type.group(1)));
        Matcher duration = DURATION.matcher(text);
        Optional<Duration> declared = duration.find() ? parsedDuration(duration.group(1)) : Optional.empty();
        return Optional.of(new Torn(when, mayBeStart, declared));
    }

    private boolean isObjectPrefix(byte[] bytes, int length) {
        try (JsonParser parser = json.factory().createParser(bytes, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.END_OBJECT && parser.getParsingContext().inRoot()) {
                    return false; // a whole object: not torn, just wrong
                }
            }
            return false;
        } catch (JsonEOFException endedTooSoon) {
            return true;
        } catch (IOException malformed) {
            return false;
        }
    }

    /** The length without a UTF-8 sequence cut off at the end (a tear may split a character). */
    private static int withoutPartialCharacter(byte[] bytes, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = bytes[length - back] & 0xFF;
            if (b < 0x80) {
                return length;
            }
            if (b >= 0xC0) {
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needed > back ? length - back : length;
            }
        }
        return length;
    }

    private static Optional<Instant> parsedInstant(String text) {
        Instant written = asWritten(text);
        if (written != null) {
            return Optional.of(written);
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The form {@link Instant#toString()} writes, {@code 2026-11-20T08:00:00[.fraction]Z}, read without the general
     * parser (a tenth of its cost: a year's journal is read at every start); null for any other form.
     */
    private static Instant asWritten(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int fraction = length - 1 - 19;
        if (fraction != 0 && (text.charAt(19) != '.' || fraction < 2 || fraction > 10)) {
            return null;
        }
        try {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = fraction == 0 ? 0 : digits(text, 20, length - 1) * POWERS[10 - fraction];
            if (hour > 23 || minute > 59 || second > 59) {
                return null;
            }
            long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (java.time.DateTimeException | NumberFormatException notADate) {
            return null;
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Optional<Duration> parsedDuration(String text) {
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static Instant instant(String text) {
        return parsedInstant(text).orElseThrow(() -> new IllegalArgumentException("'at' is not a time: " + text));
    }

    private static Duration duration(String text) {
        return parsedDuration(text).orElseThrow(() -> new IllegalArgumentException("not a duration: " + text));
    }

    private String write(ObjectNode node) {
        return json.write(node);
    }

    private static String origin(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
