package org.massaged.controller.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;

/**
 * The real engine in virtual time at 50 Hz, telling an observer what the control loop tells its observers: the
 * published events, a snapshot every tick, and readings (a made-up motor speed) every 100 ms.
 */
final class VirtualSession {

    static final long TICK = Duration.ofMillis(20).toNanos();

    final SessionEngine engine;
    final SessionObserver observer;
    long now;
    /** Whether the observer hears every tick's snapshot, rather than what the control loop publishes. */
    boolean everyTick;
    private org.massaged.controller.state.StateDocument published;
    private long publishedAt;
    /** When set, kept at {@link #now} before each report (for observers that key on time). */
    java.util.concurrent.atomic.AtomicLong clock;
    Instant wallStart;

    VirtualSession(EngineConfig config, SessionObserver observer, long startNanos, Instant wallStart) {
        this.engine = new SessionEngine(config, UsageHistory.empty(), startNanos);
        this.observer = observer;
        this.now = startNanos;
        this.wallStart = wallStart;
        engine.tick(now, wall());
        engine.linkUp(Optional.empty(), now);
        if (config.profile().hasOccupancySensor()) {
            engine.observe(new Readings(Map.of(), Map.of(), Map.of(), Map.of(), Optional.of(true), false), now);
        }
        report();
    }

    static EngineConfig config(String profileId) {
        DeviceProfile profile = ProfileCatalogue.builtIn().find(profileId).orElseThrow();
        return new EngineConfig(profile, ProgramCatalogue.builtIn(ProfileCatalogue.builtIn()).byId(), "gentle", false,
                RemoteStartPolicy.ALLOWED);
    }

    Instant wall() {
        return wallStart.plusNanos(now);
    }

    long nanos() {
        return now;
    }

    CommandResult send(Command command) {
        CommandResult result = engine.handle(command, now, wall());
        report();
        return result;
    }

    CommandResult start(String program, Duration duration, int level) {
        return send(new Command.Start(Origin.CLI, Optional.of(program), Optional.of(duration), OptionalInt.of(level),
                Optional.of(false)));
    }

    void run(Duration duration) {
        long until = now + duration.toNanos();
        while (now < until) {
            now += TICK;
            engine.tick(now, wall());
            if ((now / TICK) % 5 == 0) {
                Map<String, Double> rpm = new java.util.TreeMap<>();
                engine.snapshot().zoneLevels().forEach((zone, level) -> rpm.put(zone, level * 300));
                observer.onReadings(new Readings(Map.of(), rpm, Map.of(), Map.of(), Optional.empty(), false));
            }
            report();
        }
    }

    /** Runs until the session is over (at most {@code limit}). */
    void runToEnd(Duration limit) {
        long until = now + limit.toNanos();
        while (engine.snapshot().active() && now < until) {
            run(Duration.ofMillis(20));
        }
    }

    private void report() {
        if (clock != null) {
            clock.set(now);
        }
        for (SessionEvent event : engine.drainEvents()) {
            if (event.published()) {
                observer.onEvent(event);
            }
        }
        org.massaged.controller.state.StateDocument document =
                org.massaged.controller.state.StateDocument.of(engine.snapshot());
        // as the control loop does: on a change at a glance, and once a second
        if (everyTick || document.significantlyDiffers(published) || now - publishedAt >= 1_000_000_000L) {
            published = document;
            publishedAt = now;
            observer.onSnapshot(engine.snapshot());
        }
    }
}
