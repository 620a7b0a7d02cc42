package org.massaged.device.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * The {@code transport} section of a profile: a serial link, or GPIO lines and a PWM channel (no line used
 * twice).
 */
final class TransportReader {

    static final Set<Integer> BAUD_RATES = Set.of(9600, 19200, 38400, 57600, 115200, 230400, 250000, 460800,
            500000, 921600, 1000000);

    private TransportReader() {}

    static Optional<Transport> transport(YamlMap map, Optional<Identity> identity) {
        map.allow("serial", "gpio");
        if (map.has("serial") == map.has("gpio")) {
            map.self().problem("exactly one of \"serial\" or \"gpio\"");
            return Optional.empty();
        }
        if (map.has("serial")) {
            return map.map("serial", true).flatMap(serial -> serial(serial, identity));
        }
        return map.map("gpio", true).flatMap(TransportReader::gpio);
    }

    private static Optional<Transport> serial(YamlMap map, Optional<Identity> identity) {
        map.allow("port", "baud", "dataBits", "parity", "stopBits", "toggleDtrOnOpen");
        Optional<String> port = map.text("port", false);
        Optional<Integer> baud = map.required("baud").flatMap(value -> value.asInt(1, 4_000_000).filter(rate -> {
            if (!BAUD_RATES.contains(rate)) {
                value.problem("a standard baud rate: " + BAUD_RATES.stream().sorted().map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b).orElse(""));
                return false;
            }
            return true;
        }));
        Optional<Integer> dataBits = map.has("dataBits") ? map.integer("dataBits", true, 5, 8) : Optional.of(8);
        Optional<SerialTransport.Parity> parity = map.has("parity")
                ? map.choice("parity", true, SerialTransport.Parity.class) : Optional.of(SerialTransport.Parity.NONE);
        Optional<Integer> stopBits = map.has("stopBits") ? map.integer("stopBits", true, 1, 2) : Optional.of(1);
        Optional<Boolean> dtr = map.has("toggleDtrOnOpen") ? map.bool("toggleDtrOnOpen", true) : Optional.of(false);
        if (!map.has("port") && identity.isPresent() && identity.get().usbVendorId().isEmpty()) {
            map.self().problem("a \"port\" (e.g. /dev/ttyUSB0), since identity has no usbVendorId/usbProductId"
                    + " to find the port by");
            return Optional.empty();
        }
        if (baud.isEmpty() || dataBits.isEmpty() || parity.isEmpty() || stopBits.isEmpty() || dtr.isEmpty()
                || (map.has("port") && port.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new SerialTransport(port, baud.get(), dataBits.get(), parity.get(), stopBits.get(),
                dtr.get()));
    }

    private static Optional<Transport> gpio(YamlMap map) {
        map.allow("pwm", "enable", "heater", "inputs");
        Optional<GpioTransport.Pwm> pwm = map.map("pwm", true).flatMap(value -> {
            value.allow("chip", "channel", "frequencyHz");
            Optional<Integer> chip = value.integer("chip", true, 0, 7);
            Optional<Integer> channel = value.integer("channel", true, 0, 3);
            Optional<Integer> frequency = value.integer("frequencyHz", true, 100, 100_000);
            return chip.isPresent() && channel.isPresent() && frequency.isPresent()
                    ? Optional.of(new GpioTransport.Pwm(chip.get(), channel.get(), frequency.get()))
                    : Optional.empty();
        });
        Optional<Lined<GpioTransport.OutputLine>> enable = map.map("enable", true).flatMap(TransportReader::outputLine);
        Optional<Optional<Lined<GpioTransport.OutputLine>>> heater = map.has("heater")
                ? map.map("heater", true).flatMap(TransportReader::outputLine).map(Optional::of)
                : Optional.of(Optional.empty());
        Optional<Lined<GpioTransport.Inputs>> inputs = map.map("inputs", true).flatMap(TransportReader::inputs);
        if (pwm.isEmpty() || enable.isEmpty() || heater.isEmpty() || inputs.isEmpty()) {
            return Optional.empty();
        }
        List<YamlValue> lineNodes = new ArrayList<>();
        lineNodes.addAll(enable.get().lines());
        heater.get().ifPresent(line -> lineNodes.addAll(line.lines()));
        lineNodes.addAll(inputs.get().lines());
        Map<Integer, YamlValue> used = new HashMap<>();
        boolean clash = false;
        for (YamlValue node : lineNodes) {
            int line = node.asInt(0, 27).orElse(-1);
            YamlValue first = used.putIfAbsent(line, node);
            if (first != null) {
                node.problem("a GPIO line no other input or output uses; line " + line + " is already "
                        + first.path() + " (line " + first.line() + ")");
                clash = true;
            }
        }
        if (clash) {
            return Optional.empty();
        }
        return Optional.of(new GpioTransport(pwm.get(), enable.get().value(),
                heater.get().map(Lined::value), inputs.get().value()));
    }

