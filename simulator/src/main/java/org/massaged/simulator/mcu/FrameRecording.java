package org.massaged.simulator.mcu;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameDecoder;

/**
 * What crossed the simulated line, before line faults touched it, and what the firmware accepted: with it a
 * test proves that no frame damaged on the line was ever acted on.
 */
public final class FrameRecording {
    private final Set<Frame> sentByHost = ConcurrentHashMap.newKeySet();
    private final Set<Frame> sentByMcu = ConcurrentHashMap.newKeySet();
    private final Set<Frame> acceptedByMcu = ConcurrentHashMap.newKeySet();
    private final FrameDecoder hostStream = new FrameDecoder(sentByHost::add);
    private final FrameDecoder mcuStream = new FrameDecoder(sentByMcu::add);

    synchronized void hostBytes(byte[] clean, int length) {
        hostStream.feed(clean, 0, length);
    }

    synchronized void mcuBytes(byte[] clean) {
        mcuStream.feed(clean);
    }

    void acceptedByMcu(Frame frame) {
        acceptedByMcu.add(frame);
    }

    /** Frames the host wrote, as they were before the line damaged any. */
    public Set<Frame> sentByHost() {
        return Set.copyOf(sentByHost);
    }

    /** Frames the firmware wrote, as they were before the line damaged any. */
    public Set<Frame> sentByMcu() {
        return Set.copyOf(sentByMcu);
    }

    /** Frames the firmware acted on. */
    public Set<Frame> acceptedByMcu() {
        return Set.copyOf(acceptedByMcu);
    }
}
