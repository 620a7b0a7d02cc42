package org.massaged.controller.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The pages listening on {@code GET /api/events} (Server-Sent Events): a bounded number of them, each with a
 * bounded queue, each served by the request thread that holds its connection. Publishing never waits and encodes
 * nothing: the control thread hands over a frame whose JSON is written out by the first page thread that sends it
 * (nobody listening: nothing is encoded at all), and a state change is only a flag, so a page always gets the
 * latest state and never a backlog of old ones. A page whose queue is full is disconnected (its browser reconnects
 * and gets the current state first), so a slow page can never hold up the daemon or the other pages.
 */
final class EventStream {

    static final int MAX_CLIENTS = 8;
    static final int QUEUE_CAPACITY = 32;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** The current state as a frame, and the document it shows (to skip a state no different from the last sent). */
    record State(Object document, byte[] frame) {}

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Supplier<Optional<State>> currentState;
    private volatile boolean closed;

    /** {@code currentState}: the state to send now, encoded; empty before the first snapshot. */
    EventStream(Supplier<Optional<State>> currentState) {
        this.currentState = currentState;
    }

    /** Queues an event named {@code name} for every page; {@code json} is called at most once, by a page's thread. */
    void publish(String name, Supplier<byte[]> json) {
        if (clients.isEmpty()) {
            return;
        }
        Frame frame = new Frame(name, json);
        for (Client client : clients) {
            client.offer(frame);
        }
    }

    /** The state changed: every page sends the current one when it next writes. */
    void stateChanged() {
        for (Client client : clients) {
            client.stateChanged();
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
            client.sendState(out);
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

    static byte[] frame(String name, byte[] json) {
        byte[] head = ("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** An event to send: encoded once, by whichever page's thread gets to it first. */
    private static final class Frame {
        private final String name;
        private Supplier<byte[]> json;
        private byte[] bytes;

        Frame(String name, Supplier<byte[]> json) {
            this.name = name;
            this.json = json;
        }

        synchronized byte[] bytes() {
            if (bytes == null) {
                bytes = frame(name, json.get());
                json = null;
            }
            return bytes;
        }
    }

    /** Markers in a page's queue, never sent as they are; this stream's own, so that no daemon shares them. */
    private final Frame stateMarker = new Frame("state", () -> new byte[0]);
    private final Frame endMarker = new Frame("end", () -> new byte[0]);

    private final class Client {
        final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY + 1);
        private final AtomicBoolean stateDue = new AtomicBoolean();
        private Object lastDocument; // this page's thread only

        void end() {
            queue.offer(endMarker);
        }

        void stateChanged() {
            if (stateDue.compareAndSet(false, true)) {
                offer(stateMarker);
            }
        }

        /** Never blocks: a page that has fallen a whole queue behind is told to go (and reconnects). */
        void offer(Frame frame) {
            if (queue.remainingCapacity() <= 1 || !queue.offer(frame)) {
                queue.clear();
                queue.offer(endMarker);
            }
        }

        void sendState(OutputStream out) throws IOException {
            stateDue.set(false);
            Optional<State> state = currentState.get();
            if (state.isPresent() && !state.get().document().equals(lastDocument)) {
                lastDocument = state.get().document();
                out.write(state.get().frame());
            }
        }

        void pump(OutputStream out) throws IOException, InterruptedException {
            while (true) {
                Frame frame = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == endMarker) {
                    return;
                }
                if (frame == stateMarker) {
                    sendState(out);
                } else {
                    out.write(frame == null ? ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8) : frame.bytes());
                }
                out.flush();
            }
        }
    }
}
