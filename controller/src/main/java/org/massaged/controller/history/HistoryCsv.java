package org.massaged.controller.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The CSV export (RFC 4180, comma, header line first): the sessions, with the JSON's field names as columns; and one
 * session's trace, {@code t_s} then {@code level_<zone>}, {@code rpm_<zone>} and {@code temp_<sensor>} columns.
 */
public final class HistoryCsv {

    private HistoryCsv() {}

    public static void sessions(PrintWriter out, List<SessionSummary> sessions) {
        List<String> columns = new ArrayList<>();
        HistoryJson.summary(example()).fieldNames().forEachRemaining(columns::add);
        out.print(String.join(",", columns) + "\r\n");
        for (SessionSummary session : sessions) {
            ObjectNode node = HistoryJson.summary(session);
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                JsonNode value = node.get(column);
                cells.add(value == null || value.isNull() ? "" : cell(value.asText()));
            }
            out.print(String.join(",", cells) + "\r\n");
        }
        out.flush();
    }

    public static void trace(PrintWriter out, SessionTrace trace) {
        TreeSet<String> zones = keys(trace, TraceSample::levels);
        TreeSet<String> motors = keys(trace, TraceSample::rpm);
        TreeSet<String> sensors = keys(trace, TraceSample::temperatures);
        List<String> header = new ArrayList<>(List.of("t_s"));
        zones.forEach(zone -> header.add("level_" + zone));
        motors.forEach(zone -> header.add("rpm_" + zone));
        sensors.forEach(sensor -> header.add("temp_" + sensor));
        out.print(String.join(",", header.stream().map(HistoryCsv::cell).toList()) + "\r\n");
        for (TraceSample sample : trace.samples()) {
            JsonNode node = HistoryJson.sample(sample);
            List<String> cells = new ArrayList<>(List.of(node.get("t").asText()));
            zones.forEach(zone -> cells.add(number(node.get("level").get(zone))));
            motors.forEach(zone -> cells.add(number(node.get("rpm").get(zone))));
            sensors.forEach(sensor -> cells.add(number(node.get("temp").get(sensor))));
            out.print(String.join(",", cells) + "\r\n");
        }
        out.flush();
    }

    private static TreeSet<String> keys(SessionTrace trace, Function<TraceSample, Map<String, Double>> values) {
        TreeSet<String> keys = new TreeSet<>();
        trace.samples().forEach(sample -> keys.addAll(values.apply(sample).keySet()));
        return keys;
    }

    private static String number(JsonNode value) {
        return value == null ? "" : value.asText();
    }

    /** A cell, quoted when it holds a comma, a quote or a line break. */
    static String cell(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static SessionSummary example() {
        return new SessionSummary(0, "", java.time.Instant.EPOCH, java.util.Optional.empty(), java.time.Duration.ZERO,
                java.time.Duration.ZERO, 0, 0, 0, 0, false, "", java.util.Optional.empty(), java.util.Optional.empty(),
                false, java.util.Optional.empty());
    }
}
