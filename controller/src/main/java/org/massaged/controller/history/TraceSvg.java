package org.massaged.controller.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A recorded session drawn by {@link ChartSvg}: a panel per zone with the level it was driven at
 * ({@code class="level"}), one with each motor's measured speed ({@code class="rpm"}) when the device reported any,
 * and one with each temperature sensor ({@code class="temp"}, {@code data-zone} naming the sensor) when it had any.
 * At most {@link #MAX_POINTS} points a line: a long trace is thinned to every n-th sample, so the SVG stays small.
 */
public final class TraceSvg {

    public static final int MAX_POINTS = 1200;

    private TraceSvg() {}

    public static String render(SessionTrace trace, int topLevel) {
        SessionSummary s = trace.summary();
        List<TraceSample> samples = thinned(trace.samples());
        List<ChartSvg.Panel> panels = new ArrayList<>();
        for (String zone : keys(samples, TraceSample::levels)) {
            panels.add(new ChartSvg.Panel(zone + ": level", topLevel, Math.max(1, topLevel / 5),
                    List.of(series("level", zone, samples, TraceSample::levels))));
        }
        addPanel(panels, "Motor speed (rev/min)", "rpm", samples, TraceSample::rpm, 500);
        addPanel(panels, "Temperature (°C)", "temp", samples, TraceSample::temperatures, 10);
        double seconds = samples.isEmpty() ? s.ran().toSeconds() : samples.get(samples.size() - 1).at();
        String summary = String.format(Locale.ROOT, "Ran %s of %s; levels %d/%d/%d (start/max/end), peak %d; heat %s; "
                        + "ended by %s.", ChartSvg.clock(s.ran().toSeconds()), ChartSvg.clock(s.planned().toSeconds()),
                s.startLevel(), s.maxLevel(), s.endLevel(), s.peakLevel(), s.heat() ? "on" : "off", s.endedByText());
        return ChartSvg.render(new ChartSvg.Chart("Session " + s.id() + ": " + s.program(),
                "Session " + s.id() + ": " + s.program() + ", started " + s.started(), summary, seconds, panels));
    }

    private static void addPanel(List<ChartSvg.Panel> panels, String heading, String kind, List<TraceSample> samples,
                                 Function<TraceSample, Map<String, Double>> values, double unit) {
        List<ChartSvg.Series> series = new ArrayList<>();
        double highest = 0;
        for (String key : keys(samples, values)) {
            ChartSvg.Series line = series(kind, key, samples, values);
            series.add(line);
            for (double[] point : line.points()) {
                highest = Math.max(highest, point[1]);
            }
        }
        if (!series.isEmpty()) {
            double top = Math.max(unit, Math.ceil(highest / unit) * unit);
            panels.add(new ChartSvg.Panel(heading, top, top / Math.min(5, Math.max(1, Math.round(top / unit))), series));
        }
    }

    private static ChartSvg.Series series(String kind, String key, List<TraceSample> samples,
                                          Function<TraceSample, Map<String, Double>> values) {
        List<double[]> points = new ArrayList<>();
        for (TraceSample sample : samples) {
            Double value = values.apply(sample).get(key);
            if (value != null) {
                points.add(new double[] {sample.at(), value});
            }
        }
        return new ChartSvg.Series(kind, key, points);
    }

    private static TreeSet<String> keys(List<TraceSample> samples, Function<TraceSample, Map<String, Double>> values) {
        TreeSet<String> keys = new TreeSet<>();
        samples.forEach(sample -> keys.addAll(values.apply(sample).keySet()));
        return keys;
    }

    /** Every n-th sample (the last one always), so that no line has more than {@link #MAX_POINTS} points. */
    static List<TraceSample> thinned(List<TraceSample> samples) {
        int stride = (samples.size() + MAX_POINTS - 1) / MAX_POINTS;
        if (stride <= 1) {
            return samples;
        }
        List<TraceSample> kept = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += stride) {
            kept.add(samples.get(i));
        }
        if ((samples.size() - 1) % stride != 0) {
            kept.add(samples.get(samples.size() - 1));
        }
        return kept;
    }
}
