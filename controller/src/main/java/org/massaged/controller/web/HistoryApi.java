package org.massaged.controller.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.history.EnvelopeSvg;
import org.massaged.controller.history.HistoryContents;
import org.massaged.controller.history.HistoryJson;
import org.massaged.controller.history.HistoryStore;
import org.massaged.controller.history.ProgramPreview;
import org.massaged.controller.history.SessionSummary;
import org.massaged.controller.history.SessionTrace;
import org.massaged.controller.history.TraceSvg;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.device.profile.Zone;

/**
 * The dashboard's read-only views of the history and the program preview (docs/dashboard.md): the last sessions,
 * one session's graph, and a program's planned envelope from a dry run of the real engine ({@link ProgramPreview}).
 * The graphs are SVG drawn by the history's own plotter, sent inside JSON; every answer is bounded.
 */
final class HistoryApi {

    /** The most sessions {@code GET /api/history} lists, newest first. */
    static final int MAX_LISTED = 50;

    private record PreviewKey(String program, OptionalInt minutes, OptionalInt level) {}

    private record Cached(PreviewKey key, byte[] json) {}

    private final HistoryStore store;
    private final EngineConfig engine;
    private final int topLevel;
    private final Clock wallClock;
    private final JsonCodec json;
    /** A dry run takes a core for a moment: one at a time, the others are told the daemon is busy. */
    private final Semaphore previewing = new Semaphore(1);
    private final AtomicReference<Cached> lastPreview = new AtomicReference<>();

    HistoryApi(HistoryStore store, EngineConfig engine, Clock wallClock, JsonCodec json) {
        this.store = store;
        this.engine = engine;
        this.topLevel = engine.profile().zones().stream().mapToInt(zone -> zone.actuator().levels()).max().orElse(10);
        this.wallClock = wallClock;
        this.json = json;
    }

    /** {@code GET /api/history}: the kept count, the last sessions newest first, and today's sessions and time run. */
    void list(HttpExchange exchange) throws IOException {
        HistoryContents contents = store.read();
        Instant now = wallClock.instant();
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("kept", contents.sessions().size());
        List<SessionSummary> sessions = contents.sessions();
        var listed = out.putArray("sessions");
        for (int i = sessions.size() - 1; i >= Math.max(0, sessions.size() - MAX_LISTED); i--) {
            listed.add(HistoryJson.summary(sessions.get(i)));
        }
        out.putObject("today").put("sessions", contents.today(now).size())
                .put("ran_s", contents.ranToday(now).toSeconds());
        out.put("problems", contents.problems().size());
        Responses.json(exchange, 200, json.bytes(out));
    }

    /** {@code GET /api/history/ID}: the session's fields and its graph. */
    void session(HttpExchange exchange, String id) throws IOException {
        Optional<SessionTrace> trace = Optional.empty();
        if (id.matches("\\d{1,12}")) {
            trace = store.trace(Long.parseLong(id));
        }
        if (trace.isEmpty()) {
            Responses.refuse(exchange, new RequestGuard.Refusal(404, "not-found", "The history has no session " + id
                    + "."));
            return;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("session", HistoryJson.summary(trace.get().summary()));
        out.put("samples", trace.get().samples().size());
        out.put("svg", TraceSvg.render(trace.get(), topLevel));
        Responses.json(exchange, 200, json.bytes(out));
    }

    /** {@code GET /api/preview?program=P&minutes=M&level=L}: the engine's dry run of that start, and its graph. */
    void preview(HttpExchange exchange) throws IOException {
        PreviewKey key;
        try {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            key = new PreviewKey(query.getOrDefault("program", engine.defaultProgram()),
                    number(query, "minutes", 1, 600), number(query, "level", 0, 99));
            if (key.program().isBlank() || key.program().length() > 64) {
                throw new IllegalArgumentException("program must be a program's name (1 to 64 characters).");
            }
        } catch (IllegalArgumentException bad) {
            Responses.refuse(exchange, new RequestGuard.Refusal(400, "invalid-field", bad.getMessage()));
            return;
        }
        Cached cached = lastPreview.get();
        if (cached != null && cached.key().equals(key)) {
            Responses.json(exchange, 200, cached.json());
            return;
        }
        if (!previewing.tryAcquire()) {
            Responses.refuse(exchange, new RequestGuard.Refusal(503, "busy", "Another preview is being drawn; "
                    + "ask again in a moment."));
            return;
        }
        byte[] body;
        try {
            body = previewJson(key);
        } finally {
            previewing.release();
        }
        lastPreview.set(new Cached(key, body));
        Responses.json(exchange, 200, body);
    }

    private byte[] previewJson(PreviewKey key) {
        Optional<Duration> minutes = key.minutes().isPresent()
                ? Optional.of(Duration.ofMinutes(key.minutes().getAsInt())) : Optional.empty();
        ProgramPreview.Envelope envelope = ProgramPreview.run(engine, key.program(), minutes, key.level());
        CommandResult answer = envelope.answer();
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("program", key.program())
                .put("profile", envelope.profile()).put("result", answer.outcome().wireName())
                .put("reason", answer.reason()).put("message", answer.message());
        if (!answer.isRejected()) {
            out.put("level", envelope.level()).put("length_s", envelope.length().toMillis() / 1000.0)
                    .put("ran_s", envelope.ran().toSeconds()).put("peak_level", envelope.peak())
                    .put("ended_by", envelope.endedBy().orElse(null))
                    .put("svg", EnvelopeSvg.render(envelope, topLevel));
        }
        return json.bytes(out);
    }

    private static OptionalInt number(Map<String, String> query, String name, int min, int max) {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return OptionalInt.of(value);
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '"
                + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "'.");
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            values.putIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}
