package org.massaged.device.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One end of the link, the same on host and microcontroller: decodes frames, checks the version, orders
 * reliable frames, acknowledges them, and retransmits its own until acknowledged (stop-and-wait: one
 * reliable frame in flight). A queued {@link Message.Setpoint} that has not left yet is replaced by a newer
 * one, since setpoints are absolute. Emergency stops bypass everything ({@link #outOfBand}).
 *
 * <p>Receiving uses the window of docs/protocol.md §3: a reliable frame up to 127 sequences ahead of the last
 * accepted one is new (the sender gave up on the ones in between), anything else is a duplicate; so a frame
 * the sender dropped for good ({@link #dropInFlight}) never holds back the frames after it. A rejected frame is
 * not acknowledged and its ACK field is not read.
 *
 * <p>Time is passed in (monotonic nanoseconds). Not thread-safe: the owner serialises calls.
 */
public final class LinkEndpoint {

    /** Writes encoded frames to the line. */
    @FunctionalInterface
    public interface Output {
        void write(byte[] frame);
    }

    /** Receives what the endpoint accepted or rejected. */
    public interface Inbox {
        void deliver(Message message);

        default void rejected(FrameError error, String detail) {}
    }

    private record Pending(Message message, int seq) {}

    private final Output output;
    private final Inbox inbox;
    private final long retransmitNanos;
    private final int maxAttempts;
    private final FrameDecoder decoder;
    private final Deque<Message> queue = new ArrayDeque<>();
    private int versionByte = ProtocolVersion.BYTE;
    private Pending inFlight;
    private long sentAt;
    private int attempts;
    private int nextSeq = 1;
    private int lastDelivered;
    private long now;
    private long retransmits;
    private long duplicates;
    private long dropped;
    private long versionErrors;
    private long payloadErrors;
    private Consumer<Frame> acceptedObserver = frame -> { };

    public LinkEndpoint(Output output, Inbox inbox, long retransmitNanos, int maxAttempts) {
        this.output = output;
        this.inbox = inbox;
        this.retransmitNanos = retransmitNanos;
        this.maxAttempts = maxAttempts;
        this.decoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void frame(Frame frame) {
                receive(frame);
            }

            @Override
            public void rejected(FrameError error) {
                inbox.rejected(error, error.name());
            }
        });
    }

    /** An emergency stop, encoded without sequence so it can be written from any thread at any time. */
    public static byte[] outOfBand(Message message) {
        return MessageCodec.frame(message, 0, 0).encode();
    }

    /** Sees every frame this endpoint acts on (after CRC, version, type and payload checks); diagnostics. */
    public void observeAccepted(Consumer<Frame> observer) {
        this.acceptedObserver = observer;
    }

    /** Speak another version byte on the way out (the simulator's wrong-version fault). */
    public void versionByte(int versionByte) {
        this.versionByte = versionByte;
    }

    /** Forgets everything in flight and starts sequences afresh (a new link session or a reset). */
    public void restart() {
        queue.clear();
        inFlight = null;
        attempts = 0;
        nextSeq = 1;
        lastDelivered = 0;
    }

    /** Forgets what this side was sending; keeps the receive sequence (the peer said hello). */
    public void restartTransmit() {
        queue.clear();
        inFlight = null;
        attempts = 0;
        nextSeq = 1;
    }

    public void receiveBytes(byte[] data, int offset, int length, long nowNanos) {
        now = nowNanos;
        decoder.feed(data, offset, length);
    }

    /** Whether part of a frame is held, waiting for the rest: only then does a pause on the line matter. */
    public boolean midFrame() {
        return decoder.midFrame();
    }

    /** The line was idle for a read timeout. */
    public void idle(long nowNanos) {
        now = nowNanos;
        decoder.idle();
    }

    public void sendReliable(Message message, long nowNanos) {
        now = nowNanos;
        if (!message.type().reliable()) {
            throw new IllegalArgumentException(message.type() + " is not a reliable type");
        }
        if (message instanceof Message.Setpoint) {
            queue.removeIf(queued -> queued instanceof Message.Setpoint);
        }
        queue.addLast(message);
        pump();
    }

    public void sendUnreliable(Message message) {
        if (message.type().reliable()) {
            throw new IllegalArgumentException(message.type() + " is a reliable type");
        }
        output.write(MessageCodec.frame(message, 0, lastDelivered, versionByte).encode());
    }

    /**
     * Retransmits what is overdue.
     *
     * @return false when a reliable frame went unacknowledged through every attempt: the link is dead
     */
    public boolean tick(long nowNanos) {
        now = nowNanos;
        if (inFlight != null && now - sentAt >= retransmitNanos) {
            if (attempts >= maxAttempts) {
                return false;
            }
            retransmits++;
            transmit();
        }
        return true;
    }

    /** When {@link #tick} next has work: the frame in flight is due again ({@link Long#MAX_VALUE}: none in flight). */
    public long retransmitDueAt() {
        return inFlight == null ? Long.MAX_VALUE : sentAt + retransmitNanos;
    }

    /**
     * Gives up on the frame in flight and sends the next queued one. The dropped frame's sequence is not reused
     * (the next frame takes the next number), so the peer's window delivers what follows. The microcontroller
     * does this after its last attempt; the host declares the link down instead.
     */
    public void dropInFlight(long nowNanos) {
        now = nowNanos;
        if (inFlight != null) {
            dropped++;
            inFlight = null;
            attempts = 0;
            pump();
        }
    }

    /** Reliable frames given up on by {@link #dropInFlight}. */
    public long dropped() {
        return dropped;
    }

    public boolean idleForReliable() {
        return inFlight == null && queue.isEmpty();
    }

    public long retransmits() {
        return retransmits;
    }

    public long duplicates() {
        return duplicates;
    }

    public long rejected(FrameError error) {
        return switch (error) {
            case BAD_VERSION -> versionErrors;
            case BAD_PAYLOAD, UNKNOWN_TYPE -> payloadErrors;
            default -> decoder.rejected(error);
        };
    }

    public long crcErrors() {
        return decoder.rejected(FrameError.BAD_CRC) + decoder.rejected(FrameError.OVERSIZE)
                + decoder.rejected(FrameError.TRUNCATED);
    }

    public long framesAccepted() {
        return decoder.accepted();
    }

    private void receive(Frame frame) {
        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            payloadErrors++;
            inbox.rejected(e.error(), e.getMessage());
            return;
        }
        MessageType type = message.type();
        if (type == MessageType.EMERGENCY_STOP) {
            acceptedObserver.accept(frame);
            inbox.deliver(message);
            return;
        }
        if (ProtocolVersion.major(frame.version()) != ProtocolVersion.major(versionByte)
                && !type.versionIndependent()) {
            versionErrors++;
            inbox.rejected(FrameError.BAD_VERSION, "frame of protocol %d.%d, expected %d.x".formatted(
                    ProtocolVersion.major(frame.version()), ProtocolVersion.minor(frame.version()),
                    ProtocolVersion.major(versionByte)));
            return;
        }
        if (frame.seq() == 0 ? type.reliable() : !type.reliable()) {
            payloadErrors++;
            inbox.rejected(FrameError.BAD_PAYLOAD, type + (type.reliable() ? " must carry a sequence number"
                    : " must not carry a sequence number"));
            return;
        }
        acceptedObserver.accept(frame);
        if (inFlight != null && frame.ack() == inFlight.seq()) {
            inFlight = null;
            attempts = 0;
        }
        if (frame.seq() == 0) {
            if (type != MessageType.ACK) {
                inbox.deliver(message);
            }
            pump();
            return;
        }
        boolean fresh = type.startsSequence() || isNew(frame.seq(), lastDelivered);
        if (fresh) {
            lastDelivered = frame.seq();
        } else {
            duplicates++;
        }
        sendUnreliable(new Message.Ack());
        if (fresh) {
            inbox.deliver(message);
        }
        pump();
    }

    private void pump() {
        if (inFlight == null && !queue.isEmpty()) {
            inFlight = new Pending(queue.removeFirst(), nextSeq);
            nextSeq = next(nextSeq);
            attempts = 0;
            transmit();
        }
    }

    private void transmit() {
        attempts++;
        sentAt = now;
        output.write(MessageCodec.frame(inFlight.message(), inFlight.seq(), lastDelivered, versionByte).encode());
    }

    private static int next(int seq) {
        return seq == 0xFF ? 1 : seq + 1;
    }

    /** Half the circle 1..255: a sequence this far ahead of the last accepted one or less is new. */
    static final int WINDOW = 127;

    /** Whether reliable sequence {@code seq} is new after {@code lastAccepted} (0: none accepted yet). */
    static boolean isNew(int seq, int lastAccepted) {
        if (lastAccepted == 0) {
            return true;
        }
        int distance = ((seq - 1) - (lastAccepted - 1) + 255) % 255;
        return distance >= 1 && distance <= WINDOW;
    }
}
