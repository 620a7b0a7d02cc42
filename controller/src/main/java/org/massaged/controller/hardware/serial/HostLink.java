package org.massaged.controller.hardware.serial;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameError;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of docs/protocol.md 2.0 as a state machine, the counterpart of the simulator's {@code McuCore}:
 * the handshake and the identify check, CONFIGURE, one SETPOINT per change, a HEARTBEAT every 250 ms whose lease
 * renews only while the control thread keeps applying, the emergency stop repeated until the board confirms it,
 * board faults from FAULT frames and STATUS latches ({@link BoardReports}), the never-blind rule, every link-down
 * decision, and the never-resume guard ({@link ResumeGuard}).
 *
 * <p>Time and bytes come in ({@code connected}, {@code receive}, {@code idle}, {@code tick}, {@code apply},
 * {@code failed}); frames, events and verdicts go out through the {@link LinkPort}. No threads, no I/O, no clock.
 * {@link #nextDeadline} says when {@code tick} next has work, so the owner ticks only then (and asks again after
 * every other call); ticking more often changes nothing.
 * One owner serialises every call, except {@link #emergencyStop} and {@link #stopsSoFar}, which any thread may
 * call at any time: they touch only the {@link ResumeGuard} and write one frame through the port.
 */
public final class HostLink {
    private static final Logger LOG = LoggerFactory.getLogger(HostLink.class);
    static final long MS = 1_000_000L;
    /** An emergency stop not yet confirmed by the board is written again this often. */
    static final long EMERGENCY_REPEAT_NANOS = 50 * MS;
    private static final int EMERGENCY_REASON_HOST = 1;

    private enum Phase { DISCONNECTED, CONNECTING, UP, CLOSING }

    private final DeviceProfile profile;
    private final LinkSettings settings;
    private final LinkPort port;
    private final Message.Configure configuration;
    private final int configCrc;
    private final SetpointFrames frames;
    private final StatusReadings readings;
    private final BoardReports boardReports;
    /** An array, so one per link: a static one could be written by any daemon in the JVM. */
    private final byte[] emergencyStopFrame = LinkEndpoint.outOfBand(new Message.EmergencyStop(EMERGENCY_REASON_HOST));
    private final LinkEndpoint endpoint;
    private final ResumeGuard guard = new ResumeGuard();
    private final Liveness liveness;
    private final LeaseRenewal lease;

    private Phase phase = Phase.DISCONNECTED;
    private Handshake handshake;
    private String connection = "";
    private long now;
    private long knownBootId = -1;
    private Message.Setpoint lastSent;
    private boolean deviceFaultLatched;
    private Message.Status lastStatus;

    public HostLink(DeviceProfile profile, LinkSettings settings, LinkPort port) {
        this.profile = profile;
        this.settings = settings;
        this.port = port;
        this.configuration = ProfileWire.configure(profile, settings.statusPeriod());
        this.configCrc = MessageCodec.configCrc(configuration);
        this.frames = new SetpointFrames(profile.zones(), configuration);
        this.readings = new StatusReadings(profile);
        this.boardReports = new BoardReports(ProfileWire.zoneIds(profile), ProfileWire.temperatureSensorIds(profile));
        this.liveness = new Liveness(settings.statusTimeout().toNanos());
        this.lease = new LeaseRenewal(settings.heartbeatPeriod().toNanos(), ProfileWire.maxLeaseMillis(profile));
        this.endpoint = new LinkEndpoint(port::write, new Inbox(), settings.retransmitTimeout().toNanos(),
                settings.maxAttempts());
    }

    // ---- inputs ----

    /** A fresh connection to {@code description}: the handshake starts with HELLO carrying {@code nonce}. */
    public void connected(String description, long nonce, long nowNanos) {
        now = nowNanos;
        connection = description;
        endpoint.restart();
        lastSent = null;
        handshake = new Handshake(nonce, nowNanos + settings.handshakeTimeout().toNanos());
        phase = Phase.CONNECTING;
        endpoint.sendReliable(new Message.Hello(nonce, ProtocolVersion.MAJOR, ProtocolVersion.MINOR), nowNanos);
    }

    /** Bytes the reader got from the port. */
    public void receive(byte[] data, int offset, int length, long nowNanos) {
        now = nowNanos;
        liveness.read(nowNanos);
        endpoint.receiveBytes(data, offset, length, nowNanos);
        completeHandshake();
    }

    /** The reader's read timed out: the line was idle. */
    public void idle(long nowNanos) {
        now = nowNanos;
        liveness.read(nowNanos);
        endpoint.idle(nowNanos);
        completeHandshake();
    }

    /** Reading or writing the port failed: during the handshake it is refused, once up it is down. */
    public void failed(String reason, long nowNanos) {
        now = nowNanos;
        switch (phase) {
            case CONNECTING -> refuse("lost " + connection + " during the handshake: " + reason);
            case UP -> lose(reason);
            case CLOSING -> phase = Phase.DISCONNECTED;
            case DISCONNECTED -> { }
        }
    }

    /** The passage of time: retransmits, handshake deadline, never blind, emergency-stop repeat, heartbeat. */
    public void tick(long nowNanos) {
        now = nowNanos;
        switch (phase) {
            case CONNECTING -> tickHandshake();
            case UP -> tickUp();
            case CLOSING -> tickClosing();
            case DISCONNECTED -> { }
        }
    }

    /**
     * When {@link #tick} next has work, if nothing else happens first: a retransmission, the handshake deadline, the
     * never-blind rule, the emergency stop's repeat (or its all-off, at once), the heartbeat. {@link Long#MAX_VALUE}:
     * nothing is due by time alone. It changes with every other call (a frame sent or received, a read, an emergency
     * stop from any thread), so the owner asks again after each.
     */
    public long nextDeadline() {
        return switch (phase) {
            case CONNECTING -> Math.min(handshake.overdueAt(), endpoint.retransmitDueAt());
            case UP -> nextDeadlineUp();
            case CLOSING -> endpoint.retransmitDueAt();
            case DISCONNECTED -> Long.MAX_VALUE;
        };
    }

    /**
     * The setpoints of a control tick: one SETPOINT when they change, all-off while the never-resume guard holds.
     *
     * @param stopsSeen {@link #stopsSoFar()} as the caller read it before it read the clock: an all-off clears
     *                  only the reasons not to resume that came before it was computed
     */
    public void apply(Setpoints setpoints, long stopsSeen, long nowNanos) {
        now = nowNanos;
        lease.applied(nowNanos);
        Message.Setpoint wanted = frames.of(setpoints, lease.leaseMillis());
        if (wanted.allOff()) {
            guard.allOffApplied(stopsSeen);
        } else if (guard.holdsOutputsOff()) {
            wanted = frames.allOff();
        }
        if (phase != Phase.UP || wanted.equals(lastSent)) {
            return;
        }
        if (!wanted.allOff() && (lastSent == null || lastSent.allOff()) && deviceFaultLatched) {
            endpoint.sendReliable(new Message.ClearFaults(), nowNanos);   // a new session: the board's latch goes
            deviceFaultLatched = false;
        }
        endpoint.sendReliable(wanted, nowNanos);
        lastSent = wanted;
    }

    /** Any thread, at once: the out-of-band stop twice; repeated from {@link #tick} until the board confirms. */
    public void emergencyStop(long nowNanos) {
        guard.emergency();
        writeEmergencyStop(nowNanos);
        writeEmergencyStop(nowNanos);
    }

    /** Any thread: the count of reasons not to resume so far (see {@link #apply}). */
    public long stopsSoFar() {
        return guard.reasons();
    }

    /** Drives the outputs off for good; whether an acknowledgement is awaited ({@link #closeSettled}). */
    public boolean beginClose(long nowNanos) {
        now = nowNanos;
        if (phase != Phase.UP) {
            disconnected();
            return false;
        }
        endpoint.sendReliable(frames.allOff(), nowNanos);
        phase = Phase.CLOSING;
        return true;
    }

    /** Whether closing has nothing more to wait for (acknowledged, or the port failed). */
    public boolean closeSettled() {
        return phase != Phase.CLOSING || endpoint.idleForReliable();
    }

    /** The owner closed the connection. */
    public void disconnected() {
        phase = Phase.DISCONNECTED;
        handshake = null;
    }

    // ---- what it knows ----

    public boolean isUp() {
        return phase == Phase.UP;
    }

    public boolean isConnecting() {
        return phase == Phase.CONNECTING;
    }

    public Message.Status lastStatus() {
        return lastStatus;
    }

    public long rejected(FrameError error) {
        return endpoint.rejected(error);
    }

    public long retransmits() {
        return endpoint.retransmits();
    }

    public void observeAccepted(Consumer<Frame> observer) {
        endpoint.observeAccepted(observer);
    }

    // ---- the handshake ----

    private void tickHandshake() {
        if (handshake.overdue(now)) {
            refuse("no answer from " + connection + ": waited " + settings.handshakeTimeout().toMillis() + " ms for "
                    + handshake.waitingFor(configCrc) + " (is it a " + profile.identity().firmwareBoard()
                    + " board running massaged firmware, at the right baud rate?)" + handshake.badVersionNote());
        } else if (!endpoint.tick(now)) {
            refuse("no acknowledgement from " + connection + " after " + settings.maxAttempts()
                    + " attempts while waiting for " + handshake.waitingFor(configCrc));
        }
    }

    private void onIdentify(Message.Identify identify) {
        if (phase != Phase.CONNECTING || !handshake.answeredBy(identify)) {
            return;
        }
        List<String> problems = IdentityCheck.problems(profile, identify);
        if (!problems.isEmpty()) {
            refuse("refusing the device on " + connection + " for profile " + profile.id() + ": "
                    + String.join("; ", problems));
            return;
        }
        handshake.identified(identify);
        lease.boardAllows(identify.maxLeaseMillis());
        endpoint.sendReliable(configuration, now);
    }

    private void completeHandshake() {
        if (phase == Phase.CONNECTING && handshake.awaitsOutputsOff() && endpoint.idleForReliable()) {
            goUp();
        }
    }

    private void goUp() {
        Message.Identify identify = handshake.identify();   // checked by IdentityCheck
        Message.Status first = handshake.firstStatus();
        handshake = null;
        lastSent = frames.allOff();
        liveness.restart(now);
        lease.restart(now);
        deviceFaultLatched = first.faultLatched();
        if (knownBootId >= 0) {
            guard.addReason();   // a reconnect: nothing resumes
            if (knownBootId != identify.bootId()) {
                port.post(new DeviceEvent.Rebooted(knownBootId, identify.bootId()));
            }
        }
        knownBootId = identify.bootId();
        phase = Phase.UP;
        DeviceEvent.LinkUp up = Handshake.linkUp(identify, profile.id() + " board", connection);
        port.post(up);
        LOG.info("link up: {}", up.description());
        // a fault the board latched before this host spoke to it (LEASE_EXPIRED after kill -9) counts now
        report(boardReports.status(first));
        port.decided(new LinkVerdict.Up(up.description()));
    }

    private void refuse(String message) {
        disconnected();
        port.decided(new LinkVerdict.Refused(message));
    }

    // ---- a link that is up ----

    private void tickUp() {
        if (!endpoint.tick(now)) {
            lose("no acknowledgement after " + settings.maxAttempts() + " attempts");
            return;
        }
        Optional<String> lost = liveness.lost(now, "%d damaged, %d bad payload, %d bad version".formatted(
                endpoint.crcErrors(), endpoint.rejected(FrameError.BAD_PAYLOAD), endpoint.rejected(FrameError.BAD_VERSION)));
        if (lost.isPresent()) {
            lose(lost.get());
            return;
        }
        if (guard.emergencyPending()) {
            if (!lastSent.allOff()) {
                lastSent = frames.allOff();
                endpoint.sendReliable(lastSent, now);
            }
            if (guard.emergencyRepeatDue(now, EMERGENCY_REPEAT_NANOS)) {
                writeEmergencyStop(now);
            }
        }
        lease.due(now, lastSent).ifPresent(endpoint::sendUnreliable);
    }

    private long nextDeadlineUp() {
        long due = Math.min(Math.min(endpoint.retransmitDueAt(), liveness.deadline()), lease.nextHeartbeatAt());
        if (guard.emergencyPending()) {
            due = Math.min(due, lastSent.allOff() ? guard.emergencyRepeatAt(EMERGENCY_REPEAT_NANOS) : now);
        }
        return due;
    }

    /** The all-off of a close went unacknowledged through every attempt: nothing more to wait for. */
    private void tickClosing() {
        if (!endpoint.tick(now)) {
            disconnected();
        }
    }

    private void lose(String reason) {
        LOG.warn("link down: {}", reason);
        phase = Phase.DISCONNECTED;
        guard.addReason();
        port.decided(new LinkVerdict.Lost(reason));
        port.post(new DeviceEvent.LinkDown(reason));
    }

    private void rebooted(long bootId) {
        port.post(new DeviceEvent.Rebooted(knownBootId, bootId));
        knownBootId = bootId;
        lose("the microcontroller restarted (boot id %08x)".formatted(bootId));
    }

    private void onStatus(Message.Status status) {
        lastStatus = status;
        if (phase == Phase.CONNECTING) {
            if (handshake.configuredBy(status, configCrc)) {
                handshake.configured(status);
                endpoint.sendReliable(frames.allOff(), now);
            }
            return;
        }
        if (phase != Phase.UP) {
            return;
        }
        if (status.bootId() != knownBootId) {
            rebooted(status.bootId());
            return;
        }
        if (!status.configured() || status.configCrc() != configCrc) {
            lose("the device lost its configuration (config CRC 0x%04X, expected 0x%04X)"
                    .formatted(status.configCrc(), configCrc));
            return;
        }
        liveness.validStatus(now);
        deviceFaultLatched = status.faultLatched();
        if (status.emergencyStopLatched() && !status.emergencyStopInputOpen()) {
            confirmOwnEmergencyStop();
        }
        report(boardReports.status(status));
        port.post(new DeviceEvent.Status(readings.readings(status)));
    }

    private void onFault(Message.Fault fault) {
        deviceFaultLatched = true;
        guard.addReason();
        if (fault.code().equals(FaultCode.EMERGENCY_STOP) && fault.value() == EMERGENCY_REASON_HOST) {
            confirmOwnEmergencyStop();
        } else if (fault.code().equals(FaultCode.EMERGENCY_STOP)) {
            guard.emergencyConfirmed();
        }
        report(boardReports.fault(fault));
    }

    /** The board has latched the emergency stop this host wrote: no longer repeated, and no board fault of its own. */
    private void confirmOwnEmergencyStop() {
        if (guard.emergencyPending()) {
            boardReports.ownEmergencyStopConfirmed();
        }
        guard.emergencyConfirmed();
    }

    /** A board fault or emergency stop newly seen: the control thread hears of it, and nothing resumes by itself. */
    private void report(List<DeviceEvent> reports) {
        if (!reports.isEmpty()) {
            guard.addReason();
        }
        reports.forEach(port::post);
    }

    private void writeEmergencyStop(long nowNanos) {
        guard.emergencyWritten(nowNanos);
        port.write(emergencyStopFrame);
    }

    /** What the endpoint accepted or rejected; runs inside {@code receive} and {@code idle}. */
    private final class Inbox implements LinkEndpoint.Inbox {
        @Override
        public void deliver(Message message) {
            if (message instanceof Message.Identify identify) {
                onIdentify(identify);
            } else if (message instanceof Message.Status status) {
                onStatus(status);
            } else if (message instanceof Message.Fault fault) {
                onFault(fault);
            } else if (message instanceof Message.Boot boot) {
                if (phase == Phase.UP && boot.bootId() != knownBootId) {
                    rebooted(boot.bootId());
                }
            } else {
                LOG.debug("ignored {} from the device", message.type());
            }
        }

        @Override
        public void rejected(FrameError error, String detail) {
            if (error == FrameError.BAD_VERSION && handshake != null) {
                handshake.badVersion(detail);
            }
            LOG.debug("rejected {}: {}", error, detail);
        }
    }
}
