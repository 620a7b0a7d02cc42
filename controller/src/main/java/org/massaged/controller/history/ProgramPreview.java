package org.massaged.controller.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.massaged.controller.safety.Cause;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.UsageHistory;

/**
 * A dry run of the real {@link SessionEngine} in virtual time: a start from the command line on a connected,
 * occupied, idle massager with no history, ticked at the daemon's rate until the session ends by itself. Each
 * zone's level is taken from the engine's own snapshot every {@link #SAMPLE_TICKS} ticks: what the daemon would
 * drive, ramps, caps and soft start included. Nothing here plays a program; the engine does.
 */
public final class ProgramPreview {

    public static final int TICK_HZ = 50;
    public static final long TICK_NANOS = 1_000_000_000L / TICK_HZ;
    /** Two points a second: fine enough for the techniques' envelopes, small enough for a 30-minute plot. */
    public static final int SAMPLE_TICKS = 25;
    /** The virtual clock starts here; the wall clock is only used for calendar questions (today's budget). */
    public static final long START_NANOS = 1_000_000_000L;
    public static final Instant WALL_START = Instant.parse("2026-01-05T09:00:00Z");

    /** A point of the envelope: seconds since the start command, and each driven zone's level. */
    public record Point(double at, Map<String, Double> levels) {
        public Point {
            levels = Map.copyOf(levels);
        }
    }

    /**
     * @param answer   the engine's answer to the start (accepted, adjusted with its reason, or rejected)
     * @param ran      the session time the engine reported at its end
     * @param length   from the start command to the outputs off (the ramp down included)
     * @param peak     the highest level any zone was driven at, on any tick
     * @param endedBy  why the engine ended the session ({@code duration-elapsed} for a full run)
     */
    public record Envelope(String program, String profile, int level, CommandResult answer, List<String> zones,
                           List<Point> points, Duration ran, Duration length, double peak, Optional<String> endedBy) {
        public Envelope {
            zones = List.copyOf(zones);
            points = List.copyOf(points);
        }
    }

    private ProgramPreview() {}

    /** Plays {@code program} for {@code duration} (empty: its default) at {@code level} (empty: the start level). */
    public static Envelope run(EngineConfig config, String program, Optional<Duration> duration, OptionalInt level) {
        long now = START_NANOS;
        SessionEngine engine = new SessionEngine(config, UsageHistory.empty(), now);
        engine.tick(now, wall(now));
        engine.linkUp(Optional.empty(), now);
        if (config.profile().hasOccupancySensor()) {
            engine.observe(new Readings(Map.of(), Map.of(), Map.of(), Map.of(), Optional.of(true), false), now);
        }
        CommandResult answer = engine.handle(new Command.Start(Origin.CLI, Optional.of(program), duration, level,
                Optional.of(false)), now, wall(now));
        List<String> zones = new ArrayList<>(new TreeMap<>(engine.snapshot().zoneLevels()).keySet());
        List<Point> points = new ArrayList<>();
        Optional<String> endedBy = Optional.empty();
        Duration ran = Duration.ZERO;
        double peak = 0;
        long start = now;
        long limit = start + Duration.ofHours(3).toNanos();
        int tick = 0;
        int startedAt = level.orElse(0);
        while (!answer.isRejected() && now < limit) {
            SessionSnapshot snapshot = engine.snapshot();
            for (double value : snapshot.zoneLevels().values()) {
                peak = Math.max(peak, value);
            }
            boolean over = tick > 0 && !snapshot.active();
            if (tick % SAMPLE_TICKS == 0 || over) {
                points.add(new Point((now - start) / 1e9, new LinkedHashMap<>(snapshot.zoneLevels())));
            }
            for (SessionEvent event : engine.drainEvents()) {
                if (event instanceof SessionEvent.Started started) {
                    startedAt = started.level();
                } else if (event instanceof SessionEvent.Ended ended) {
                    endedBy = Optional.of(ended.cause().text());
                    ran = ended.ran();
                }
            }
            if (over) {
                break;
            }
            now += TICK_NANOS;
            tick++;
            engine.tick(now, wall(now));
        }
        return new Envelope(program, config.profile().id(), startedAt, answer, zones, points, ran,
                Duration.ofNanos(now - start), peak, endedBy);
    }

    private static Instant wall(long nanos) {
        return WALL_START.plusNanos(nanos - START_NANOS);
    }

    /** Whether the run went to its planned end ({@link Cause.Event#DURATION_ELAPSED}). */
    public static boolean completed(Envelope envelope) {
        return envelope.endedBy().equals(Optional.of(Cause.Event.DURATION_ELAPSED.text()));
    }
}
