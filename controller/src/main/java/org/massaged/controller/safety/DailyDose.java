package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Vibration;
import org.massaged.device.profile.Zone;

/**
 * The day's vibration dose beside the minutes budget ({@link Usage}), over the same rolling 24 hours: the exposure
 * E = Σ aᵢ²·tᵢ (m²/s³) of the levels actually driven, and the daily exposure A(8) = √(E / 8 h). At each moment the
 * acceleration counted is the largest of the zones' (a massager's zones shake one body), from the profile's figures
 * ({@link Vibration#accelerationAt}); a zone whose steps are below {@code offBelow} does not turn and counts 0.
 *
 * <p>Sessions from the journal carry their exposure. One cut short by a crash counts what its last progress mark
 * proved plus the time after it (as the journal counts it) at the figure of the highest level a session may reach
 * here. A session journaled without either (a journal from before the dose or the marks' exposure) is counted on the
 * safe side: its time at the figure of its highest level, or of the highest level a session may reach here when
 * that is not known either.
 */
final class DailyDose {

    static final double EIGHT_HOURS_SECONDS = 8 * 3600.0;
    /** The longest time {@link #timeLeftAt} reports: far beyond any session. */
    private static final Duration LONGEST = Duration.ofHours(24);

    private final Optional<Vibration> vibration;
    private final List<Zone> zones;
    private final boolean[] drivable;
    private final Optional<Double> limit;
    private final int highestLevel;
    private final List<Past> past = new ArrayList<>();
    private double current;

    /** A session's exposure that has counted today, and when it ended. */
    private record Past(Instant ended, double exposure) {}

    /**
     * @param highestLevel the highest level a session may reach here (the ceiling): what a session journaled without
     *                     its exposure or its highest level counts at
     * @throws IllegalArgumentException when a limit is set but the profile declares no figures to count it by
     */
    DailyDose(DeviceProfile profile, Optional<Double> limit, int highestLevel, UsageHistory history) {
        this.vibration = profile.vibration();
        this.zones = profile.zones();
        this.drivable = new boolean[zones.size()];
        for (int z = 0; z < zones.size(); z++) {
            drivable[z] = zones.get(z).drivable();
        }
        this.limit = limit;
        this.highestLevel = highestLevel;
        if (limit.isPresent() && vibration.isEmpty()) {
            throw new IllegalArgumentException(noFigures(profile.id()));
        }
        for (UsageHistory.PastSession session : history.sessions()) {
            if (session.ended() != null) {
                past.add(new Past(session.ended(), journaled(session)));
            }
        }
    }

    /** Why a configured limit cannot work with this profile, and what to do. */
    static String noFigures(String profileId) {
        return "dailyDoseLimit is set, but profile '" + profileId + "' declares no vibration figures (a \"vibration\""
                + " section, docs/profiles.md), so the dose cannot be counted. Add the figures measured on the device"
                + " to a copy of the profile, or remove dailyDoseLimit.";
    }

    boolean counted() {
        return vibration.isPresent();
    }

    Optional<Double> limit() {
        return limit;
    }

    /**
     * The exposure a journaled session counts: its own; for one cut short after a progress mark with its exposure,
     * that exposure plus the time counted after the mark at the ceiling's figure; else on the safe side (above).
     */
    private double journaled(UsageHistory.PastSession session) {
        if (session.exposure().isPresent()) {
            return session.exposure().get();
        }
        if (session.lastMark().isPresent()) {
            UsageHistory.ExposureMark mark = session.lastMark().get();
            Duration after = session.ran().minus(mark.ran());
            return mark.exposure() + exposureAt(highestLevel, after.isNegative() ? Duration.ZERO : after);
        }
        return exposureAt(session.maxLevel() > 0 ? session.maxLevel() : highestLevel, session.ran());
    }

    private double exposureAt(int level, Duration time) {
        double a = acceleration(level);
        return a * a * time.toNanos() / 1e9;
    }

    /** The weighted acceleration of one (possibly fractional) level, m/s²; 0 without figures. */
    double acceleration(double level) {
        return vibration.map(figures -> figures.accelerationAt(level)).orElse(0.0);
    }

