package org.massaged.controller.hardware.serial;

import java.util.Optional;

/**
 * The never-blind rule of docs/protocol.md §7: no valid STATUS for the status timeout is link down, and so is a
 * port that has not returned from a read for two seconds (its reads time out after 50 ms). Silence is judged only
 * once the reader has read past the deadline: after this process itself stalled (GC, a busy machine), the statuses
 * waiting in the port's buffer are read before anyone calls the board silent.
 */
final class Liveness {
    /** A reader that has not come back from the port for this long is stuck. */
    static final long READER_STUCK_NANOS = 2000 * HostLink.MS;

    private final long statusTimeoutNanos;
    private long lastStatusAt;
    /** When the reader last came back from the port (with bytes or after its read timeout). */
    private long lastReadAt;

    Liveness(long statusTimeoutNanos) {
        this.statusTimeoutNanos = statusTimeoutNanos;
    }

    /** The link came up now: both clocks start. */
    void restart(long nowNanos) {
        lastStatusAt = nowNanos;
        lastReadAt = nowNanos;
    }

    void read(long nowNanos) {
        lastReadAt = nowNanos;
    }

    void validStatus(long nowNanos) {
        lastStatusAt = nowNanos;
    }

    /**
     * The first moment {@link #lost} can turn true with no read in between: the reader's silence on the port, or,
     * once the reader has read past the status timeout, that silence itself. A silent board whose reads have not yet
     * passed the status timeout is judged at the read that does: the owner asks again after each read.
     */
    long deadline() {
        long readerStuck = lastReadAt + READER_STUCK_NANOS + 1;
        if (lastReadAt - lastStatusAt > statusTimeoutNanos) {
            return Math.min(lastStatusAt + statusTimeoutNanos + 1, readerStuck);
        }
        return readerStuck;
    }

    /** Why the link is down by now, the silence first; {@code rejections} says what was refused meanwhile. */
    Optional<String> lost(long nowNanos, String rejections) {
        if (nowNanos - lastStatusAt > statusTimeoutNanos && lastReadAt - lastStatusAt > statusTimeoutNanos) {
            return Optional.of("no valid status for " + (nowNanos - lastStatusAt) / HostLink.MS + " ms (unplugged, "
                    + "powered off, hung, or its status frames are all rejected; rejected so far: " + rejections + ")");
        }
        if (nowNanos - lastReadAt > READER_STUCK_NANOS) {
            return Optional.of("the port has not returned from a read for " + (nowNanos - lastReadAt) / HostLink.MS
                    + " ms");
        }
        return Optional.empty();
    }
}
