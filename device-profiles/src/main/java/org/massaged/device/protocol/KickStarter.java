package org.massaged.device.protocol;

/**
 * The kick start of one motor, as docs/protocol.md §5.4 specifies it for the board: when the asked drive goes
 * from 0 to a value below the kick steps, the motor gets the kick steps for the kick time, then the asked drive;
 * a drive at or above the kick steps needs no kick. A new drive during the kick replaces the asked one; 0 ends
 * the kick at once. The simulated microcontroller applies it with the values of CONFIGURE, the GPIO adapter (the
 * "board" of a GPIO profile) with the profile's {@code kickStart}. Time is passed in; not thread-safe.
 */
public final class KickStarter {
    private final int kickSteps;
    private final long kickNanos;
    private int driven;
    private boolean kicking;
    private long kickEndsAt;

    /** No kick when either is 0. */
    public KickStarter(int kickSteps, long kickNanos) {
        this.kickSteps = kickSteps;
        this.kickNanos = kickNanos;
    }

    public static KickStarter none() {
        return new KickStarter(0, 0);
    }

    /** The drive for the motor now, given the drive asked for; call on every change and every tick. */
    public int drive(int asked, long nowNanos) {
        if (asked <= 0) {
            kicking = false;
            driven = 0;
            return 0;
        }
        if (driven == 0 && asked < kickSteps && kickNanos > 0) {
            kicking = true;
            kickEndsAt = nowNanos + kickNanos;
        }
        if (kicking && nowNanos - kickEndsAt >= 0) {
            kicking = false;
        }
        driven = kicking ? kickSteps : asked;
        return driven;
    }

    public boolean kicking() {
        return kicking;
    }
}
