package org.massaged.controller.hardware.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.device.profile.GpioTransport;

/** Real directories and symlinks laid out like /sys/class/pwm on each board and kernel. */
class PwmChipResolverTest {

    @TempDir
    Path sysfs;

    private void chip(int number, String device, int channels) throws IOException {
        Path chip = Files.createDirectories(sysfs.resolve("pwmchip" + number));
        Path target = Files.createDirectories(sysfs.resolve("devices").resolve(device));
        Files.createSymbolicLink(chip.resolve("device"), target);
        Files.writeString(chip.resolve("npwm"), channels + "\n");
    }

    private int resolve(int chip, int channel) throws DeviceException {
        return new PwmChipResolver(sysfs).resolve(new GpioTransport.Pwm(chip, channel, 1000));
    }

    @Test
    void raspberryPi4UsesTheProfilesChip() throws Exception {
        chip(0, "fe20c000.pwm", 2);
        assertThat(resolve(0, 0)).isEqualTo(0);
        assertThat(resolve(0, 1)).isEqualTo(0);
    }

    @Test
    void raspberryPi5OnKernel66FindsTheRp1PwmAtChip2NotTheFanAtChip0() throws Exception {
        chip(0, "107d517a80.pwm", 1);
        chip(2, PwmChipResolver.RP1_HEADER_PWM_DEVICE, 4);
        chip(6, "1f0009c000.pwm", 4);
        assertThat(resolve(0, 0)).isEqualTo(2);
        assertThat(resolve(2, 3)).isEqualTo(2);
    }

    @Test
    void raspberryPi5OnKernel612FindsTheRp1PwmAtChip0() throws Exception {
        chip(0, PwmChipResolver.RP1_HEADER_PWM_DEVICE, 4);
        assertThat(resolve(0, 0)).isEqualTo(0);
        assertThat(resolve(2, 0)).isEqualTo(0);
    }

    @Test
    void anyOtherChipNumberIsTakenLiterally() throws Exception {
        chip(0, PwmChipResolver.RP1_HEADER_PWM_DEVICE, 4);
        chip(3, "pca9685", 16);
        assertThat(resolve(3, 15)).isEqualTo(3);
    }

    @Test
    void noPwmChipNamesTheOverlayToAdd() {
        assertThatThrownBy(() -> resolve(0, 0)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("pwmchip0").hasMessageContaining("dtoverlay=pwm,pin=12,func=4")
                .hasMessageContaining("docs/wiring.md");
    }

    @Test
    void aMissingChipListsTheChipsThereAre() throws Exception {
        chip(1, "fe20c000.pwm", 2);
        assertThatThrownBy(() -> resolve(0, 0)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("found: pwmchip1 -> fe20c000.pwm");
    }

    @Test
    void aChannelTheChipDoesNotHaveIsRefused() throws Exception {
        chip(0, "fe20c000.pwm", 2);
        assertThatThrownBy(() -> resolve(0, 2)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("PWM channel 2").hasMessageContaining("2 channel(s) (0..1)");
    }
}
