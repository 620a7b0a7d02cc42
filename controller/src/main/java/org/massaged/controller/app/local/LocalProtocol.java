package org.massaged.controller.app.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;

/**
 * The local channel's wire format: one JSON object per line, each answered by one JSON object per line.
 * The same command and result model as MQTT ({@code accepted} / {@code adjusted} / {@code rejected}, a reason
 * code and a sentence) and the same rules: a size limit, unknown fields and wrong types rejected, and a line
 * that is rejected changes nothing. Every command is posted with the channel's origin: {@link Origin#CLI} for the
 * socket, {@link Origin#WEB} or {@link Origin#WEB_REMOTE} for the dashboard. See docs/cli.md.
 */
public final class LocalProtocol {

    /** The longest request line accepted, in bytes (without the newline). */
    public static final int MAX_LINE_BYTES = 4096;

    /** The settings a {@code start} may give for its session only: the table's, each under its start field. */
    private static final List<Control> START_SETTINGS = Controls.settings().stream()
            .filter(control -> control.writableOn(Control.Channel.SOCKET)).toList();

    /** Read by every client's worker thread at once: built once, never changed. */
    private static final Map<String, Set<String>> FIELDS = fields();

    /**
     * The commands, from the table of controls ({@link Controls}): {@code start} (with its settings for this session
     * only), every other action without fields, every setting with one field of its own name, and {@code status}.
     */
    private static Map<String, Set<String>> fields() {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        for (Control control : Controls.ALL) {
            if (control.writableOn(Control.Channel.SOCKET)) {
                fields.put(control.name(), takesSettings(control)
                        ? START_SETTINGS.stream().map(LocalProtocol::startField).collect(Collectors.toUnmodifiableSet())
                        : control.isSetting() ? Set.of(control.name()) : Set.of());
            }
        }
        fields.put("status", Set.of());
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** The command names a client may send, in the table's order, then {@code status}. */
    public static Set<String> commands() {
        return FIELDS.keySet();
    }

    /** Whether an action takes settings for its own session: {@code start}. */
    public static boolean takesSettings(Control action) {
        return action.command() == Command.Start.class;
    }

    /** A setting's field in a {@code start}: its name, but for the length, given as {@code minutes}. */
    public static String startField(Control setting) {
        return setting.name().equals("duration") ? "minutes" : setting.name();
    }

    private final Origin origin;

    /** The control socket's protocol: commands from the command line. */
    public LocalProtocol() {
        this(Origin.CLI);
    }

    /** The same protocol for another local channel (the dashboard), whose commands carry {@code origin}. */
    public LocalProtocol(Origin origin) {
        this.origin = origin;
    }

    private final StateJson stateJson = new StateJson();
    private final JsonCodec json = new JsonCodec();

    public JsonCodec codec() {
        return json;
    }

    /** The state document's encoder this protocol answers {@code status} with, for a channel that sends it too. */
    public StateJson stateJson() {
        return stateJson;
    }

    public LocalRequest decode(String line) {
        return decode(line, origin);
    }

    /** A request of a channel whose origin is decided per request (the dashboard: local, or reached by network). */
    public LocalRequest decode(String line, Origin origin) {
        JsonNode root;
        try {
            root = json.read(line);
        } catch (JsonProcessingException e) {
            return invalid("invalid-json", "The request is not one JSON object: " + e.getOriginalMessage(),
                    Optional.empty());
        }
        if (root == null || !root.isObject()) {
            return invalid("invalid-json", "The request must be a JSON object such as {\"command\":\"status\"}.",
                    Optional.empty());
        }
        Optional<String> transaction = Optional.empty();
        JsonNode transactionNode = root.get("transaction");
        if (transactionNode != null) {
            if (!transactionNode.isTextual() || transactionNode.textValue().length() > 64) {
                return invalid("invalid-field", "\"transaction\" must be text of at most 64 characters.",
                        Optional.empty());
            }
            transaction = Optional.of(transactionNode.textValue());
        }
        JsonNode commandNode = root.get("command");
        if (commandNode == null || !commandNode.isTextual()) {
            return invalid("missing-field", "\"command\" is required: one of " + String.join(", ", FIELDS.keySet())
                    + ".", transaction);
        }
        String name = commandNode.textValue();
        Set<String> allowed = FIELDS.get(name);
        if (allowed == null) {
            return invalid("unknown-command", "Unknown command \"" + name + "\"; expected one of "
                    + String.join(", ", FIELDS.keySet()) + ".", transaction);
        }
        for (Iterator<String> fields = root.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("command") && !field.equals("transaction") && !allowed.contains(field)) {
                return invalid("unknown-field", "\"" + field + "\" is not a field of \"" + name + "\""
                        + (allowed.isEmpty() ? ", which takes none." : "; it takes " + String.join(", ",
                        allowed.stream().sorted().toList()) + "."), transaction);
            }
        }
        try {
            return decode(name, (ObjectNode) root, transaction, origin);
        } catch (IllegalArgumentException wrongType) {
            return invalid("invalid-field", wrongType.getMessage(), transaction);
        }
    }

