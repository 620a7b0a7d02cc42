package org.massaged.controller.hardware.gpio;

/**
 * The Pi4J IO ids the adapter registers. The virtual board finds the adapter's lines by these ids on the
 * shared mock context, so they are part of the adapter's contract.
 */
public final class GpioIds {
    public static final String PWM = "massaged-motor-pwm";
    public static final String ENABLE = "massaged-motor-enable";
    public static final String HEATER = "massaged-heater";
    public static final String TACHOMETER = "massaged-tachometer";

    private GpioIds() {
    }

    public static String input(InputRole role) {
        return "massaged-in-" + role.wireName();
    }
}
