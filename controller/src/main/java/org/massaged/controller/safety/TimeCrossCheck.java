package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Cross-checks the monotonic clock that times every session against a second time base, the wall clock.
 * Both are sampled at every tick; while a session runs, a disagreement means one of them is wrong, and a
 * session that cannot trust its timer must not go on (S1):
 *
 * <ul>
 *   <li>jump: within one tick the two advance by amounts that differ by more than {@link #JUMP};</li>
 *   <li>freeze: one advances by more than {@link #FREEZE} in total while the other stands still;</li>
 *   <li>drift: since the session began they disagree by more than 1 % (plus {@link #SLACK} for the jitter of
 *       reading two clocks one after the other);</li>
 *   <li>the monotonic clock goes backwards.</li>
 * </ul>
 * A jump or a drift counts only when it is still there on the next tick, so that a thread preempted between
 * reading the two clocks (worse when both run accelerated in the simulator demo) is not taken for a wrong clock.
 *
 * Wall-clock changes never lengthen a session: durations are measured on the monotonic clock alone.
 */
final class TimeCrossCheck {

    static final Duration JUMP = Duration.ofSeconds(1);
    static final Duration FREEZE = Duration.ofMillis(200);
    static final Duration SLACK = Duration.ofMillis(250);
    static final double MAX_DRIFT = 0.01;

    record Anomaly(String code, String message) {}

    private boolean armed;
    private long baseMono;
    private long baseWall;
    private long lastMono;
    private long lastWall;
    private long monoSinceWallMoved;
    private long wallSinceMonoMoved;
    private String jumpPending;
    private boolean driftingBefore;

    /** Starts comparing from this sample (at session start). */
    void arm(long nowNanos, Instant wallNow) {
        armed = true;
        baseMono = lastMono = nowNanos;
        baseWall = lastWall = wallNanos(wallNow);
        monoSinceWallMoved = 0;
        wallSinceMonoMoved = 0;
        jumpPending = null;
        driftingBefore = false;
    }

    void disarm() {
        armed = false;
    }

    Optional<Anomaly> sample(long nowNanos, Instant wallNow) {
        if (!armed) {
            return Optional.empty();
        }
        long wall = wallNanos(wallNow);
        long dMono = nowNanos - lastMono;
        long dWall = wall - lastWall;
        lastMono = nowNanos;
        lastWall = wall;
        if (dMono < 0) {
            return anomaly("clock-monotonic-backwards", "The monotonic clock went backwards by "
                    + millis(-dMono) + " ms.");
        }
        boolean jumpedNow = Math.abs(dWall - dMono) > JUMP.toNanos();
        monoSinceWallMoved = dWall == 0 ? monoSinceWallMoved + dMono : 0;
        wallSinceMonoMoved = dMono == 0 ? wallSinceMonoMoved + Math.max(0, dWall) : 0;
        if (monoSinceWallMoved > FREEZE.toNanos() || wallSinceMonoMoved > FREEZE.toNanos()) {
            return anomaly("clock-freeze", (monoSinceWallMoved > 0 ? "The wall clock" : "The monotonic clock")
                    + " stood still while the other moved more than " + FREEZE.toMillis() + " ms.");
        }
        long monoElapsed = nowNanos - baseMono;
        long wallElapsed = wall - baseWall;
        boolean drifting = Math.abs(wallElapsed - monoElapsed) > MAX_DRIFT * monoElapsed + SLACK.toNanos();
        // A jump or a drift must still be there on the next tick: one sample of the two clocks read apart (the
        // thread preempted between the two reads) is not a clock that is wrong.
        Optional<Anomaly> found = Optional.empty();
        if (jumpPending != null && drifting) {
            found = anomaly("clock-jump", jumpPending);
        } else if (drifting && driftingBefore) {
            found = anomaly("clock-drift", "The session timer and the wall clock disagree by "
                    + millis(wallElapsed - monoElapsed) + " ms over " + millis(monoElapsed) + " ms (more than 1 %).");
        }
        jumpPending = jumpedNow ? "The wall clock moved " + millis(dWall) + " ms while the monotonic clock moved "
                + millis(dMono) + " ms in one tick." : null;
        driftingBefore = drifting;
        return found;
    }

    private static Optional<Anomaly> anomaly(String code, String message) {
        return Optional.of(new Anomaly(code, message + " The session was stopped because its timer cannot be trusted."));
    }

    private static long wallNanos(Instant wall) {
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
