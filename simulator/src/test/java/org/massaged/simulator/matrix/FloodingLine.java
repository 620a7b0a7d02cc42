package org.massaged.simulator.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameDecoder;
import org.massaged.device.protocol.MessageType;

/**
 * A loopback TCP line between the daemon and the virtual massager that can make the board flood the daemon:
 * while flooding, every STATUS frame the board sends arrives {@code copies} times, each copy followed by a burst
 * of line noise (seeded). Frames are never cut: the flood goes in between whole frames. Otherwise bytes pass
 * through untouched, both ways, so that the massager's own line faults (bit errors) still reach the daemon.
 */
final class FloodingLine implements AutoCloseable {

    private static final long SEED = 0xF100D;
    private static final int NOISE_BYTES = 16;

    private final ServerSocket server;
    private final int boardPort;
    private final AtomicInteger copies = new AtomicInteger();
    private final AtomicLong flooded = new AtomicLong();
    private final Random random = new Random(SEED);
    private volatile boolean closed;
    private volatile Socket daemonSide;
    private volatile Socket boardSide;

    FloodingLine(int boardPort) throws IOException {
        this.boardPort = boardPort;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "flooding-line-accept");
        accept.setDaemon(true);
        accept.start();
        System.out.println("flooding line: noise seed " + SEED);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on each STATUS frame of the board arrives this many times (1: no flood). */
    void flood(int copiesOfEachStatus) {
        copies.set(copiesOfEachStatus);
    }

    /** Frames and noise bursts added so far. */
    long flooded() {
        return flooded.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket daemon = server.accept();
                Socket board = new Socket(InetAddress.getLoopbackAddress(), boardPort);
                daemon.setTcpNoDelay(true);
                board.setTcpNoDelay(true);
                closeQuietly(daemonSide);
                closeQuietly(boardSide);
                daemonSide = daemon;
                boardSide = board;
                start("daemon-to-board", () -> daemonToBoard(daemon.getInputStream(), board.getOutputStream()));
                start("board-to-daemon", () -> boardToDaemon(board.getInputStream(), daemon.getOutputStream()));
            } catch (IOException e) {
                if (!closed) {
                    System.out.println("flooding line: " + e);
                }
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void start(String name, Pump pump) {
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException gone) {
                // the other side closed: the daemon reconnects through accept
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void pass(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[4096];
        for (int count; (count = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, count);
            out.flush();
        }
    }

    /** When the daemon's first emergency-stop frame passed towards the board (System.nanoTime; 0: none yet). */
    long emergencyStopPassedAt() {
        return emergencyStopPassedAt.get();
    }

    private final AtomicLong emergencyStopPassedAt = new AtomicLong();

    private void daemonToBoard(InputStream in, OutputStream out) throws IOException {
        FrameDecoder frames = new FrameDecoder(frame -> {
            if (frame.type() == MessageType.EMERGENCY_STOP.code()) {
                emergencyStopPassedAt.compareAndSet(0, System.nanoTime());
            }
        });
        byte[] buffer = new byte[4096];
        for (int count; (count = in.read(buffer)) >= 0; ) {
            frames.feed(buffer, 0, count);
            out.write(buffer, 0, count);
            out.flush();
        }
    }

    private void boardToDaemon(InputStream in, OutputStream out) throws IOException {
        IOException[] failed = new IOException[1];
        FrameDecoder frames = new FrameDecoder(frame -> {
            try {
                out.write(frame.encode());
                if (frame.type() == MessageType.STATUS.code()) {
                    for (int copy = 1; copy < copies.get(); copy++) {
                        out.write(frame.encode());
                        byte[] noise = new byte[NOISE_BYTES];
                        random.nextBytes(noise);
                        out.write(noise);
                        flooded.incrementAndGet();
                    }
                }
                out.flush();
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        byte[] buffer = new byte[4096];
        for (int count; (count = in.read(buffer)) >= 0 && failed[0] == null; ) {
            if (copies.get() > 1) {
                frames.feed(buffer, 0, count);
            } else {
                out.write(buffer, 0, count);
                out.flush();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeQuietly(daemonSide);
        closeQuietly(boardSide);
    }
}
