package org.massaged.firmware;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameDecoder;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.MessageType;
import org.massaged.device.protocol.ProtocolException;

/**
 * A host written by hand for the tests that need frames the daemon would never send (the golden frames as
 * they are, a CONFIGURE with a session cap of seconds): jSerialComm on the bench's pseudo-terminal, the
 * protocol's Java codec, and nothing else of the daemon.
 */
final class ScriptedHost implements AutoCloseable {
    private final SerialPort port;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean open = true;

    private ScriptedHost(SerialPort port) {
        this.port = port;
        FrameDecoder decoder = new FrameDecoder(received::add);
        this.reader = new Thread(() -> read(decoder), "scripted-host-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static ScriptedHost open(Path pty) {
        SerialPort port = SerialPort.getCommPort(pty.toString());
        port.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 50, 0);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open " + pty + ": error " + port.getLastErrorCode());
        }
        return new ScriptedHost(port);
    }

    private void read(FrameDecoder decoder) {
        byte[] buffer = new byte[512];
        while (open) {
            int n = port.readBytes(buffer, buffer.length);
            if (n > 0) {
                decoder.feed(buffer, 0, n);
            } else if (n == 0) {
                decoder.idle();
            } else {
                return;
            }
        }
    }

    void write(byte[] bytes) {
        if (port.writeBytes(bytes, bytes.length) != bytes.length) {
            throw new IllegalStateException("short write to the bench");
        }
    }

    void send(Message message, int seq, int ack) {
        write(MessageCodec.frame(message, seq, ack).encode());
    }

    /** Forgets what arrived so far. */
    void drain() {
        received.clear();
    }

    /** The next frame of that type (others are skipped), within the timeout. */
    Frame next(MessageType type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = received.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no " + type + " frame from the firmware within " + timeout);
            }
            if (frame.type() == type.code()) {
                return frame;
            }
        }
    }

    /** The next answer: any frame but STATUS (every status period) and BOOT (resent until acknowledged). */
    Frame nextAnswer(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = received.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no frame from the firmware within " + timeout);
            }
            if (frame.type() != MessageType.STATUS.code() && frame.type() != MessageType.BOOT.code()) {
                return frame;
            }
        }
    }

    static Message decode(Frame frame) {
        try {
            return MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            throw new AssertionError("the Java codec rejects the firmware's " + frame + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        port.closePort();
        reader.join(2000);
    }
}
