package org.massaged.controller.state;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.massaged.controller.safety.DoseToday;
import org.massaged.controller.safety.LastSession;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.StartChoice;

/**
 * The one state document: what MQTT publishes on {@code state}, what the local socket answers to {@code status}
 * and what {@code massaged status --json} prints, field for field and byte for byte ({@link StateJson}). Its
 * fields are listed in docs/mqtt.md; their names are the ones Home Assistant's templates read.
 */
public record StateDocument(
        String phase,
        String cause,
        boolean active,
        String program,
        int step,
        int stepCount,
        String technique,
        SortedMap<String, Double> zones,
        int targetLevel,
        int ceiling,
        long remainingSeconds,
        long elapsedSeconds,
        boolean heat,
        boolean heaterOn,
        SortedMap<String, Double> temperatures,
        Boolean occupied,
        boolean fault,
        String faultCode,
        String faultMessage,
        int sessionsToday,
        long minutesToday,
        long restRemainingSeconds,
        Next next,
        String programShown,
        int levelShown,
        boolean heatShown,
        Double doseA8,
        Double doseLimit,
        Last lastSession,
        String updatedAt) {

    /**
     * The session that ended last: how it ended in one word ({@code completed}, {@code stop}, {@code fault}, ...),
     * the cause in full, its program, when it ended, and how long it ran.
     */
    public record Last(String ended, String cause, String program, String endedAt, long ranSeconds, double minutes,
                       int maxLevel) {

        static Last of(LastSession session) {
            long seconds = session.ran().toSeconds();
            return new Last(session.ended(), session.cause(), session.program(), session.endedAt().toString(), seconds,
                    Math.round(seconds / 6.0) / 10.0, session.maxLevel());
        }
    }

    /** What the next start will use; {@code duration} in whole minutes. */
    public record Next(String program, long duration,
                       int level, boolean heat) {}

    /**
     * The fields whose change is published at once (the rest, which move on their own while a session plays:
     * levels in waveforms, the clocks, temperatures and counters, at most once per interval). The one change
     * detector of the state, for the control loop and the MQTT publisher alike.
     */
    public record Glance(String phase, String cause, boolean active, String program, int step, int stepCount,
                         String technique, int targetLevel, int ceiling, boolean heat, boolean heaterOn,
                         Boolean occupied, boolean fault, String faultCode, String faultMessage, int sessionsToday,
                         Next next, String programShown, int levelShown, boolean heatShown) {}

    /** The document of a snapshot, not yet stamped ({@code updated_at} null). */
    public static StateDocument of(SessionSnapshot snapshot) {
        StartChoice choice = snapshot.next();
        Next next = new Next(choice.program(), choice.duration().toMinutes(), choice.level(), choice.heat());
        boolean active = snapshot.active();
        return new StateDocument(
                snapshot.phase().wireName(),
                snapshot.cause().text(),
                active,
                snapshot.program().orElse(null),
                snapshot.stepCount() == 0 ? 0 : snapshot.stepIndex() + 1,
                snapshot.stepCount(),
                snapshot.technique().map(text -> text.toLowerCase(Locale.ROOT)).orElse(null),
                rounded(snapshot.zoneLevels()),
                snapshot.targetLevel(),
                snapshot.ceiling(),
                snapshot.remainingSeconds(),
                snapshot.elapsedSeconds(),
                snapshot.heatRequested(),
                snapshot.heaterOn(),
                rounded(snapshot.temperatures()),
                snapshot.occupied().orElse(null),
                snapshot.fault().isPresent(),
                snapshot.fault().map(SessionSnapshot.Fault::code).orElse(null),
                snapshot.fault().map(SessionSnapshot.Fault::message).orElse(null),
                snapshot.sessionsToday(),
                snapshot.minutesToday(),
                snapshot.restRemainingSeconds(),
                next,
                // what a dashboard control shows: the session's value while one is in progress, else the next start's
                active && snapshot.program().isPresent() ? snapshot.program().get() : next.program(),
                active ? snapshot.targetLevel() : next.level(),
                active ? snapshot.heatRequested() : next.heat(),
                snapshot.dose().map(dose -> Math.round(dose.a8() * 1000.0) / 1000.0).orElse(null),
                snapshot.dose().flatMap(DoseToday::limit).orElse(null),
                snapshot.lastSession().map(Last::of).orElse(null),
                null);
    }

    /** The same document, stamped with the time it is sent. */
    public StateDocument at(Instant now) {
        return new StateDocument(phase, cause, active, program, step, stepCount, technique, zones, targetLevel, ceiling,
                remainingSeconds, elapsedSeconds, heat, heaterOn, temperatures, occupied, fault, faultCode, faultMessage,
                sessionsToday, minutesToday, restRemainingSeconds, next, programShown, levelShown, heatShown, doseA8,
                doseLimit, lastSession, now.toString());
    }

    public Glance glance() {
        return new Glance(phase, cause, active, program, step, stepCount, technique, targetLevel, ceiling, heat,
                heaterOn, occupied, fault, faultCode, faultMessage, sessionsToday, next, programShown, levelShown,
                heatShown);
    }

    /** Whether {@code other} differs from this at a glance: a change to publish at once. */
    public boolean significantlyDiffers(StateDocument other) {
        return other == null || !glance().equals(other.glance());
    }

    private static SortedMap<String, Double> rounded(Map<String, Double> values) {
        SortedMap<String, Double> sorted = new TreeMap<>();
        values.forEach((key, value) -> sorted.put(key, Math.round(value * 100.0) / 100.0));
        return java.util.Collections.unmodifiableSortedMap(sorted);
    }
}
