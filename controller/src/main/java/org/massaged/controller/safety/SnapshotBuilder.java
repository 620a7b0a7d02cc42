package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Builds the engine's {@link SessionSnapshot}: what a dashboard shows, read from the engine's state. */
final class SnapshotBuilder {

    private SnapshotBuilder() {}

    /** Everything a dashboard shows of {@code engine}, as of its latest call. */
    static SessionSnapshot of(SessionEngine engine) {
        long now = engine.lastNanos;
        ActiveSession session = engine.session;
        Phase phase = engine.phase;
        Limits limits = engine.limits;
        OutputPipeline pipeline = engine.pipeline;
        Readings lastReadings = engine.lastReadings;
        Instant lastWall = engine.lastWall;
        Usage usage = engine.usage;
        Optional<String> program = session == null ? Optional.empty() : Optional.of(session.programId);
        int stepIndex = 0;
        int stepCount = 0;
        Optional<String> technique = Optional.empty();
        if (session != null) {
            stepCount = session.runner.stepCount();
            stepIndex = session.runner.stepIndexAt(session.programNanos(now));
            if (phase == Phase.STARTING || phase == Phase.RUNNING || phase == Phase.STOPPING) {
                technique = Optional.of(session.runner.technique(stepIndex).name());
            }
        }
        Duration current = session == null ? Duration.ZERO : Duration.ofNanos(session.elapsed(now));
        return new SessionSnapshot(phase, engine.cause, program, stepIndex, stepCount, technique, pipeline.zoneLevels(),
                session == null ? limits.startLevel() : session.targetLevel,
                session == null ? limits.ceiling() : session.ceiling,
                session == null ? 0 : Sentences.ceilSeconds(session.remaining(now)),
                session == null ? 0 : session.elapsed(now) / 1_000_000_000L,
                session != null && session.heat,
                pipeline.heaterCommanded(),
                lastReadings == null ? java.util.Map.of() : lastReadings.temperatures(),
                lastReadings == null ? Optional.empty() : lastReadings.occupied(),
                Optional.ofNullable(engine.fault),
                lastWall == null ? 0 : usage.sessionsToday(lastWall) + (session == null ? 0 : 1),
                lastWall == null ? 0 : usage.usedToday(lastWall, current).toMinutes(),
                session == null && lastWall != null ? Sentences.ceilSeconds(usage.restRemaining(now, lastWall).toNanos())
                        : 0,
                engine.choices.shown(),
                lastWall == null ? Optional.empty() : engine.dose.shown(lastWall),
                engine.lastSession);
    }
}
