package org.massaged.controller.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code set} (JSON), {@code set/<field>} (a plain value) and {@code get} payloads into a
 * {@link WireRequest}, strictly: invalid JSON, a wrong type or an unknown field is a {@link WireRejection}
 * naming the field. Pure: no I/O, no clock.
 */
public final class CommandParser {

    public static final Set<String> SETTABLE_FIELDS = Set.of("action", "program", "duration", "level", "heat");
    static final Set<String> JSON_FIELDS = Set.of("transaction", "issued_at", "action", "program", "duration",
            "level", "heat");
    private static final int MAX_TRANSACTION_LENGTH = 128;
    /** issued_at as epoch seconds: 1970-01-01 to 9999-12-31, the times ISO-8601 writes with four digits. */
    private static final BigDecimal LATEST_EPOCH_SECOND = BigDecimal.valueOf(253_402_300_799L);

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 1e309 is a number too large for a double, not infinity; every number is read exactly
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Whether a payload may ask for a stop or an emergency stop, looked at without reading it: it contains
     * "stop" in any case. Under a flood, such a message is never dropped unread (false positives only cost
     * a full reading).
     */
    static boolean mayBeAStop(byte[] payload) {
        for (int i = 0; i + 4 <= payload.length; i++) {
            if ((payload[i] | 0x20) == 's' && (payload[i + 1] | 0x20) == 't' && (payload[i + 2] | 0x20) == 'o'
                    && (payload[i + 3] | 0x20) == 'p') {
                return true;
            }
        }
        return false;
    }

    /** Whatever of transaction and issued_at can be read, even from a payload that is otherwise rejected. */
    public Optional<String> transactionOf(byte[] payload, Map<String, String> userProperties) {
        try {
            JsonNode node = json.readTree(text(payload));
            if (node != null && node.isObject()) {
                JsonNode transaction = node.get("transaction");
                if (transaction != null && (transaction.isTextual() || transaction.isIntegralNumber())) {
                    return Optional.of(truncate(transaction.asText()));
                }
            }
        } catch (WireRejection.Thrown | java.io.IOException | RuntimeException ignored) {
            // not JSON: fall through to the user property
        }
        return Optional.ofNullable(userProperties.get("transaction")).map(CommandParser::truncate);
    }

    public WireRequest parseSetJson(byte[] payload, Map<String, String> userProperties) throws WireRejection.Thrown {
        JsonNode root = readJson(payload);
        if (!root.isObject()) {
            throw WireRejection.of("wrong-type", "the set payload must be a JSON object such as "
                    + "{\"action\":\"start\"}, got a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)).thrown();
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!JSON_FIELDS.contains(name)) {
                throw WireRejection.field("unknown-field", abbreviate(name), "unknown field '" + abbreviate(name)
                        + "'; known fields: " + String.join(", ", JSON_FIELDS.stream().sorted().toList())).thrown();
            }
        }
        Optional<String> transaction = root.has("transaction")
                ? Optional.of(transaction(root.get("transaction"))) : userTransaction(userProperties);
        Optional<Instant> issuedAt = root.has("issued_at")
                ? Optional.of(issuedAt(root.get("issued_at"))) : userIssuedAt(userProperties);
        Optional<Action> action = root.has("action") ? Optional.of(action(text(root, "action"))) : Optional.empty();
        Optional<String> program = root.has("program") ? Optional.of(text(root, "program")) : Optional.empty();
        OptionalInt duration = root.has("duration") ? OptionalInt.of(integer(root, "duration")) : OptionalInt.empty();
        OptionalInt level = root.has("level") ? OptionalInt.of(integer(root, "level")) : OptionalInt.empty();
        Optional<Boolean> heat = root.has("heat") ? Optional.of(bool(root, "heat")) : Optional.empty();
        return new WireRequest(transaction, issuedAt, false, action, program, duration, level, heat);
    }

