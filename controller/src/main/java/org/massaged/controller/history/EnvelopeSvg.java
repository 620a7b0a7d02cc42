package org.massaged.controller.history;

import java.util.Locale;

/**
 * The preview's envelope as a self-contained SVG: one panel per zone, level over time. Each zone's line is a
 * {@code <polyline class="envelope" data-zone="ID">} whose points are the engine's own values, {@code seconds,level}
 * (rounded to 3 decimals), placed by the panel's transform; axes and labels are drawn beside it.
 */
public final class EnvelopeSvg {

    private static final int WIDTH = 960;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TITLE = 70;
    private static final int PANEL = 130;
    private static final int GAP = 40;
    private static final java.util.List<String> COLOURS = java.util.List.of("#1f6feb", "#d1242f", "#1a7f37", "#9a6700",
            "#8250df", "#bf3989");

    private EnvelopeSvg() {}

    /** The SVG; {@code topLevel} is the level at the top of each panel (the profile's highest). */
    public static String render(ProgramPreview.Envelope envelope, int topLevel) {
        int zones = Math.max(1, envelope.zones().size());
        int height = TITLE + zones * (PANEL + GAP) + 10;
        double seconds = Math.max(1, envelope.length().toMillis() / 1000.0);
        int plotWidth = WIDTH - LEFT - RIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<title>%s on %s: planned envelope</title>%n",
                escape(envelope.program()), escape(envelope.profile())));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s on %s"
                        + " at level %d</text>%n", LEFT, escape(envelope.program()), escape(envelope.profile()),
                envelope.level()));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"46\">Duration %s (session time %s); peak level "
                        + "%.2f; ended by %s. A dry run of the session engine.</text>%n", LEFT,
                clock(envelope.length().toSeconds()), clock(envelope.ran().toSeconds()), envelope.peak(),
                escape(envelope.endedBy().orElse("(did not end)"))));
        for (int i = 0; i < envelope.zones().size(); i++) {
            String zone = envelope.zones().get(i);
            int top = TITLE + i * (PANEL + GAP);
            int bottom = top + PANEL;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT,
                    top - 6, escape(zone)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#ccc\"/>%n", LEFT, top, plotWidth, PANEL));
            for (int level = 0; level <= topLevel; level += Math.max(1, topLevel / 5)) {
                double y = bottom - PANEL * (double) level / topLevel;
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
                        LEFT - 6, y + 4, level));
            }
            int stepMinutes = Math.max(1, (int) Math.ceil(seconds / 60 / 10));
            for (int minute = 0; minute * 60 <= seconds; minute += stepMinutes) {
                double x = LEFT + plotWidth * minute * 60 / seconds;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d min</text>%n",
                        x, bottom + 16, minute));
            }
            svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d %d) scale(%.6f %.6f)\">%n", LEFT, bottom,
                    plotWidth / seconds, -PANEL / (double) topLevel));
            svg.append(String.format(Locale.ROOT, "<polyline class=\"envelope\" data-zone=\"%s\" fill=\"none\" "
                    + "stroke=\"%s\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" points=\"",
                    escape(zone), COLOURS.get(i % COLOURS.size())));
            boolean first = true;
            for (ProgramPreview.Point point : envelope.points()) {
                Double level = point.levels().get(zone);
                if (level == null) {
                    continue;
                }
                svg.append(first ? "" : " ").append(String.format(Locale.ROOT, "%.3f,%.3f", point.at(), level));
                first = false;
            }
            svg.append("\"/>\n</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
