package org.massaged.simulator.mcu;

import java.time.Duration;
import java.util.Optional;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;

/**
 * The board's own session cap (docs/protocol.md §5.3): its clock starts at the first non-zero output and restarts
 * only after every output has been off for 60 s continuously, so that brief pauses cannot reset it.
 */
final class SessionCap {
    /** Outputs must stay off this long before the cap's clock starts again. */
    static final Duration RESET_AFTER_OFF = Duration.ofSeconds(60);

    private long runStartedAt = -1;
    private long allOffSince = -1;

    /** A reset: no session ran yet, everything off since now. */
    void reset(long nowNanos) {
        runStartedAt = -1;
        allOffSince = nowNanos;
    }

    /**
     * When {@link #check} next changes something: at once while the run it must start or end is not yet noticed, then
     * when the cap is reached, or when the outputs have been off long enough for its clock to start again
     * ({@link Long#MAX_VALUE}: nothing runs, nothing to forget).
     */
    long nextCheckAt(boolean anyOutput, int capSeconds, long nowNanos) {
        if (anyOutput) {
            return runStartedAt < 0 ? nowNanos : runStartedAt + Duration.ofSeconds(capSeconds).toNanos();
        }
        if (allOffSince < 0) {
            return nowNanos;
        }
        return runStartedAt < 0 ? Long.MAX_VALUE : allOffSince + RESET_AFTER_OFF.toNanos();
    }

    /** One tick: the fault when outputs have run for {@code capSeconds}. */
    Optional<Message.Fault> check(boolean anyOutput, int capSeconds, long nowNanos) {
        if (!anyOutput) {
            if (allOffSince < 0) {
                allOffSince = nowNanos;
            }
            if (nowNanos - allOffSince >= RESET_AFTER_OFF.toNanos()) {
                runStartedAt = -1;
            }
            return Optional.empty();
        }
        allOffSince = -1;
        if (runStartedAt < 0) {
            runStartedAt = nowNanos;
        }
        if (nowNanos - runStartedAt < Duration.ofSeconds(capSeconds).toNanos()) {
            return Optional.empty();
        }
        return Optional.of(new Message.Fault(FaultCode.SESSION_CAP, Message.Fault.NO_INDEX, capSeconds,
                "outputs ran for the " + capSeconds + " s session cap"));
    }
}
