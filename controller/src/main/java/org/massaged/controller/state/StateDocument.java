package org.massaged.controller.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"phase", "cause", "active", "program", "step", "step_count", "technique", "zones", "target_level",
        "ceiling", "remaining_s", "elapsed_s", "heat", "heater_on", "temperatures", "occupied", "fault", "fault_code",
        "fault_message", "sessions_today", "minutes_today", "rest_remaining_s", "next", "program_shown", "level_shown",
        "heat_shown", "dose_a8", "dose_limit", "last_session", "updated_at"})
public record StateDocument(
        @JsonProperty("phase") String phase,
        @JsonProperty("cause") String cause,
        @JsonProperty("active") boolean active,
        @JsonProperty("program") String program,
        @JsonProperty("step") int step,
        @JsonProperty("step_count") int stepCount,
        @JsonProperty("technique") String technique,
        @JsonProperty("zones") SortedMap<String, Double> zones,
        @JsonProperty("target_level") int targetLevel,
        @JsonProperty("ceiling") int ceiling,
        @JsonProperty("remaining_s") long remainingSeconds,
        @JsonProperty("elapsed_s") long elapsedSeconds,
        @JsonProperty("heat") boolean heat,
        @JsonProperty("heater_on") boolean heaterOn,
        @JsonProperty("temperatures") SortedMap<String, Double> temperatures,
        @JsonProperty("occupied") Boolean occupied,
        @JsonProperty("fault") boolean fault,
        @JsonProperty("fault_code") String faultCode,
        @JsonProperty("fault_message") String faultMessage,
        @JsonProperty("sessions_today") int sessionsToday,
        @JsonProperty("minutes_today") long minutesToday,
        @JsonProperty("rest_remaining_s") long restRemainingSeconds,
        @JsonProperty("next") Next next,
        @JsonProperty("program_shown") String programShown,
        @JsonProperty("level_shown") int levelShown,
        @JsonProperty("heat_shown") boolean heatShown,
        @JsonProperty("dose_a8") Double doseA8,
        @JsonProperty("dose_limit") Double doseLimit,
        @JsonProperty("last_session") Last lastSession,
        @JsonProperty("updated_at") String updatedAt) {

    /**
     * The session that ended last: how it ended in one word ({@code completed}, {@code stop}, {@code fault}, ...),
     * the cause in full, its program, when it ended, and how long it ran.
     */
    @JsonPropertyOrder({"ended", "cause", "program", "ended_at", "ran_s", "minutes", "max_level"})
    public record Last(@JsonProperty("ended") String ended, @JsonProperty("cause") String cause,
                       @JsonProperty("program") String program, @JsonProperty("ended_at") String endedAt,
                       @JsonProperty("ran_s") long ranSeconds, @JsonProperty("minutes") double minutes,
                       @JsonProperty("max_level") int maxLevel) {

        static Last of(LastSession session) {
            long seconds = session.ran().toSeconds();
            return new Last(session.ended(), session.cause(), session.program(), session.endedAt().toString(), seconds,
                    Math.round(seconds / 6.0) / 10.0, session.maxLevel());
        }
    }

    /** What the next start will use; {@code duration} in whole minutes. */
    @JsonPropertyOrder({"program", "duration", "level", "heat"})
    public record Next(@JsonProperty("program") String program, @JsonProperty("duration") long duration,
                       @JsonProperty("level") int level, @JsonProperty("heat") boolean heat) {}

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
