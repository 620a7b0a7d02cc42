package org.massaged.controller.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Limits;

/**
 * Reads {@code set} (JSON), {@code set/<field>} (a plain value) and {@code get} payloads into a
 * {@link WireRequest}, strictly: invalid JSON, a wrong type or an unknown field is a {@link WireRejection}
 * naming the field. Pure: no I/O, no clock.
 */
public final class CommandParser {

    /** The settings MQTT may set, from the table of controls, in its order. */
    static final List<Control> SETTINGS = Controls.settings().stream()
            .filter(control -> control.writableOn(Control.Channel.MQTT)).toList();
    /** The {@code set/<field>} topics: {@code action} for every action, and one per setting. */
    public static final Set<String> SETTABLE_FIELDS = names(Stream.concat(Stream.of("action"),
            SETTINGS.stream().map(Control::name)));
    static final Set<String> JSON_FIELDS = names(Stream.concat(Stream.of("transaction", "issued_at"),
            SETTABLE_FIELDS.stream()));
    private static final int MAX_TRANSACTION_LENGTH = 128;
    /** issued_at as epoch seconds: 1970-01-01 to 9999-12-31, the times ISO-8601 writes with four digits. */
    private static final BigDecimal LATEST_EPOCH_SECOND = BigDecimal.valueOf(253_402_300_799L);

    private final Optional<Limits> limits;
    /** 1e309 is a number too large for a double, not infinity: every number is read exactly. */
    private final JsonCodec json = JsonCodec.exactDecimals();

    /** A parser whose answers name the setting's type only. */
    public CommandParser() {
        this.limits = Optional.empty();
    }

    /** A parser whose answers also name what this device takes: a number's range, a select's options. */
    public CommandParser(Limits limits) {
        this.limits = Optional.of(limits);
    }

    private static Set<String> names(Stream<String> names) {
        Set<String> ordered = names.collect(Collectors.toCollection(LinkedHashSet::new));
        return Collections.unmodifiableSet(ordered);
    }

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
            JsonNode node = json.read(text(payload));
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
        Optional<Control> action = root.has("action") ? Optional.of(action(text(root, "action"))) : Optional.empty();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Control setting : SETTINGS) {
            if (root.has(setting.name())) {
                settings.put(setting.name(), jsonValue(setting, root.get(setting.name())));
            }
        }
        return new WireRequest(transaction, issuedAt, false, action, settings);
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
        if (field.equals("action")) {
            return new WireRequest(transaction, issuedAt, false, Optional.of(action(value.toLowerCase(Locale.ROOT))),
                    Map.of());
        }
        Control setting = SETTINGS.stream().filter(control -> control.name().equals(field)).findFirst().orElseThrow();
        return new WireRequest(transaction, issuedAt, false, Optional.empty(),
                Map.of(field, plainValue(setting, value)));
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
        return new WireRequest(transaction, issuedAt, true, Optional.empty(), Map.of());
    }

    /** Parses the decoded text, never the bytes: Jackson would take a UTF-16 payload for JSON. */
    private JsonNode readJson(byte[] payload) throws WireRejection.Thrown {
        String text = text(payload);
        try {
            JsonNode root = json.read(text);
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

    /** An action by its control's name; the actions MQTT takes are the table's. */
    private static Control action(String text) throws WireRejection.Thrown {
        List<Control> actions = Controls.actions().stream()
                .filter(control -> control.writableOn(Control.Channel.MQTT)).toList();
        return actions.stream().filter(control -> control.name().equals(text)).findFirst()
                .orElseThrow(() -> WireRejection.field("invalid-value", "action", "unknown action '" + abbreviate(text)
                        + "'; expected one of " + String.join(", ", actions.stream().map(Control::name).toList()))
                        .thrown());
    }

    private String text(JsonNode root, String field) throws WireRejection.Thrown {
        JsonNode node = root.get(field);
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw wrongType(field, "a non-empty string", node);
        }
        return node.asText();
    }

    /** A setting's value in a JSON {@code set}: its kind's JSON type, exactly. */
    private Object jsonValue(Control setting, JsonNode node) throws WireRejection.Thrown {
        String field = setting.name();
        return switch (setting.kind()) {
            case SELECT -> {
                if (!node.isTextual() || node.asText().isEmpty()) {
                    throw wrongType(field, "a non-empty string" + expected(setting), node);
                }
                yield node.asText();
            }
            case NUMBER -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw wrongType(field, "an integer" + expected(setting), node);
                }
                yield node.intValue();
            }
            case SWITCH -> {
                if (!node.isBoolean()) {
                    throw wrongType(field, "true or false", node);
                }
                yield node.booleanValue();
            }
            case ACTION -> throw new IllegalStateException(field + " is not a setting");
        };
    }

    /** A setting's value on {@code set/<field>}: what Home Assistant's select, number or switch sends. */
    private Object plainValue(Control setting, String value) throws WireRejection.Thrown {
        String field = setting.name();
        return switch (setting.kind()) {
            case SELECT -> {
                if (value.isEmpty()) {
                    throw WireRejection.field("wrong-type", field, "set/" + field + " expects a " + field + " id"
                            + expected(setting)).thrown();
                }
                yield value;
            }
            case NUMBER -> {
                try {
                    yield Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw WireRejection.field("wrong-type", field, "set/" + field + " expects an integer"
                            + expected(setting) + ", got '" + abbreviate(value) + "'").thrown();
                }
            }
            case SWITCH -> switch (value.toLowerCase(Locale.ROOT)) {
                case "on", "true", "1" -> true;
                case "off", "false", "0" -> false;
                default -> throw WireRejection.field("wrong-type", field, "set/" + field
                        + " expects ON or OFF (or true/false), got '" + abbreviate(value) + "'").thrown();
            };
            case ACTION -> throw new IllegalStateException(field + " is not a setting");
        };
    }

    /**
     * What this device takes for a setting, from the engine's limits when the parser knows them: " (1 to 5)",
     * " (5 to 15 min)", " (one of gentle, kneading)"; the engine judges the value itself (docs/mqtt.md).
     */
    private String expected(Control setting) {
        if (limits.isEmpty()) {
            return "";
        }
        Control.Bounds bounds = setting.bounds().apply(limits.get());
        return switch (setting.kind()) {
            case NUMBER -> " (" + bounds.min() + " to " + bounds.max() + bounds.unit().map(unit -> " " + unit).orElse("")
                    + ")";
            case SELECT -> bounds.options().isEmpty() ? "" : " (one of " + abbreviate(String.join(", ",
                    bounds.options())) + ")";
            case SWITCH, ACTION -> "";
        };
    }

    private String transaction(JsonNode node) throws WireRejection.Thrown {
        if (!(node.isTextual() || node.isIntegralNumber()) || node.asText().isEmpty()
                || node.asText().length() > MAX_TRANSACTION_LENGTH) {
            throw wrongType("transaction", "a string of 1 to " + MAX_TRANSACTION_LENGTH + " characters or an integer",
                    node);
        }
        return node.asText();
    }

    private Instant issuedAt(JsonNode node) throws WireRejection.Thrown {
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

    private WireRejection.Thrown wrongType(String field, String expected, JsonNode got) {
        return WireRejection.field("wrong-type", field, "field '" + field + "' expects " + expected + ", got "
                + abbreviate(json.write(got))).thrown();
    }

    /** At most 40 characters of untrusted text, for messages. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TRANSACTION_LENGTH ? text : text.substring(0, MAX_TRANSACTION_LENGTH);
    }
}
