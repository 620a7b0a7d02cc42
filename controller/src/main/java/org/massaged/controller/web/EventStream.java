package org.massaged.controller.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pages listening on {@code GET /api/events} (Server-Sent Events): a bounded number of them, each with a
 * bounded queue. Publishing never waits: a page whose queue is full is disconnected (its browser reconnects and
 * gets the current state first), so a slow page can never hold up the daemon.
 */
final class EventStream {

    static final int MAX_CLIENTS = 8;
    static final int QUEUE_CAPACITY = 32;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicReference<byte[]> lastState = new AtomicReference<>();
    private volatile boolean closed;

    /** Sends {@code json} as an event named {@code name} to every page; remembers the last state for newcomers. */
    void publish(String name, byte[] json) {
        byte[] frame = frame(name, json);
        if (name.equals("state")) {
            lastState.set(frame);
        }
        for (Client client : clients) {
            client.offer(frame);
        }
    }

    int clientCount() {
        return clients.size();
    }

    /** Serves one page until it goes away, is too slow, or the dashboard closes. Runs on the exchange's thread. */
    void serve(HttpExchange exchange) throws IOException {
        if (closed || clients.size() >= MAX_CLIENTS) {
            Responses.refuse(exchange, new RequestGuard.Refusal(503, "busy", "Too many pages are connected ("
                    + MAX_CLIENTS + "); close one and reload."));
            return;
        }
        Client client = new Client();
        clients.add(client);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            byte[] state = lastState.get();
            if (state != null) {
                out.write(state);
            }
            out.flush();
            client.pump(out);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the page went away
        } finally {
            clients.remove(client);
            exchange.close();
        }
    }

    void close() {
        closed = true;
        clients.forEach(Client::end);
    }

    private static byte[] frame(String name, byte[] json) {
        byte[] head = ("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    private static final class Client {
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY + 1);
        /** The end of this page's stream, told apart from every frame by identity. */
        private final byte[] end = new byte[0];

        void end() {
            queue.offer(end);
        }

        /** Never blocks: a page that has fallen a whole queue behind is told to go (and reconnects). */
        void offer(byte[] frame) {
            if (queue.remainingCapacity() <= 1 || !queue.offer(frame)) {
                queue.clear();
                queue.offer(end);
            }
        }

        void pump(OutputStream out) throws IOException, InterruptedException {
            while (true) {
                byte[] frame = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == end) {
                    return;
                }
                out.write(frame == null ? ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8) : frame);
                out.flush();
            }
        }
    }
}
