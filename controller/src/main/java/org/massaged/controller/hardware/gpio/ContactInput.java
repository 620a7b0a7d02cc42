package org.massaged.controller.hardware.gpio;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import org.massaged.device.profile.GpioTransport.InputLine;
import org.massaged.device.profile.GpioTransport.Pull;

/**
 * One switch contact on a GPIO line, as the profile describes it. {@code activeHigh} is the level the line
 * reads while the contacts conduct (a switch to GND with a pull-up reads LOW: activeHigh false). A
 * normally-closed contact (the emergency stop) counts as pressed when it does NOT conduct, so a cut wire
 * reads as pressed.
 */
public record ContactInput(InputRole role, InputLine line) {

    public boolean pressed(DigitalState level) {
        boolean conducting = (level == DigitalState.HIGH) == line.activeHigh();
        return line.normallyClosed() != conducting;
    }

    /** The level the line shows while the input is pressed (the virtual board drives this). */
    public DigitalState levelWhen(boolean pressed) {
        boolean conducting = line.normallyClosed() != pressed;
        return conducting == line.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
    }

    public Duration debounce() {
        return Duration.ofMillis(line.debounceMs());
    }

    /**
     * Whether an open circuit (a cut wire, an unplugged connector) reads as the contacts not conducting. For
     * the normally-closed emergency stop that is what makes a cut wire an emergency stop.
     */
    public boolean openCircuitReadsOpen() {
        return switch (line.pull()) {
            case UP -> !line.activeHigh();
            case DOWN -> line.activeHigh();
            case NONE -> true; // an external resistor decides; wiring.md says which
        };
    }

    public PullResistance pi4jPull() {
        return pull(line.pull());
    }

    static PullResistance pull(Pull pull) {
        return switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case NONE -> PullResistance.OFF;
        };
    }
}
