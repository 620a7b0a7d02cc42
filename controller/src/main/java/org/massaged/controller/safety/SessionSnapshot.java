package org.massaged.controller.safety;

import java.util.Map;
import java.util.Optional;

/**
 * Everything a dashboard shows about the session, as of one control tick. Every channel shows it as the one
 * state document (MQTT {@code state}, {@code massaged status}).
 *
 * @param cause            why the session entered its current phase (e.g. stop:mqtt, duration-elapsed)
 * @param zoneLevels       the level each zone is driven at now (fractional while ramping and in waveforms)
 * @param targetLevel      the session's chosen level
 * @param ceiling          the highest level allowed now (lowered by "too much")
 * @param fault            code and sentence of the latched fault or emergency stop, when there is one
 * @param next             what the next start will use
 * @param dose             the day's vibration dose, when the profile declares its figures (docs/dose.md)
 * @param lastSession      the session that ended last, this run or (from the journal) before
 */
public record SessionSnapshot(
        Phase phase,
        Cause cause,
        Optional<String> program,
        int stepIndex,
        int stepCount,
        Optional<String> technique,
        Map<String, Double> zoneLevels,
        int targetLevel,
        int ceiling,
        long remainingSeconds,
        long elapsedSeconds,
        boolean heatRequested,
        boolean heaterOn,
        Map<String, Double> temperatures,
        Optional<Boolean> occupied,
        Optional<Fault> fault,
        int sessionsToday,
        long minutesToday,
        long restRemainingSeconds,
        StartChoice next,
        Optional<DoseToday> dose,
        Optional<LastSession> lastSession) {

    public SessionSnapshot {
        zoneLevels = Map.copyOf(zoneLevels);
        temperatures = Map.copyOf(temperatures);
    }

    /** A snapshot of a device that declares no vibration figures: no dose shown. */
    public SessionSnapshot(Phase phase, Cause cause, Optional<String> program, int stepIndex, int stepCount,
                           Optional<String> technique, Map<String, Double> zoneLevels, int targetLevel, int ceiling,
                           long remainingSeconds, long elapsedSeconds, boolean heatRequested, boolean heaterOn,
                           Map<String, Double> temperatures, Optional<Boolean> occupied, Optional<Fault> fault,
                           int sessionsToday, long minutesToday, long restRemainingSeconds, StartChoice next) {
        this(phase, cause, program, stepIndex, stepCount, technique, zoneLevels, targetLevel, ceiling, remainingSeconds,
                elapsedSeconds, heatRequested, heaterOn, temperatures, occupied, fault, sessionsToday, minutesToday,
                restRemainingSeconds, next, Optional.empty(), Optional.empty());
    }

    public record Fault(String code, String message) {}

    /** Whether a session is in progress (warming, starting, running, paused or stopping). */
    public boolean active() {
        return phase.inSession();
    }
}