    public WireRequest parseSetField(String field, byte[] payload, Map<String, String> userProperties)
            throws WireRejection.Thrown {
        if (!SETTABLE_FIELDS.contains(field)) {
            throw WireRejection.field("unknown-field", abbreviate(field), "unknown topic set/" + abbreviate(field)
                    + "; known: set/" + String.join(", set/", SETTABLE_FIELDS.stream().sorted().toList())).thrown();
        }
        String value = text(payload).strip();
        Optional<String> transaction = userTransaction(userProperties);
        Optional<Instant> issuedAt = userIssuedAt(userProperties);
        Optional<Action> action = Optional.empty();
        Optional<String> program = Optional.empty();
        OptionalInt duration = OptionalInt.empty();
        OptionalInt level = OptionalInt.empty();
        Optional<Boolean> heat = Optional.empty();
        switch (field) {
            case "action" -> action = Optional.of(action(value.toLowerCase(Locale.ROOT)));
            case "program" -> {
                if (value.isEmpty()) {
                    throw WireRejection.field("wrong-type", field, "set/program expects a program id").thrown();
                }
                program = Optional.of(value);
            }
            case "duration" -> duration = OptionalInt.of(plainInteger(field, value));
            case "level" -> level = OptionalInt.of(plainInteger(field, value));
            case "heat" -> heat = Optional.of(plainBoolean(field, value));
            default -> throw new IllegalStateException(field);
        }
        return new WireRequest(transaction, issuedAt, false, action, program, duration, level, heat);
    }

