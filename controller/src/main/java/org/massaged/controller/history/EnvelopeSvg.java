package org.massaged.controller.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The preview's envelope drawn by {@link ChartSvg}: one panel per zone, level over time. Each zone's line is a
 * {@code <polyline class="envelope" data-zone="ID">} whose points are the engine's own values, {@code seconds,level}.
 */
public final class EnvelopeSvg {

    private EnvelopeSvg() {}

    /** The SVG; {@code topLevel} is the level at the top of each panel (the profile's highest). */
    public static String render(ProgramPreview.Envelope envelope, int topLevel) {
        List<ChartSvg.Panel> panels = new ArrayList<>();
        for (String zone : envelope.zones()) {
            List<double[]> points = new ArrayList<>();
            for (ProgramPreview.Point point : envelope.points()) {
                Double level = point.levels().get(zone);
                if (level != null) {
                    points.add(new double[] {point.at(), level});
                }
            }
            panels.add(new ChartSvg.Panel(zone, topLevel, Math.max(1, topLevel / 5),
                    List.of(new ChartSvg.Series("envelope", zone, points))));
        }
        String summary = String.format(Locale.ROOT, "Duration %s (session time %s); peak level %.2f; ended by %s. "
                        + "A dry run of the session engine.", ChartSvg.clock(envelope.length().toSeconds()),
                ChartSvg.clock(envelope.ran().toSeconds()), envelope.peak(),
                envelope.endedBy().orElse("(did not end)"));
        return ChartSvg.render(new ChartSvg.Chart(envelope.program() + " on " + envelope.profile() + ": planned envelope",
                envelope.program() + " on " + envelope.profile() + " at level " + envelope.level(), summary,
                envelope.length().toMillis() / 1000.0, panels));
    }
}
