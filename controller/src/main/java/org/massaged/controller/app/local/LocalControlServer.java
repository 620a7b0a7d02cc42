package org.massaged.controller.app.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.massaged.controller.safety.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local-only control channel: a Unix domain socket (never a network port), readable and writable by the
 * daemon's user and group only (0660), serving {@link LocalProtocol} lines. Each command goes to the control
 * thread through the {@link ControlPort}; the answer is the control thread's own {@link CommandResult}.
 */
public final class LocalControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalControlServer.class);
    /** How many clients may be connected at once; more are told the daemon is busy. */
    static final int MAX_CLIENTS = 4;
    /**
     * How long a client that finds every slot taken waits for one: a slot is freed only once the server has seen
     * its client close, so commands run one after another would otherwise be refused now and then.
     */
    static final Duration SLOT_WAIT = Duration.ofSeconds(1);

    private final Path socket;
    private final LocalProtocol protocol = new LocalProtocol();
    private final LocalAnswers answers;
    private final ServerSocketChannel server;
    private final ExecutorService workers;
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private LocalControlServer(Path socket, ControlPort port, ServerSocketChannel server) {
        this.socket = socket;
        this.answers = new LocalAnswers(protocol, port);
        this.server = server;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(MAX_CLIENTS, runnable -> {
            Thread thread = new Thread(runnable, "massaged-local-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::acceptLoop, "massaged-local-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code socket} and starts serving. A stale socket file left by a crashed daemon is replaced; a live
     * one (another daemon answering) is an error.
     */
    public static LocalControlServer start(Path socket, ControlPort port) throws IOException {
        checkUsable(socket);
        if (Files.exists(socket)) {
            Files.delete(socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            server.close();
            throw new IOException("Cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        LocalControlServer instance = new LocalControlServer(socket, port, server);
        instance.acceptor.start();
        log.info("Local control listening on {}", socket);
        return instance;
    }

    /**
     * Whether {@code socket} can be listened on, checked before the daemon starts anything: its directory exists
     * and is writable, the path fits a Unix socket address, and no other daemon answers there (a stale socket
     * file left by a crashed one is fine: it is replaced). The message says what to do.
     */
    public static void checkUsable(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("The directory for the control socket does not exist: " + parent + ". The "
                    + "packaged service gets /run/massaged from systemd (RuntimeDirectory=massaged); elsewhere name "
                    + "another socket with --socket PATH or localControl.socket, or try it with 'run --simulate'.");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new IOException("Cannot create the control socket in " + parent + ": permission denied. Name "
                    + "another socket with --socket PATH or localControl.socket.");
        }
        if (socket.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            throw new IOException("The control socket path " + socket + " is longer than a Unix socket allows (107 "
                    + "bytes); name a shorter one with --socket PATH or localControl.socket.");
        }
        if (Files.exists(socket) && answers(socket)) {
            throw new IOException("Another massaged is already listening on " + socket
                    + "; stop it first (systemctl stop massaged), or name another socket with --socket PATH.");
        }
    }

    /** Whether something listens on {@code socket}: a running daemon's control socket. */
    public static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException nobodyThere) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                log.warn("Local control: accept failed", e);
                continue;
            }
            try {
                if (!slots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    refuseBusy(client);
                    continue;
                }
            } catch (InterruptedException stopping) {
                closeQuietly(client);
                Thread.currentThread().interrupt();
                return;
            }
            clients.add(client);
            try {
                workers.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        clients.remove(client);
                        closeQuietly(client);
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException closing) {
                // close() ran between accept and here: this client is not served, and the loop ends
                clients.remove(client);
                closeQuietly(client);
                slots.release();
                return;
            }
        }
    }

    private void refuseBusy(SocketChannel client) {
        try (client) {
            write(client, protocol.result(CommandResult.rejected("busy", "Too many local clients are connected ("
                    + MAX_CLIENTS + "); try again."), Optional.empty()));
        } catch (IOException ignored) {
            // the client went away; nothing to tell
        }
    }

    private void serve(SocketChannel client) {
        ByteBuffer in = ByteBuffer.allocate(MAX_LINE_BYTES_WITH_NEWLINE);
        try {
            while (client.read(in) >= 0) {
                int newline;
                while ((newline = indexOfNewline(in)) >= 0) {
                    byte[] line = new byte[newline];
                    in.flip();
                    in.get(line);
                    in.get();
                    in.compact();
                    write(client, answer(line));
                }
                if (!in.hasRemaining()) {
                    write(client, protocol.result(CommandResult.rejected("too-large", "A request line may be at most "
                            + LocalProtocol.MAX_LINE_BYTES + " bytes; nothing was done."), Optional.empty()));
                    return;
                }
            }
        } catch (ClosedChannelException closed) {
            // server shutting down or client gone
        } catch (IOException e) {
            log.debug("Local control client ended: {}", e.getMessage());
        }
    }

    private static final int MAX_LINE_BYTES_WITH_NEWLINE = LocalProtocol.MAX_LINE_BYTES + 1;

    private static int indexOfNewline(ByteBuffer buffer) {
        for (int i = 0; i < buffer.position(); i++) {
            if (buffer.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private ObjectNode answer(byte[] bytes) {
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return protocol.result(CommandResult.rejected("invalid-json", "The request is not UTF-8 text."),
                    Optional.empty());
        }
        return answers.answer(line);
    }

    private void write(SocketChannel client, ObjectNode response) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((protocol.line(response) + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("Closing the control socket", e);
        }
        clients.forEach(LocalControlServer::closeQuietly);
        workers.shutdownNow();
        try {
            acceptor.join(1000);
            Files.deleteIfExists(socket);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("Removing the control socket", e);
        }
    }
}
