package org.massaged.simulator.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.massaged.device.profile.yaml.Durations;

/**
 * Runtime fault injection: line faults (corrupt, drop, duplicate, delay, bit errors, silence, unplug) and
 * device faults (reset, wrong protocol version, motor stall, stuck relay, heater runaway, over-temperature).
 * Thread-safe. {@link #command(String)} is the text form used by the control interface and scenarios.
 */
public final class FaultInjector {
    private final FaultTarget target;
    private volatile LineFaults line = LineFaults.none();

    public FaultInjector(FaultTarget target) {
        this.target = target;
    }

    public LineFaults line() {
        return line;
    }

    public synchronized void corrupt(double rate) {
        line = new LineFaults(rate, line.dropRate(), line.duplicateRate(), line.delayRate(), line.delay(),
                line.bitErrorRate(), line.silent(), line.unplugged());
    }

    public synchronized void drop(double rate) {
        line = new LineFaults(line.corruptRate(), rate, line.duplicateRate(), line.delayRate(), line.delay(),
                line.bitErrorRate(), line.silent(), line.unplugged());
    }

    public synchronized void duplicate(double rate) {
        line = new LineFaults(line.corruptRate(), line.dropRate(), rate, line.delayRate(), line.delay(),
                line.bitErrorRate(), line.silent(), line.unplugged());
    }

    public synchronized void delay(double rate, Duration delay) {
        line = new LineFaults(line.corruptRate(), line.dropRate(), line.duplicateRate(), rate, delay,
                line.bitErrorRate(), line.silent(), line.unplugged());
    }

    public synchronized void bitErrorRate(double rate) {
        line = new LineFaults(line.corruptRate(), line.dropRate(), line.duplicateRate(), line.delayRate(),
                line.delay(), rate, line.silent(), line.unplugged());
    }

    /** The microcontroller stops answering (it still enforces its deadman). */
    public synchronized void stopAnswering(boolean silent) {
        line = new LineFaults(line.corruptRate(), line.dropRate(), line.duplicateRate(), line.delayRate(),
                line.delay(), line.bitErrorRate(), silent, line.unplugged());
    }

    public synchronized void unplug() {
        line = new LineFaults(line.corruptRate(), line.dropRate(), line.duplicateRate(), line.delayRate(),
                line.delay(), line.bitErrorRate(), line.silent(), true);
        target.unplug();
    }

    public synchronized void replug() {
        line = new LineFaults(line.corruptRate(), line.dropRate(), line.duplicateRate(), line.delayRate(),
                line.delay(), line.bitErrorRate(), line.silent(), false);
        target.replug();
    }

    /** Clears every line fault (not device faults). */
    public synchronized void clearLine() {
        boolean unplugged = line.unplugged();
        line = LineFaults.none();
        if (unplugged) {
            target.replug();
        }
    }

    public void reset() {
        target.reset();
    }

    public void wrongProtocolVersion(int major) {
        target.protocolMajor(major);
    }

    public void motorStall(String zone, boolean jammed) {
        target.motorStall(zone, jammed);
    }

    public void stuckRelay(String zone, int steps) {
        target.stuckRelay(zone, steps);
    }

    public void heaterRunaway(boolean stuckOn) {
        target.heaterRunaway(stuckOn);
    }

    public void overTemperature(double sensorOffsetKelvin) {
        target.overTemperature(sensorOffsetKelvin);
    }

    public void sensorStuck(boolean stuck) {
        target.sensorStuck(stuck);
    }

    public void occupied(boolean occupied) {
        target.occupied(occupied);
    }

    /**
     * Applies one fault in text form, e.g. {@code drop 0.1}, {@code delay 0.5 200ms}, {@code ber 0.001},
     * {@code silent on}, {@code unplug}, {@code replug}, {@code reset}, {@code version 2},
     * {@code stall back on}, {@code stuck-relay back 300}, {@code heater-runaway on},
     * {@code over-temperature 25}, {@code sensor-stuck on}, {@code occupied off}, {@code clear}.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public void command(String text) {
        List<String> words = List.of(text.trim().toLowerCase(Locale.ROOT).split("\\s+"));
        String verb = words.get(0);
        switch (verb) {
            case "corrupt" -> corrupt(rate(words, 1));
            case "drop" -> drop(rate(words, 1));
            case "duplicate" -> duplicate(rate(words, 1));
            case "delay" -> delay(rate(words, 1), duration(words, 2));
            case "ber" -> bitErrorRate(rate(words, 1));
            case "silent" -> stopAnswering(onOff(words, 1));
            case "unplug" -> unplug();
            case "replug" -> replug();
            case "clear" -> clearLine();
            case "reset" -> reset();
            case "version" -> wrongProtocolVersion(integer(words, 1));
            case "stall" -> motorStall(word(words, 1), onOff(words, 2));
            case "stuck-relay" -> stuckRelay(word(words, 1), integer(words, 2));
            case "heater-runaway" -> heaterRunaway(onOff(words, 1));
            case "over-temperature" -> overTemperature(number(words, 1));
            case "sensor-stuck" -> sensorStuck(onOff(words, 1));
            case "occupied" -> occupied(onOff(words, 1));
            default -> throw new IllegalArgumentException("unknown fault '" + verb + "'; expected one of corrupt, "
                    + "drop, duplicate, delay, ber, silent, unplug, replug, clear, reset, version, stall, "
                    + "stuck-relay, heater-runaway, over-temperature, sensor-stuck, occupied");
        }
    }

    private static String word(List<String> words, int index) {
        if (index >= words.size()) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "' needs argument " + index);
        }
        return words.get(index);
    }

    private static double rate(List<String> words, int index) {
        double rate = number(words, index);
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "': rate must be within 0..1");
        }
        return rate;
    }

    private static double number(List<String> words, int index) {
        try {
            return Double.parseDouble(word(words, index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "': expected a number at "
                    + index + ", got '" + words.get(index) + "'");
        }
    }

    private static int integer(List<String> words, int index) {
        try {
            return Integer.parseInt(word(words, index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "': expected an integer at "
                    + index + ", got '" + words.get(index) + "'");
        }
    }

    private static boolean onOff(List<String> words, int index) {
        return switch (word(words, index)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("'" + String.join(" ", words) + "': expected on or off");
        };
    }

    /** A duration in the grammar of every file ({@link Durations}): {@code 200ms}, {@code 1.5s}, {@code 1m30s}. */
    public static Duration parseDuration(String text) {
        return Durations.require(text);
    }

    private static Duration duration(List<String> words, int index) {
        return parseDuration(word(words, index));
    }
}
