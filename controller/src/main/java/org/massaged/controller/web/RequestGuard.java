package org.massaged.controller.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the dashboard: with a token configured, every request carries it ({@code Authorization: Bearer} or
 * the cookie the {@code ?token=} login sets); and a command comes only from the dashboard's own page (a JSON POST
 * whose {@code Origin}, or else {@code Sec-Fetch-Site}, says same origin), so another site open in the same browser
 * cannot command the chair. No CORS header is ever sent.
 */
final class RequestGuard {

    static final String COOKIE = "massaged_token";

    /** What a reverse proxy adds to the requests it passes on (RFC 7239, and the de-facto X- headers). */
    private static final java.util.List<String> FORWARDING_HEADERS = java.util.List.of("Forwarded", "X-Forwarded-For",
            "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP");

    /** Why a request is refused: the HTTP status and a sentence for the person. */
    record Refusal(int status, String reason, String message) {}

    private final Optional<byte[]> token;

    RequestGuard(Optional<String> token) {
        this.token = token.map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    boolean tokenRequired() {
        return token.isPresent();
    }

    /** Whether {@code candidate} is the token (compared in constant time). */
    boolean isToken(String candidate) {
        return token.map(expected -> MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8)))
                .orElse(true);
    }

    Optional<Refusal> checkToken(Headers headers) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && isToken(authorization.substring(7).strip())) {
            return Optional.empty();
        }
        if (cookie(headers).filter(this::isToken).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(401, "unauthorized", "This dashboard needs its token: open it once as "
                + "/?token=YOUR-TOKEN, or send 'Authorization: Bearer YOUR-TOKEN'."));
    }

    /** A command must be a JSON POST from this dashboard's own page. */
    Optional<Refusal> checkCommand(String method, Headers headers) {
        if (!method.equals("POST")) {
            return Optional.of(new Refusal(405, "method-not-allowed", "Commands are sent with POST."));
        }
        String type = headers.getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/json")) {
            return Optional.of(new Refusal(415, "unsupported-media-type",
                    "Commands are JSON: send them with 'Content-Type: application/json'."));
        }
        return checkSameOrigin(headers);
    }

    private static Optional<Refusal> checkSameOrigin(Headers headers) {
        String origin = headers.getFirst("Origin");
        String host = headers.getFirst("Host");
        if (origin != null) {
            if (host != null && authority(origin).filter(host::equalsIgnoreCase).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(403, "cross-origin", "A command must come from the dashboard's own "
                    + "page; Origin " + origin + " is not " + host + "."));
        }
        if ("same-origin".equals(headers.getFirst("Sec-Fetch-Site"))) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(403, "cross-origin", "A command must come from the dashboard's own page: "
                + "send an Origin header naming this host."));
    }

    /**
     * Whether the request came through a reverse proxy: it carries a forwarding header ({@code Forwarded},
     * {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} or {@code X-Real-IP}). Such a
     * request may come from anywhere the proxy listens, so its commands are remote; a client claiming it only makes
     * its own commands more restricted.
     */
    static boolean viaProxy(Headers headers) {
        return FORWARDING_HEADERS.stream().anyMatch(headers::containsKey);
    }

    /**
     * Whether the browser reached the dashboard over TLS through a reverse proxy on this machine: the request comes
     * from loopback and says {@code X-Forwarded-Proto: https}. Only a proxy on this machine is believed (the
     * dashboard's documented set-up binds to loopback behind it); a client on the network cannot claim it.
     */
    static boolean viaTlsProxy(HttpExchange exchange) {
        return exchange.getRemoteAddress().getAddress().isLoopbackAddress()
                && "https".equalsIgnoreCase(String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"))
                .strip());
    }

    private static Optional<String> authority(String origin) {
        try {
            return Optional.ofNullable(new URI(origin).getRawAuthority());
        } catch (URISyntaxException bad) {
            return Optional.empty();
        }
    }

    private static Optional<String> cookie(Headers headers) {
        for (String line : headers.getOrDefault("Cookie", java.util.List.of())) {
            for (String pair : line.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2 && parts[0].equals(COOKIE)) {
                    return Optional.of(parts[1]);
                }
            }
        }
        return Optional.empty();
    }
}
