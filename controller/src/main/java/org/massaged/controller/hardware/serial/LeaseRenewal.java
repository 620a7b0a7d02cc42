package org.massaged.controller.hardware.serial;

import java.util.Optional;
import org.massaged.device.protocol.Message;

/**
 * The lease rule of docs/protocol.md §5.1 on the host side: a HEARTBEAT every heartbeat period, always (the board
 * answers each), which renews the lease of non-zero outputs only while the control thread keeps applying; a hung
 * control loop lets the board's lease run out.
 */
final class LeaseRenewal {
    private final long periodNanos;
    private final int profileLeaseMillis;
    private int leaseMillis;
    private long lastApplyAt;
    private long lastHeartbeatAt;

    LeaseRenewal(long periodNanos, int profileLeaseMillis) {
        this.periodNanos = periodNanos;
        this.profileLeaseMillis = profileLeaseMillis;
        this.leaseMillis = profileLeaseMillis;
    }

    /** The lease non-zero setpoints carry: the profile's, at most what the board allows. */
    int leaseMillis() {
        return leaseMillis;
    }

    /** The board identified with this maximum lease. */
    void boardAllows(int boardMaxLeaseMillis) {
        leaseMillis = Math.min(profileLeaseMillis, boardMaxLeaseMillis);
    }

    /** The link came up now: the first heartbeat is a period away. */
    void restart(long nowNanos) {
        lastHeartbeatAt = nowNanos;
    }

    /** The control thread applied setpoints now. */
    void applied(long nowNanos) {
        lastApplyAt = nowNanos;
    }

    /** When the next heartbeat is due. */
    long nextHeartbeatAt() {
        return lastHeartbeatAt + periodNanos;
    }

    /** The heartbeat due now, if one is, renewing the lease of {@code lastSent} while the control thread applies. */
    Optional<Message.Heartbeat> due(long nowNanos, Message.Setpoint lastSent) {
        if (nowNanos - lastHeartbeatAt < periodNanos) {
            return Optional.empty();
        }
        lastHeartbeatAt = nowNanos;
        boolean renew = !lastSent.allOff() && nowNanos - lastApplyAt <= leaseMillis * HostLink.MS;
        int lease = lastSent.leaseMillis() == 0 ? leaseMillis : lastSent.leaseMillis();
        return Optional.of(new Message.Heartbeat(renew ? lease : 0));
    }
}
