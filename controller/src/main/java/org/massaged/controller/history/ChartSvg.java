package org.massaged.controller.history;

import java.util.List;
import java.util.Locale;

/**
 * The one plotter of the history and the preview: values over a session's time as a self-contained SVG, panels
 * stacked one above the other. Each series is a {@code <polyline class="KIND" data-zone="KEY" points="t,value …">}
 * whose points are the values themselves (seconds and the panel's unit, 3 decimals), placed by its panel's
 * transform, so a script (or a test) reads the plotted values back; axes and labels are drawn beside it.
 */
public final class ChartSvg {

    /** One line: its kind (the CSS class), what it is of ({@code data-zone}: a zone or a sensor), its points. */
    public record Series(String kind, String key, List<double[]> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** One panel: a heading, the value at its top, the spacing of its value ticks, and its lines. */
    public record Panel(String heading, double top, double tickStep, List<Series> series) {
        public Panel {
            series = List.copyOf(series);
        }
    }

    /** The whole chart: a heading, a sentence under it, the time axis's length in seconds, and the panels. */
    public record Chart(String title, String heading, String summary, double seconds, List<Panel> panels) {
        public Chart {
            panels = List.copyOf(panels);
        }
    }

    private static final int WIDTH = 960;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TITLE = 70;
    private static final int PANEL = 130;
    private static final int GAP = 40;
    private static final List<String> COLOURS = List.of("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df",
            "#bf3989");

    private ChartSvg() {}

    public static String render(Chart chart) {
        int panels = Math.max(1, chart.panels().size());
        int height = TITLE + panels * (PANEL + GAP) + 10;
        double seconds = Math.max(1, chart.seconds());
        int plotWidth = WIDTH - LEFT - RIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append("<title>").append(escape(chart.title())).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(chart.heading())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"46\">%s</text>%n", LEFT, escape(chart.summary())));
        int colour = 0;
        for (int i = 0; i < chart.panels().size(); i++) {
            Panel panel = chart.panels().get(i);
            int top = TITLE + i * (PANEL + GAP);
            int bottom = top + PANEL;
            double topValue = panel.top() > 0 ? panel.top() : 1;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT,
                    top - 6, escape(panel.heading())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#ccc\"/>%n", LEFT, top, plotWidth, PANEL));
            double step = panel.tickStep() > 0 ? panel.tickStep() : topValue;
            for (double value = 0; value <= topValue + 1e-9; value += step) {
                double y = bottom - PANEL * value / topValue;
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                        LEFT - 6, y + 4, number(value)));
            }
            int stepMinutes = Math.max(1, (int) Math.ceil(seconds / 60 / 10));
            for (int minute = 0; minute * 60 <= seconds; minute += stepMinutes) {
                double x = LEFT + plotWidth * minute * 60 / seconds;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d min</text>%n",
                        x, bottom + 16, minute));
            }
            svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d %d) scale(%.6f %.6f)\">%n", LEFT, bottom,
                    plotWidth / seconds, -PANEL / topValue));
            for (Series series : panel.series()) {
                svg.append(String.format(Locale.ROOT, "<polyline class=\"%s\" data-zone=\"%s\" fill=\"none\" "
                        + "stroke=\"%s\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" points=\"",
                        escape(series.kind()), escape(series.key()), COLOURS.get(colour++ % COLOURS.size())));
                boolean first = true;
                for (double[] point : series.points()) {
                    svg.append(first ? "" : " ").append(String.format(Locale.ROOT, "%.3f,%.3f", point[0], point[1]));
                    first = false;
                }
                svg.append("\"/>\n");
            }
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
