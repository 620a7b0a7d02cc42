package org.massaged.controller.hardware.serial;

import java.time.Duration;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.device.protocol.Message;

/**
 * Where the opening of a link session stands (docs/protocol.md §7): HELLO sent and its IDENTIFY awaited, then
 * CONFIGURE sent and a STATUS echoing its CRC awaited, then all-off sent and its acknowledgement awaited; all
 * within one deadline.
 */
final class Handshake {
    private enum Step { IDENTIFY, CONFIGURED, OUTPUTS_OFF }

    private final long nonce;
    private final long deadlineNanos;
    private Step step = Step.IDENTIFY;
    private Message.Identify identify;
    private Message.Status firstStatus;
    private String badVersion;

    Handshake(long nonce, long deadlineNanos) {
        this.nonce = nonce;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether this IDENTIFY answers our HELLO now. */
    boolean answeredBy(Message.Identify candidate) {
        return step == Step.IDENTIFY && candidate.nonce() == nonce;
    }

    void identified(Message.Identify answer) {
        identify = answer;
        step = Step.CONFIGURED;
    }

    /** Whether this STATUS shows the board configured as we asked, since the IDENTIFY we checked. */
    boolean configuredBy(Message.Status status, int configCrc) {
        return step == Step.CONFIGURED && status.bootId() == identify.bootId() && status.configured()
                && status.configCrc() == configCrc;
    }

    void configured(Message.Status status) {
        firstStatus = status;
        step = Step.OUTPUTS_OFF;
    }

    boolean awaitsOutputsOff() {
        return step == Step.OUTPUTS_OFF;
    }

    boolean overdue(long nowNanos) {
        return nowNanos - deadlineNanos > 0;
    }

    /** The first moment {@link #overdue} is true. */
    long overdueAt() {
        return deadlineNanos + 1;
    }

    Message.Identify identify() {
        return identify;
    }

    /** The first configured STATUS: a fault it shows latched is reported right after link up. */
    Message.Status firstStatus() {
        return firstStatus;
    }

    /** A frame of another protocol version arrived meanwhile: a hint for the error, should nothing answer. */
    void badVersion(String detail) {
        badVersion = detail;
    }

    String badVersionNote() {
        return badVersion == null ? "" : "; frames arrived in another protocol version: " + badVersion;
    }

    /** What the control thread hears when the link is up: which board, and its own session cap if it has one. */
    static DeviceEvent.LinkUp linkUp(Message.Identify identify, String what, String connection) {
        Optional<Duration> cap = identify.sessionCapSeconds() == 0 ? Optional.empty()
                : Optional.of(Duration.ofSeconds(identify.sessionCapSeconds()));
        String description = "%s %s firmware %s protocol %d.%d boot id %08x%s on %s".formatted(what,
                identify.boardId(), identify.firmwareVersion(), identify.protocolMajor(), identify.protocolMinor(),
                identify.bootId(), cap.map(c -> " session cap " + c.toSeconds() + " s").orElse(""), connection);
        return new DeviceEvent.LinkUp(description, cap);
    }

    String waitingFor(int configCrc) {
        return switch (step) {
            case IDENTIFY -> "an IDENTIFY answer to HELLO";
            case CONFIGURED -> "a STATUS echoing the configuration CRC 0x%04X".formatted(configCrc);
            case OUTPUTS_OFF -> "the acknowledgement of outputs off";
        };
    }
}