    /** A value read from the file, with the nodes of the GPIO line numbers it uses (to find clashes). */
    private record Lined<T>(T value, List<YamlValue> lines) {}

    private static Optional<Lined<GpioTransport.OutputLine>> outputLine(YamlMap map) {
        map.allow("line", "activeHigh", "pull");
        Optional<Integer> line = map.integer("line", true, 0, 27);
        Optional<Boolean> activeHigh = map.has("activeHigh") ? map.bool("activeHigh", true) : Optional.of(true);
        Optional<GpioTransport.Pull> pull = map.has("pull")
                ? map.choice("pull", true, GpioTransport.Pull.class)
                : activeHigh.map(high -> high ? GpioTransport.Pull.DOWN : GpioTransport.Pull.UP);
        if (line.isEmpty() || activeHigh.isEmpty() || pull.isEmpty()) {
            return Optional.empty();
        }
        GpioTransport.Pull holdsOff = activeHigh.get() ? GpioTransport.Pull.DOWN : GpioTransport.Pull.UP;
        if (pull.get() != holdsOff) {
            map.get("pull", true).ifPresent(value -> value.problem("\"" + YamlValue.kebab(holdsOff)
                    + "\": an output must rest off, and with activeHigh " + activeHigh.get() + " that is pull "
                    + YamlValue.kebab(holdsOff)));
            return Optional.empty();
        }
        return Optional.of(new Lined<>(new GpioTransport.OutputLine(line.get(), activeHigh.get(), pull.get()),
                List.of(map.required("line").get())));
    }

    private static Optional<Lined<GpioTransport.InputLine>> inputLine(YamlMap map, boolean emergencyStop) {
        map.allow("line", "pull", "activeHigh", "normallyClosed", "debounceMs");
        Optional<Integer> line = map.integer("line", true, 0, 27);
        Optional<GpioTransport.Pull> pull = map.has("pull")
                ? map.choice("pull", true, GpioTransport.Pull.class) : Optional.of(GpioTransport.Pull.UP);
        Optional<Boolean> activeHigh = map.has("activeHigh") ? map.bool("activeHigh", true) : Optional.of(false);
        Optional<Boolean> normallyClosed = map.has("normallyClosed") || emergencyStop
                ? map.bool("normallyClosed", true) : Optional.of(false);
        Optional<Integer> debounce = map.has("debounceMs") ? map.integer("debounceMs", true, 0, 200) : Optional.of(20);
        if (emergencyStop && normallyClosed.isPresent() && !normallyClosed.get()) {
            map.required("normallyClosed").ifPresent(value -> value.problem(
                    "true: the emergency stop must be wired normally-closed, so that a cut wire stops the motor"));
            return Optional.empty();
        }
        if (line.isEmpty() || pull.isEmpty() || activeHigh.isEmpty() || normallyClosed.isEmpty() || debounce.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Lined<>(new GpioTransport.InputLine(line.get(), pull.get(), activeHigh.get(),
                normallyClosed.get(), debounce.get()), List.of(map.required("line").get())));
    }

    private static Optional<Lined<GpioTransport.Inputs>> inputs(YamlMap map) {
        map.allow("emergencyStop", "startStop", "intensityUp", "intensityDown", "tooMuch", "occupancy", "tachometer");
        List<YamlValue> lines = new ArrayList<>();
        Optional<GpioTransport.InputLine> stop = map.map("emergencyStop", true)
                .flatMap(value -> inputLine(value, true)).map(lined -> collect(lined, lines));
        List<Optional<Optional<GpioTransport.InputLine>>> buttons = new ArrayList<>();
        for (String key : List.of("startStop", "intensityUp", "intensityDown", "tooMuch", "occupancy")) {
            buttons.add(map.has(key)
                    ? map.map(key, true).flatMap(value -> inputLine(value, false))
                            .map(lined -> Optional.of(collect(lined, lines)))
                    : Optional.of(Optional.empty()));
        }
        Optional<Optional<GpioTransport.Tachometer>> tachometer = map.has("tachometer")
                ? map.map("tachometer", true).flatMap(value -> {
                    value.allow("line", "pulsesPerRevolution");
                    Optional<Integer> line = value.integer("line", true, 0, 27);
                    Optional<Integer> pulses = value.integer("pulsesPerRevolution", true, 1, 64);
                    if (line.isEmpty() || pulses.isEmpty()) {
                        return Optional.empty();
                    }
                    lines.add(value.required("line").get());
                    return Optional.of(Optional.of(new GpioTransport.Tachometer(line.get(), pulses.get())));
                })
                : Optional.of(Optional.empty());
        if (stop.isEmpty() || tachometer.isEmpty() || buttons.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new Lined<>(new GpioTransport.Inputs(stop.get(), buttons.get(0).get(), buttons.get(1).get(),
                buttons.get(2).get(), buttons.get(3).get(), buttons.get(4).get(), tachometer.get()), lines));
    }

    private static <T> T collect(Lined<T> lined, List<YamlValue> lines) {
        lines.addAll(lined.lines());
        return lined.value();
    }
}
