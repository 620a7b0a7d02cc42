package org.massaged.controller.hardware.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import java.nio.file.Path;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.device.profile.GpioTransport;

/**
 * The Raspberry Pi's context: hardware PWM through sysfs (Pi4J linuxfs, on the chip the profile means, see
 * {@link PwmChipResolver}) and digital lines through the GPIO character device (Pi4J gpiod, which finds the
 * header's gpiochip by its "pinctrl" label on every model). No auto-detection: exactly these three providers,
 * so nothing else (a mock plugin on the class path, a root-only provider) can be picked by accident. Needs
 * no root, only the {@code gpio} group (docs/wiring.md).
 */
public final class HardwareContexts implements ContextSource {

    private final GpioTransport.Pwm pwm;
    private final Path sysfsPwm;

    public HardwareContexts(GpioTransport.Pwm pwm) {
        this(pwm, PwmChipResolver.SYSFS_PWM);
    }

    public HardwareContexts(GpioTransport.Pwm pwm, Path sysfsPwm) {
        this.pwm = pwm;
        this.sysfsPwm = sysfsPwm;
    }

    @Override
    public Context acquire() throws DeviceException {
        int chip = new PwmChipResolver(sysfsPwm).resolve(pwm);
        try {
            return Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(LinuxFsPwmProvider.newInstance(sysfsPwm.toString(), chip),
                            GpioDDigitalInputProvider.newInstance(),
                            GpioDDigitalOutputProvider.newInstance())
                    .build();
        } catch (RuntimeException e) {
            throw new DeviceException("Could not start Pi4J on this board: " + e.getMessage()
                    + ". Is /dev/gpiochip* readable by the 'gpio' group and the user in it (docs/wiring.md)?", e);
        }
    }

    @Override
    public void release(Context context) {
        context.shutdown();
    }
}