    /** {@code get} takes an empty payload or a JSON object with transaction and issued_at only. */
    public WireRequest parseGet(byte[] payload, Map<String, String> userProperties) throws WireRejection.Thrown {
        Optional<String> transaction = userTransaction(userProperties);
        Optional<Instant> issuedAt = userIssuedAt(userProperties);
        if (payload.length > 0 && !text(payload).isBlank()) {
            JsonNode root = readJson(payload);
            if (!root.isObject()) {
                throw WireRejection.of("wrong-type", "the get payload must be empty or a JSON object").thrown();
            }
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("transaction") && !name.equals("issued_at")) {
                    throw WireRejection.field("unknown-field", abbreviate(name), "get takes only transaction and "
                            + "issued_at, got '" + abbreviate(name) + "'").thrown();
                }
            }
            if (root.has("transaction")) {
                transaction = Optional.of(transaction(root.get("transaction")));
            }
            if (root.has("issued_at")) {
                issuedAt = Optional.of(issuedAt(root.get("issued_at")));
            }
        }
        return new WireRequest(transaction, issuedAt, true, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty());
    }

    /** Parses the decoded text, never the bytes: Jackson would take a UTF-16 payload for JSON. */
    private JsonNode readJson(byte[] payload) throws WireRejection.Thrown {
        String text = text(payload);
        try {
            JsonNode root = json.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw WireRejection.of("invalid-json", "the payload is empty; expected a JSON object").thrown();
            }
            return root;
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker.*|\\s*at \\[Source.*", "");
            var location = e.getLocation();
            throw WireRejection.of("invalid-json", "the payload is not valid JSON"
                    + (location != null ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "")
                    + ": " + problem).thrown();
        } catch (java.io.IOException e) {
            throw WireRejection.of("invalid-json", "the payload could not be read: " + e.getMessage()).thrown();
        }
    }

    /**
     * The payload as text: UTF-8, without a byte order mark and without control characters but tab and line
     * ends. UTF-16 is valid UTF-8 full of NUL characters, so it is refused here rather than read as JSON.
     */
    private static String text(byte[] payload) throws WireRejection.Thrown {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw WireRejection.of("invalid-encoding", "the payload is not UTF-8 text").thrown();
        }
        if (text.startsWith("\uFEFF")) {
            throw WireRejection.of("invalid-encoding", "the payload starts with a byte order mark; send UTF-8 "
                    + "without one").thrown();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw WireRejection.of("invalid-encoding", "the payload has a control character (U+"
                        + String.format("%04X", (int) c) + ") at character " + (i + 1) + "; send UTF-8 text"
                        + (c == 0 ? " (UTF-16 is not accepted)" : "")).thrown();
            }
        }
        return text;
    }

    private static Action action(String text) throws WireRejection.Thrown {
        return Action.fromWire(text).orElseThrow(() -> WireRejection.field("invalid-value", "action",
                "unknown action '" + text + "'; expected one of " + Action.wireNames()).thrown());
    }

    private static String text(JsonNode root, String field) throws WireRejection.Thrown {
        JsonNode node = root.get(field);
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw wrongType(field, "a non-empty string", node);
        }
        return node.asText();
    }

    private static int integer(JsonNode root, String field) throws WireRejection.Thrown {
        JsonNode node = root.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(field, "an integer", node);
        }
        return node.intValue();
    }

    private static boolean bool(JsonNode root, String field) throws WireRejection.Thrown {
        JsonNode node = root.get(field);
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false", node);
        }
        return node.booleanValue();
    }

    private static int plainInteger(String field, String value) throws WireRejection.Thrown {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw WireRejection.field("wrong-type", field, "set/" + field + " expects an integer, got '"
                    + abbreviate(value) + "'").thrown();
        }
    }

    private static boolean plainBoolean(String field, String value) throws WireRejection.Thrown {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1" -> true;
            case "off", "false", "0" -> false;
            default -> throw WireRejection.field("wrong-type", field, "set/" + field
                    + " expects ON or OFF (or true/false), got '" + abbreviate(value) + "'").thrown();
        };
    }

    private static String transaction(JsonNode node) throws WireRejection.Thrown {
        if (!(node.isTextual() || node.isIntegralNumber()) || node.asText().isEmpty()
                || node.asText().length() > MAX_TRANSACTION_LENGTH) {
            throw wrongType("transaction", "a string of 1 to " + MAX_TRANSACTION_LENGTH + " characters or an integer",
                    node);
        }
        return node.asText();
    }

    private static Instant issuedAt(JsonNode node) throws WireRejection.Thrown {
        if (node.isNumber()) {
            return epochSeconds(node.decimalValue(), node.asText());
        }
        if (node.isTextual()) {
            return parseInstant(node.asText());
        }
        throw wrongType("issued_at", "an ISO-8601 time such as 2026-01-31T20:15:00Z or epoch seconds", node);
    }

    private static Instant parseInstant(String text) throws WireRejection.Thrown {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(text.strip());
            } catch (NumberFormatException notNumber) {
                throw WireRejection.field("wrong-type", "issued_at", "issued_at expects an ISO-8601 time with offset "
                        + "such as 2026-01-31T20:15:00Z or epoch seconds, got '" + abbreviate(text) + "'").thrown();
            }
            return epochSeconds(seconds, text);
        }
    }

    /** Epoch seconds, checked before conversion: a huge number never wraps round to a time near now. */
    private static Instant epochSeconds(BigDecimal seconds, String asWritten) throws WireRejection.Thrown {
        if (seconds.signum() < 0 || seconds.compareTo(LATEST_EPOCH_SECOND) > 0) {
            throw WireRejection.field("out-of-range", "issued_at", "issued_at as epoch seconds must be 0 to "
                    + LATEST_EPOCH_SECOND + " (1970 to 9999), got " + abbreviate(asWritten)).thrown();
        }
        BigDecimal nanos = seconds.remainder(BigDecimal.ONE).movePointRight(9);
        return Instant.ofEpochSecond(seconds.longValue(), nanos.intValue());
    }

    private static Optional<String> userTransaction(Map<String, String> userProperties) throws WireRejection.Thrown {
        String value = userProperties.get("transaction");
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || value.length() > MAX_TRANSACTION_LENGTH) {
            throw WireRejection.field("wrong-type", "transaction", "the transaction user property must have 1 to "
                    + MAX_TRANSACTION_LENGTH + " characters").thrown();
        }
        return Optional.of(value);
    }

    private static Optional<Instant> userIssuedAt(Map<String, String> userProperties) throws WireRejection.Thrown {
        String value = userProperties.get("issued_at");
        return value == null ? Optional.empty() : Optional.of(parseInstant(value));
    }

    private static WireRejection.Thrown wrongType(String field, String expected, JsonNode got) {
        return WireRejection.field("wrong-type", field, "field '" + field + "' expects " + expected + ", got "
                + abbreviate(got.toString())).thrown();
    }

    /** At most 40 characters of untrusted text, for messages. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TRANSACTION_LENGTH ? text : text.substring(0, MAX_TRANSACTION_LENGTH);
    }
}
