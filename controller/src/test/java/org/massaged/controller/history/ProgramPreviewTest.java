package org.massaged.controller.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;

class ProgramPreviewTest {

    private static final Pattern POLYLINE = Pattern.compile("data-zone=\"([^\"]+)\"[^>]*points=\"([^\"]*)\"");

    @Test
    void theSvgsPointsAreWhatTheEngineDroveAtThoseTimes() {
        EngineConfig config = VirtualSession.config("lumbar-duo-serial");
        ProgramPreview.Envelope envelope = ProgramPreview.run(config, "lower-back-relief",
                Optional.of(Duration.ofMinutes(6)), OptionalInt.of(4));
        String svg = EnvelopeSvg.render(envelope, 10);

        Map<String, List<double[]>> plotted = plotted(svg);
        assertThat(plotted.keySet()).containsExactlyElementsOf(envelope.zones()).isNotEmpty();

        // An independent run of the engine, ticked the same way: its levels at the plotted times
        Map<Long, Map<String, Double>> driven = new LinkedHashMap<>();
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(
                ProgramPreview.START_NANOS);
        VirtualSession session = new VirtualSession(config, recorderOf(driven, clock),
                ProgramPreview.START_NANOS, ProgramPreview.WALL_START.minusNanos(ProgramPreview.START_NANOS));
        session.clock = clock;
        session.everyTick = true;
        assertThat(session.start("lower-back-relief", Duration.ofMinutes(6), 4).isRejected()).isFalse();
        session.runToEnd(Duration.ofMinutes(10));

        int compared = 0;
        double peak = 0;
        for (Map.Entry<String, List<double[]>> zone : plotted.entrySet()) {
            for (double[] point : zone.getValue()) {
                long tick = Math.round(point[0] * ProgramPreview.TICK_HZ);
                Map<String, Double> levels = driven.get(tick);
                assertThat(levels).as("the engine ran at %.2f s", point[0]).isNotNull();
                assertThat(point[1]).as("%s at %.2f s", zone.getKey(), point[0])
                        .isCloseTo(levels.get(zone.getKey()), within(0.0006));
                compared++;
            }
        }
        for (Map<String, Double> levels : driven.values()) {
            for (double level : levels.values()) {
                peak = Math.max(peak, level);
            }
        }
        assertThat(compared).isGreaterThan(2 * 6 * 60);
        assertThat(envelope.peak()).isEqualTo(peak).isGreaterThan(1);
        assertThat(envelope.endedBy()).contains("duration-elapsed");
        assertThat(envelope.ran()).isBetween(Duration.ofMinutes(6).minusSeconds(1), Duration.ofMinutes(6));
        assertThat(envelope.length()).isGreaterThanOrEqualTo(envelope.ran());
        assertThat(svg).contains("peak level " + String.format(java.util.Locale.ROOT, "%.2f", peak));
    }

    @Test
    void aLevelAboveTheHomeCeilingIsTheEnginesAdjustedAnswer() {
        ProgramPreview.Envelope envelope = ProgramPreview.run(VirtualSession.config("lumbar-duo-serial"), "gentle",
                Optional.empty(), OptionalInt.of(10));
        assertThat(envelope.answer().outcome()).isEqualTo(CommandResult.Outcome.ADJUSTED);
        assertThat(envelope.level()).isLessThan(10);
        assertThat(envelope.peak()).isLessThanOrEqualTo(envelope.level() + 1e-9);
    }

    /** Records the engine's zone levels at every tick, keyed by ticks since {@code start}. */
    private static SessionObserver recorderOf(Map<Long, Map<String, Double>> driven,
                                              java.util.concurrent.atomic.AtomicLong clock) {
        return new SessionObserver() {
            @Override public void onSnapshot(SessionSnapshot snapshot) {
                driven.put((clock.get() - ProgramPreview.START_NANOS) / ProgramPreview.TICK_NANOS,
                        Map.copyOf(snapshot.zoneLevels()));
            }
            @Override public void onEvent(SessionEvent event) { }
            @Override public void onLink(boolean up, String detail) { }
        };
    }

    private static Map<String, List<double[]>> plotted(String svg) {
        Map<String, List<double[]>> zones = new LinkedHashMap<>();
        Matcher line = POLYLINE.matcher(svg);
        while (line.find()) {
            List<double[]> points = new ArrayList<>();
            for (String pair : line.group(2).split(" ")) {
                String[] xy = pair.split(",");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            }
            zones.put(line.group(1), points);
        }
        return zones;
    }
}
