package org.massaged.device.protocol;

import java.util.EnumMap;
import java.util.Map;

/**
 * Turns a byte stream into frames. After any bad frame it resynchronises by discarding the sync byte it
 * started from and scanning for the next one, so a good frame that follows garbage or a damaged frame is
 * still found. Not thread-safe: one reader feeds it.
 */
public final class FrameDecoder {

    public interface Listener {
        void frame(Frame frame);

        default void rejected(FrameError error) {}
    }

    private final Listener listener;
    private final byte[] buffer = new byte[Frame.MAX_FRAME * 4];
    private final Map<FrameError, Long> rejections = new EnumMap<>(FrameError.class);
    private int length;
    private long accepted;

    public FrameDecoder(Listener listener) {
        this.listener = listener;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int offset, int count) {
        int position = offset;
        int end = offset + count;
        while (position < end) {
            int chunk = Math.min(end - position, buffer.length - length);
            System.arraycopy(data, position, buffer, length, chunk);
            length += chunk;
            position += chunk;
            drain();
        }
    }

    /** Whether part of a frame is held, waiting for the rest (a pause on the line now would truncate it). */
    public boolean midFrame() {
        return length > 0;
    }

    /** The line has been idle: a partly received frame will never complete. */
    public void idle() {
        while (length > 0) {
            if ((buffer[0] & 0xFF) == Frame.SYNC) {
                reject(FrameError.TRUNCATED);
                discard(1);
            }
            drain();
        }
    }

    public long accepted() {
        return accepted;
    }

    public long rejected(FrameError error) {
        return rejections.getOrDefault(error, 0L);
    }

    private void drain() {
        while (true) {
            int sync = indexOfSync();
            if (sync < 0) {
                if (length > 0) {
                    reject(FrameError.GARBAGE);
                }
                length = 0;
                return;
            }
            if (sync > 0) {
                reject(FrameError.GARBAGE);
                discard(sync);
            }
            if (length < 2) {
                return;
            }
            int payloadLength = buffer[1] & 0xFF;
            if (payloadLength > Frame.MAX_PAYLOAD) {
                reject(FrameError.OVERSIZE);
                discard(1);
                continue;
            }
            int total = payloadLength + Frame.OVERHEAD;
            if (length < total) {
                return;
            }
            int expected = Crc16.compute(buffer, 1, Frame.HEADER - 1 + payloadLength);
            int actual = (buffer[total - 2] & 0xFF) << 8 | (buffer[total - 1] & 0xFF);
            if (expected != actual) {
                reject(FrameError.BAD_CRC);
                discard(1);
                continue;
            }
            byte[] payload = new byte[payloadLength];
            System.arraycopy(buffer, Frame.HEADER, payload, 0, payloadLength);
            Frame frame = new Frame(buffer[2] & 0xFF, buffer[3] & 0xFF, buffer[4] & 0xFF, buffer[5] & 0xFF, payload);
            discard(total);
            accepted++;
            listener.frame(frame);
        }
    }

    private int indexOfSync() {
        for (int i = 0; i < length; i++) {
            if ((buffer[i] & 0xFF) == Frame.SYNC) {
                return i;
            }
        }
        return -1;
    }

    private void discard(int count) {
        System.arraycopy(buffer, count, buffer, 0, length - count);
        length -= count;
    }

    private void reject(FrameError error) {
        rejections.merge(error, 1L, Long::sum);
        listener.rejected(error);
    }
}