    /** The acceleration the body feels with the zones at {@code levels} (indexed as the profile's zones): the largest. */
    double acceleration(double[] levels) {
        double largest = 0;
        for (int z = 0; z < zones.size() && z < levels.length; z++) {
            if (drivable[z] && zones.get(z).actuator().stepsFor(levels[z]) > 0) {
                largest = Math.max(largest, acceleration(levels[z]));
            }
        }
        return largest;
    }

    /** The zones were at {@code levels} for {@code dtSeconds} of the session in progress. */
    void drove(double[] levels, double dtSeconds) {
        if (vibration.isEmpty() || dtSeconds <= 0) {
            return;
        }
        double a = acceleration(levels);
        current += a * a * dtSeconds;
    }

    /** The session in progress ended at {@code ended}: its exposure now counts among today's, and is returned. */
    double sessionEnded(Instant ended) {
        double exposure = current;
        current = 0;
        if (ended != null) {
            past.add(new Past(ended, exposure));
        }
        return exposure;
    }

    /** The session in progress so far (m²/s³). */
    double currentExposure() {
        return current;
    }

    /** Σ a²·t of the 24 hours before {@code wallNow}, the session in progress included. */
    double exposureToday(Instant wallNow) {
        Instant since = wallNow.minus(Usage.WINDOW);
        double sum = current;
        for (Past session : past) {
            if (session.ended().isAfter(since)) {
                sum += session.exposure();
            }
        }
        return sum;
    }

    static double a8(double exposure) {
        return Math.sqrt(Math.max(0, exposure) / EIGHT_HOURS_SECONDS);
    }

    /** The exposure a daily A(8) of {@code a8} allows (m²/s³). */
    static double exposureOf(double a8) {
        return a8 * a8 * EIGHT_HOURS_SECONDS;
    }

    /** What every channel shows; empty when the profile declares no figures. */
    Optional<DoseToday> shown(Instant wallNow) {
        return vibration.map(figures -> new DoseToday(a8(exposureToday(wallNow)), limit, figures.weighting()));
    }

    /** The exposure left under the limit today (m²/s³); empty without a limit. */
    Optional<Double> left(Instant wallNow) {
        return limit.map(a8 -> Math.max(0, exposureOf(a8) - exposureToday(wallNow)));
    }

    /**
     * How long a session may run at {@code level} before today's dose reaches the limit; empty when nothing limits it
     * (no limit, or a level that does not shake).
     */
    Optional<Duration> timeLeftAt(double level, Instant wallNow) {
        double a = acceleration(level);
        Optional<Double> left = left(wallNow);
        if (left.isEmpty()) {
            return Optional.empty();
        }
        if (left.get() <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (a <= 0) {
            return Optional.empty();
        }
        double seconds = left.get() / (a * a);
        return Optional.of(seconds >= LONGEST.toSeconds() ? LONGEST : Duration.ofNanos((long) (seconds * 1e9)));
    }

    /**
     * When enough of today's dose will have left the 24 hours for {@code needed} more exposure: the end of the session
     * that makes room, plus 24 hours; empty when the sessions of today alone cannot make room (the session in
     * progress, or a {@code needed} above the whole limit).
     */
    Optional<Instant> roomFor(double needed, Instant wallNow) {
        if (limit.isEmpty()) {
            return Optional.of(wallNow);
        }
        double allowed = exposureOf(limit.get());
        double today = exposureToday(wallNow);
        if (today + needed <= allowed) {
            return Optional.of(wallNow);
        }
        Instant since = wallNow.minus(Usage.WINDOW);
        List<Past> leaving = past.stream().filter(session -> session.ended().isAfter(since))
                .sorted(Comparator.comparing(Past::ended)).toList();
        for (Past session : leaving) {
            today -= session.exposure();
            if (today + needed <= allowed + 1e-9) {
                return Optional.of(session.ended().plus(Usage.WINDOW));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the session in progress must begin its ramp down now: the dose so far, plus the ramp down at no more
     * than the acceleration of {@code levels} for {@code rampDown}, reaches the limit.
     */
    boolean spentWithRampDown(double[] levels, Duration rampDown, Instant wallNow) {
        Optional<Double> left = left(wallNow);
        if (left.isEmpty()) {
            return false;
        }
        double a = acceleration(levels);
        return left.get() <= 0 || a * a * rampDown.toNanos() / 1e9 >= left.get();
    }
}
