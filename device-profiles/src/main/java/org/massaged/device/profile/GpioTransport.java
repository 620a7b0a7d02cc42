package org.massaged.device.profile;

import java.util.Optional;

/**
 * The Raspberry Pi drives the motor directly: hardware PWM into a motor driver, an enable relay, an
 * optional heater relay, and physical inputs. Line numbers are BCM GPIO numbers.
 */
public record GpioTransport(
        Pwm pwm,
        OutputLine enable,
        Optional<OutputLine> heater,
        Inputs inputs) implements Transport {

    /** Hardware PWM: sysfs chip and channel, and frequency in Hz. */
    public record Pwm(int chip, int channel, int frequencyHz) {}

    public enum Pull { NONE, UP, DOWN }

    /**
     * A digital output; {@code activeHigh} false means the line is driven low to switch on. {@code pull} is
     * the bias the line should rest at while the daemon is not driving it (boot, crash): it must hold the
     * output off, so an external resistor of the same direction belongs on the board (docs/wiring.md).
     */
    public record OutputLine(int line, boolean activeHigh, Pull pull) {
        /** An output whose resting pull holds it off: down when active high, up when active low. */
        public OutputLine(int line, boolean activeHigh) {
            this(line, activeHigh, activeHigh ? Pull.DOWN : Pull.UP);
        }
    }

    /**
     * A digital input. {@code normallyClosed} inputs (the emergency stop) are "pressed" when the circuit
     * opens, so a cut wire reads as pressed.
     */
    public record InputLine(int line, Pull pull, boolean activeHigh, boolean normallyClosed, int debounceMs) {}

    public record Tachometer(int line, int pulsesPerRevolution) {}

    public record Inputs(
            InputLine emergencyStop,
            Optional<InputLine> startStop,
            Optional<InputLine> intensityUp,
            Optional<InputLine> intensityDown,
            Optional<InputLine> tooMuch,
            Optional<InputLine> occupancy,
            Optional<Tachometer> tachometer) {}
}
