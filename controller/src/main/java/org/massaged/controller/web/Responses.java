package org.massaged.controller.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writing an answer: always a full length, never a CORS header, never cached, never a stack trace. */
final class Responses {

    private Responses() {}

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static void json(HttpExchange exchange, int status, byte[] json) throws IOException {
        send(exchange, status, "application/json", json);
    }

    /** A refusal in the command answers' own shape: {@code result}, {@code reason}, {@code message}. */
    static void refuse(HttpExchange exchange, RequestGuard.Refusal refusal) throws IOException {
        json(exchange, refusal.status(), ("{\"result\":\"rejected\",\"reason\":" + quoted(refusal.reason())
                + ",\"message\":" + quoted(refusal.message()) + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