    private static LocalRequest decode(String name, ObjectNode root, Optional<String> transaction, Origin origin) {
        Command command;
        if (name.equals("status")) {
            return new LocalRequest.Status(transaction);
        }
        Control control = Controls.named(name).orElseThrow(() -> new IllegalStateException("no decoder for " + name));
        if (takesSettings(control)) {
            List<Command.Setting> settings = new ArrayList<>();
            for (Control setting : START_SETTINGS) {
                String field = startField(setting);
                if (root.has(field)) {
                    settings.add((Command.Setting) setting.command(origin, value(setting, field, root)));
                }
            }
            command = Command.Start.with(origin, settings);
        } else {
            command = control.command(origin, control.isSetting() ? value(control, control.name(), root) : null);
        }
        return new LocalRequest.Submit(command, transaction);
    }

    private static Optional<String> optionalText(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > 64) {
            throw new IllegalArgumentException("\"" + field + "\" must be a name (text of 1 to 64 characters).");
        }
        return Optional.of(node.textValue());
    }

    /**
     * A whole number. Its range is the session engine's to judge (levels start at 1 and are capped at the ceiling),
     * so that one rule gives one answer, whichever input it came from.
     */
    private static OptionalInt optionalInt(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number, got " + node + ".");
        }
        return OptionalInt.of(node.intValue());
    }

    /** A length: at least one minute; the engine keeps it within the profile's range and says so. */
    private static OptionalInt optionalMinutes(ObjectNode root, String field) {
        OptionalInt minutes;
        try {
            minutes = optionalInt(root, field);
        } catch (IllegalArgumentException notANumber) {
            minutes = OptionalInt.of(0);
        }
        if (minutes.isPresent() && minutes.getAsInt() < 1) {
            throw new IllegalArgumentException("\"" + field + "\" must be a positive whole number of minutes (the "
                    + "daemon keeps the session within the profile's range), got " + root.get(field) + ".");
        }
        return minutes;
    }

    private static Optional<Boolean> optionalBoolean(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("\"" + field + "\" must be true or false, got " + node + ".");
        }
        return Optional.of(node.booleanValue());
    }

    /** The field of a setting, of the control's kind; required. */
    private static Object value(Control control, String field, ObjectNode root) {
        Optional<?> value = switch (control.kind()) {
            case NUMBER -> control.name().equals("duration") ? boxed(optionalMinutes(root, field)) : boxed(optionalInt(root, field));
            case SELECT -> optionalText(root, field);
            case SWITCH -> optionalBoolean(root, field);
            case ACTION -> Optional.empty();
        };
        return value.orElseThrow(() -> new IllegalArgumentException("\"" + field + "\" is required for " + field + "."));
    }

    private static Optional<Integer> boxed(OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }

    private static LocalRequest invalid(String reason, String message, Optional<String> transaction) {
        return new LocalRequest.Invalid(reason, message, transaction);
    }

    // ---- encoding ----

    public ObjectNode request(String command) {
        return JsonCodec.object().put("command", command);
    }

    public ObjectNode result(CommandResult result, Optional<String> transaction) {
        ObjectNode node = JsonCodec.object();
        transaction.ifPresent(id -> node.put("transaction", id));
        node.put("result", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        node.put("reason", result.reason());
        node.put("message", result.message());
        return node;
    }

    /** The answer to {@code status}: its {@code state} is the MQTT state document, byte for byte. */
    public ObjectNode status(SessionSnapshot snapshot, Instant now, Optional<String> transaction) {
        ObjectNode node = result(CommandResult.accepted("The daemon's state as of the last control tick."),
                transaction);
        node.set("state", stateJson.tree(StateDocument.of(snapshot).at(now)));
        return node;
    }

    public String line(JsonNode node) {
        return json.write(node);
    }
}
