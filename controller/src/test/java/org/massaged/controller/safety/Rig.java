package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An engine in virtual time: a 50 Hz tick, the wall clock in step with the monotonic one unless told. */
final class Rig {

    static final long TICK = Duration.ofMillis(20).toNanos();
    static final Instant WALL_ORIGIN = Instant.parse("2026-11-20T08:00:00Z");

    final SessionEngine engine;
    final EngineConfig config;
    long now = 1_000_000_000L;
    long wallOffset;
    Setpoints last;
    final List<SessionEvent> events = new ArrayList<>();

    Rig(EngineConfig config) {
        this(config, UsageHistory.empty());
    }

    Rig(EngineConfig config, UsageHistory history) {
        this.config = config;
        this.engine = new SessionEngine(config, history, now);
        this.last = engine.tick(now, wall());
        drain();
    }

    Instant wall() {
        return WALL_ORIGIN.plusNanos(now + wallOffset);
    }

    CommandResult send(Command command) {
        CommandResult result = engine.handle(command, now, wall());
        drain();
        return result;
    }

    void observe(Readings readings) {
        engine.observe(readings, now);
        drain();
    }

    Setpoints tick() {
        now += TICK;
        last = engine.tick(now, wall());
        drain();
        return last;
    }

    /** Ticks for {@code duration}, handing each tick's setpoints to {@code each}. */
    void run(Duration duration, Consumer<Setpoints> each) {
        long until = now + duration.toNanos();
        while (now < until) {
            each.accept(tick());
        }
    }

    void run(Duration duration) {
        run(duration, setpoints -> { });
    }

    /** Ticks until the phase is {@code phase} or {@code limit} passes; returns the time it took. */
    Duration runUntil(Phase phase, Duration limit) {
        long from = now;
        long until = now + limit.toNanos();
        while (engine.snapshot().phase() != phase && now < until) {
            tick();
        }
        return Duration.ofNanos(now - from);
    }

    SessionSnapshot snap() {
        return engine.snapshot();
    }

    Phase phase() {
        return engine.snapshot().phase();
    }

    int steps(String zone) {
        return last.zoneSteps().get(zone);
    }

    double level(String zone) {
        return engine.snapshot().zoneLevels().get(zone);
    }

    private void drain() {
        events.addAll(engine.drainEvents());
    }

    <T extends SessionEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
