package org.massaged.controller.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.local.ControlPort;
import org.massaged.controller.app.local.LocalAnswers;
import org.massaged.controller.app.local.LocalProtocol;
import org.massaged.controller.history.HistoryStore;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.mqtt.CommandSink;
import org.massaged.controller.mqtt.Payloads;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard (docs/dashboard.md): the JDK's HTTP server serving the page from the jar, the state document
 * pushed as Server-Sent Events, and commands in the local socket's own format, answered by the same intake
 * ({@link LocalAnswers}). It hears the control thread as a {@link SessionObserver} and only hands over: the pages'
 * own threads encode what they send ({@link EventStream}), and with no page listening nothing is encoded at all.
 */
public final class Dashboard implements SessionObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    /** A request thread idle this long ends: memory is tight (≤ 64 MB), and a listening page needs only one. */
    private static final Duration IDLE_THREAD = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ExecutorService requests;
    private final RequestGuard guard;
    private final boolean reachableFromNetwork;
    private final EventStream events = new EventStream(this::currentState);
    private final LocalAnswers answers;
    private final StaticFiles files;
    private final byte[] controls;
    private final HistoryApi history;
    private final Payloads payloads;
    private final StateJson stateJson;
    private final Clock wallClock = Clock.systemUTC();
    private final AtomicReference<SessionSnapshot> latest = new AtomicReference<>();
    private final Object stateLock = new Object();
    private SessionSnapshot encodedFrom; // guarded by stateLock
    private EventStream.State encoded; // guarded by stateLock

    private Dashboard(HttpServer server, DaemonConfig.Dashboard settings, CommandSink commands, EngineConfig engine,
                      HistoryStore history) throws IOException {
        this.server = server;
        this.guard = new RequestGuard(settings.token());
        this.reachableFromNetwork = settings.reachableFromNetwork();
        LocalProtocol protocol = new LocalProtocol(Origin.WEB);
        // one Jackson mapper for the whole dashboard (memory: each mapper keeps caches of its own)
        this.payloads = new Payloads(protocol.codec());
        this.stateJson = protocol.stateJson();
        this.answers = new LocalAnswers(protocol, port(commands));
        this.files = StaticFiles.load();
        this.controls = ControlsJson.of(Limits.of(engine), protocol.codec());
        this.history = new HistoryApi(history, engine, wallClock, protocol.codec());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(EventStream.MAX_CLIENTS + 4, EventStream.MAX_CLIENTS + 4,
                IDLE_THREAD.toSeconds(), TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable ->
                daemonThread(runnable, "massaged-web-" + count.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        this.requests = pool;
        server.setExecutor(requests);
        server.createContext("/", this::handle);
    }

    /** Listens on the configured address; the caller has checked that a non-loopback one has a token. */
    public static Dashboard start(DaemonConfig.Dashboard settings, CommandSink commands, EngineConfig engine,
                                  HistoryStore history) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
        } catch (IOException e) {
            throw new IOException("The dashboard cannot listen on " + settings.bind() + ":" + settings.port() + " ("
                    + e.getMessage() + "); choose another dashboard.port, or stop what uses it", e);
        }
        Dashboard dashboard = new Dashboard(server, settings, commands, engine, history);
        server.start();
        log.info("Dashboard on http://{}:{}/{}", settings.bind(), dashboard.address().getPort(),
                settings.token().isPresent() ? " (token required)" : "");
        return dashboard;
    }

    /** How many pages are listening to the events now. */
    public int connectedPages() {
        return events.clientCount();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private ControlPort port(CommandSink commands) {
        return new ControlPort() {
            @Override
            public CompletableFuture<CommandResult> submit(Command command) {
                CompletableFuture<CommandResult> result = new CompletableFuture<>();
                commands.submit(command, result::complete);
                return result;
            }

            @Override
            public SessionSnapshot snapshot() {
                return latest.get();
            }
        };
    }

    // ---- the control thread's side: hand over, never wait ----

    @Override
    public void onSnapshot(SessionSnapshot snapshot) {
        latest.set(snapshot);
        events.stateChanged();
    }

    @Override
    public void onEvent(SessionEvent event) {
        var at = wallClock.instant();
        events.publish("event", () -> payloads.bytes(payloads.event(event, at)));
    }

    @Override
    public void onLink(boolean up, String detail) {
        var since = wallClock.instant();
        events.publish("link", () -> payloads.bytes(JsonCodec.object()
                .put("state", up ? "online" : "offline").put("detail", detail).put("since", since.toString())));
    }

    /**
     * The state document of the latest snapshot as an event, byte for byte as MQTT publishes it; encoded again only
     * when the document changed (so its {@code updated_at} is the time of the change). Called by the pages' threads.
     */
    private Optional<EventStream.State> currentState() {
        SessionSnapshot snapshot = latest.get();
        if (snapshot == null) {
            return Optional.empty();
        }
        synchronized (stateLock) {
            if (snapshot != encodedFrom) {
                encodedFrom = snapshot;
                StateDocument document = StateDocument.of(snapshot);
                if (encoded == null || !document.equals(encoded.document())) {
                    encoded = new EventStream.State(document, EventStream.frame("state",
                            stateJson.bytes(document.at(wallClock.instant()))));
                }
            }
            return Optional.of(encoded);
        }
    }

    // ---- requests ----

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (IOException gone) {
            log.debug("dashboard: {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    gone.getMessage());
        } catch (RuntimeException bug) {
            log.error("dashboard: {} {} failed: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), bug.toString());
            try {
                Responses.refuse(exchange, new RequestGuard.Refusal(500, "internal-error",
                        "The dashboard could not answer; the daemon's log says why."));
            } catch (IOException ignored) {
                // the page went away
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Optional<String> login = queryToken(exchange);
        if (login.isPresent() && guard.tokenRequired()) {
            logIn(exchange, login.get());
            return;
        }
        Optional<RequestGuard.Refusal> refusal = guard.checkToken(exchange.getRequestHeaders());
        if (refusal.isPresent()) {
            Responses.refuse(exchange, refusal.get());
            return;
        }
        if (path.equals("/api/command")) {
            command(exchange, method);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Responses.refuse(exchange, new RequestGuard.Refusal(405, "method-not-allowed",
                    "Only commands (POST /api/command) change anything; this is read with GET."));
            return;
        }
        switch (path) {
            case "/api/events" -> events.serve(exchange);
            case "/api/controls" -> Responses.json(exchange, 200, controls);
            case "/api/state" -> state(exchange);
            case "/api/history" -> history.list(exchange);
            case "/api/preview" -> history.preview(exchange);
            default -> {
                if (path.startsWith("/api/history/")) {
                    history.session(exchange, path.substring("/api/history/".length()));
                } else {
                    files.serve(exchange, path);
                }
            }
        }
    }

    /** {@code ?token=} once: the token goes into an HttpOnly, same-site cookie and out of the address bar. */
    private void logIn(HttpExchange exchange, String token) throws IOException {
        if (!guard.isToken(token)) {
            Responses.refuse(exchange, new RequestGuard.Refusal(401, "unauthorized", "That is not this dashboard's "
                    + "token."));
            return;
        }
        exchange.getResponseHeaders().add("Set-Cookie", RequestGuard.COOKIE + "=" + token
                + "; Path=/; HttpOnly; SameSite=Strict" + (RequestGuard.viaTlsProxy(exchange) ? "; Secure" : ""));
        exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getRawPath());
        Responses.send(exchange, 303, "text/plain", new byte[0]);
    }

    private static Optional<String> queryToken(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return Optional.of(java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private void state(HttpExchange exchange) throws IOException {
        SessionSnapshot snapshot = latest.get();
        if (snapshot == null) {
            Responses.refuse(exchange, new RequestGuard.Refusal(503, "not-ready", "massaged is still starting."));
            return;
        }
        Responses.json(exchange, 200, stateJson.bytes(StateDocument.of(snapshot).at(wallClock.instant())));
    }

    private void command(HttpExchange exchange, String method) throws IOException {
        Optional<RequestGuard.Refusal> refusal = guard.checkCommand(method, exchange.getRequestHeaders());
        if (refusal.isPresent()) {
            Responses.refuse(exchange, refusal.get());
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), LocalProtocol.MAX_LINE_BYTES + 1);
        if (body.length > LocalProtocol.MAX_LINE_BYTES) {
            Responses.refuse(exchange, new RequestGuard.Refusal(413, "too-large", "A command may be at most "
                    + LocalProtocol.MAX_LINE_BYTES + " bytes; nothing was done."));
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            Responses.refuse(exchange, new RequestGuard.Refusal(400, "invalid-json", "The command is not UTF-8 text."));
            return;
        }
        ObjectNode answer = answers.answer(text, origin(exchange));
        Responses.json(exchange, 200, payloads.codec().bytes(answer));
    }

    /**
     * Who may have sent a command: {@code web} when only this machine can reach the dashboard, {@code web-remote}
     * (under the remote start policy) when it listens on the network or the request came through a reverse proxy.
     */
    private Origin origin(HttpExchange exchange) {
        return reachableFromNetwork || RequestGuard.viaProxy(exchange.getRequestHeaders()) ? Origin.WEB_REMOTE
                : Origin.WEB;
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(limit);
            return body;
        }
    }

    private static Thread daemonThread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops listening: connected pages are told to go, requests in flight get a second to finish. */
    @Override
    public void close() {
        events.close();
        server.stop(1);
        requests.shutdownNow();
        try {
            requests.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
