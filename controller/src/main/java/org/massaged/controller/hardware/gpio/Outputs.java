package org.massaged.controller.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import java.util.Optional;
import org.massaged.device.profile.GpioTransport;

/**
 * The three outputs, always written in the safe order: switching off, the motor enable goes first (the driver
 * stops even if the PWM write then fails), then the PWM, then the heater; switching on, the PWM duty is set
 * before the enable. Not thread-safe: the adapter serialises every call under its output lock.
 */
final class Outputs {

    private final DigitalOutput enable;
    private final Pwm pwm;
    private final Optional<DigitalOutput> heater;
    private final GpioTransport.OutputLine enableLine;
    private final Optional<GpioTransport.OutputLine> heaterLine;
    private final int steps;
    private final int shutdownSteps;
    private int drivenSteps = -1;
    private boolean heaterOn = true;
    private boolean enabled = true;

    private Outputs(DigitalOutput enable, Pwm pwm, Optional<DigitalOutput> heater, GpioTransport transport,
                    int steps, int shutdownSteps) {
        this.enable = enable;
        this.pwm = pwm;
        this.heater = heater;
        this.enableLine = transport.enable();
        this.heaterLine = transport.heater();
        this.steps = steps;
        this.shutdownSteps = shutdownSteps;
    }

    /**
     * Creates the outputs, each already at its shutdown value: the enable first, so that whatever a previous
     * process left on the PWM cannot turn the motor, then the PWM, then the heater.
     */
    static Outputs open(Context context, GpioTransport transport, int steps, int shutdownSteps) {
        DigitalOutput enable = context.create(DigitalOutput.newConfigBuilder(context)
                .id(GpioIds.ENABLE).name("motor enable").address(transport.enable().line())
                .initial(level(transport.enable(), false)).shutdown(level(transport.enable(), false)));
        float shutdownDuty = duty(shutdownSteps, steps);
        Pwm pwm = context.create(Pwm.newConfigBuilder(context)
                .id(GpioIds.PWM).name("motor PWM").address(transport.pwm().channel())
                .pwmType(PwmType.HARDWARE).frequency(transport.pwm().frequencyHz())
                .dutyCycle(shutdownDuty).initial(shutdownDuty).shutdown(shutdownDuty));
        Optional<DigitalOutput> heater = transport.heater().map(line -> context.create(
                DigitalOutput.newConfigBuilder(context)
                        .id(GpioIds.HEATER).name("heater relay").address(line.line())
                        .initial(level(line, false)).shutdown(level(line, false))));
        Outputs outputs = new Outputs(enable, pwm, heater, transport, steps, shutdownSteps);
        outputs.allOff();
        return outputs;
    }

    /** Stop category 0: enable off first, then the PWM to its shutdown value, then the heater. */
    void allOff() {
        // Each write is tried even when an earlier one failed: a broken PWM must not keep the enable on.
        RuntimeException failure = attempt(null, () -> setEnable(false));
        failure = attempt(failure, () -> setSteps(shutdownSteps));
        failure = attempt(failure, () -> setHeater(false));
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException attempt(RuntimeException earlier, Runnable write) {
        try {
            write.run();
            return earlier;
        } catch (RuntimeException e) {
            if (earlier != null) {
                earlier.addSuppressed(e);
                return earlier;
            }
            return e;
        }
    }

    /** The motor at {@code value} hardware steps (0 is off: the enable drops before the PWM). */
    void motor(int value) {
        if (value <= 0) {
            setEnable(false);
            setSteps(shutdownSteps);
        } else {
            setSteps(value);
            setEnable(true);
        }
    }

    void heater(boolean on) {
        setHeater(on);
    }

    int drivenSteps() {
        return enabled ? drivenSteps : 0;
    }

    boolean heaterOn() {
        return heaterOn;
    }

    private void setEnable(boolean on) {
        if (enabled != on) {
            enable.state(level(enableLine, on));
            enabled = on;
        }
    }

    private void setSteps(int value) {
        if (value == drivenSteps) {
            return;
        }
        if (value <= 0) {
            // A disabled channel idles low; the stored duty is zeroed so nobody reads a stale value.
            pwm.setDutyCycle(0);
            pwm.off();
        } else {
            // Pi4J 2.8 linuxfs rewrites period and duty and re-enables on every on(); only call it on a change.
            pwm.on(duty(value, steps));
        }
        drivenSteps = value;
    }

    private void setHeater(boolean on) {
        if (heater.isPresent() && heaterOn != on) {
            heater.get().state(level(heaterLine.orElseThrow(), on));
        }
        heaterOn = heater.isPresent() && on;
    }

    private static float duty(int value, int steps) {
        return Math.max(0, Math.min(100f, 100f * value / steps));
    }

    static DigitalState level(GpioTransport.OutputLine line, boolean on) {
        return on == line.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
    }
}
