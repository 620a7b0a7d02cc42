package org.massaged.controller.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page, from the jar and nothing else: a fixed list of files read once at start. Its Content-Security-Policy
 * lets the page load and connect to this server alone.
 */
final class StaticFiles {

    static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private record File(String type, byte[] body) {}

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = files;
    }

    static StaticFiles load() {
        return new StaticFiles(Map.of(
                "/", read("index.html", "text/html; charset=utf-8"),
                "/app.js", read("app.js", "text/javascript; charset=utf-8"),
                "/style.css", read("style.css", "text/css; charset=utf-8")));
    }

    /** The page's weight in bytes, as served (uncompressed). */
    int weight() {
        return files.values().stream().mapToInt(file -> file.body().length).sum();
    }

    void serve(HttpExchange exchange, String path) throws IOException {
        File file = files.get(path.equals("/index.html") ? "/" : path);
        if (file == null) {
            Responses.refuse(exchange, new RequestGuard.Refusal(404, "not-found", "There is nothing at " + path
                    + "; the dashboard is at /."));
            return;
        }
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Type", file.type());
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        Responses.send(exchange, 200, file.type(), file.body());
    }

    private static File read(String name, String type) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return new File(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
