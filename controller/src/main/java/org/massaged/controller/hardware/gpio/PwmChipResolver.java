package org.massaged.controller.hardware.gpio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.device.profile.GpioTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the sysfs PWM chip the profile means. Kernels number PWM chips as they probe them, so the number moves:
 * on a Raspberry Pi 4 and older the header PWM (GPIO 12/13/18/19) is pwmchip0; on a Raspberry Pi 5 it lives on
 * the RP1 south bridge, which kernel 6.6 lists as pwmchip2 (pwmchip0 is then the fan) and kernel 6.12 as
 * pwmchip0. So on a board with an RP1, a profile asking for chip 0 or 2 gets the RP1's PWM0, found by its
 * device node rather than its number; any other chip number is taken literally (an add-on PWM chip).
 */
public final class PwmChipResolver {

    /** The RP1's PWM0 block, the one routed to the 40-pin header. */
    public static final String RP1_HEADER_PWM_DEVICE = "1f00098000.pwm";
    public static final Path SYSFS_PWM = Path.of("/sys/class/pwm");

    private static final Logger log = LoggerFactory.getLogger(PwmChipResolver.class);
    private static final Pattern CHIP_NAME = Pattern.compile("pwmchip(\\d+)");

    private final Path root;

    public PwmChipResolver(Path root) {
        this.root = root;
    }

    /** The chip number to open, checked to exist and to have the profile's channel. */
    public int resolve(GpioTransport.Pwm pwm) throws DeviceException {
        Map<Integer, String> chips = chips();
        int chip = headerPwmOfRp1(chips)
                .filter(rp1 -> pwm.chip() == 0 || pwm.chip() == 2)
                .orElse(pwm.chip());
        if (chip != pwm.chip()) {
            log.info("Raspberry Pi 5: the profile's PWM chip {} is pwmchip{} ({}) on this kernel",
                    pwm.chip(), chip, RP1_HEADER_PWM_DEVICE);
        }
        if (headerPwmOfRp1(chips).equals(Optional.of(chip))) {
            log.info("Raspberry Pi 5 PWM channel {} is on GPIO {} (RP1: channel 0 = GPIO 12, 1 = GPIO 13, "
                    + "2 = GPIO 18, 3 = GPIO 19; a Raspberry Pi 4 has GPIO 18 on channel 0)",
                    pwm.channel(), rp1HeaderPin(pwm.channel()));
        }
        if (!chips.containsKey(chip)) {
            throw new DeviceException("No hardware PWM chip pwmchip" + chip + " under " + root
                    + (chips.isEmpty() ? " (no PWM chips at all)" : " (found: " + describe(chips) + ")")
                    + ". Enable the PWM overlay: add 'dtoverlay=pwm,pin=12,func=4' (motor PWM on GPIO 12, the same "
                    + "line on a Raspberry Pi 4 and 5) to /boot/firmware/config.txt and reboot; see docs/wiring.md.");
        }
        int channels = channels(chip);
        if (pwm.channel() < 0 || pwm.channel() >= channels) {
            throw new DeviceException("PWM channel " + pwm.channel() + " does not exist on pwmchip" + chip
                    + " under " + root + ", which has " + channels + " channel(s) (0.." + (channels - 1)
                    + "); fix transport.pwm.channel in the profile.");
        }
        return chip;
    }

    private static String rp1HeaderPin(int channel) {
        return switch (channel) {
            case 0 -> "12";
            case 1 -> "13";
            case 2 -> "18";
            case 3 -> "19";
            default -> "none";
        };
    }

    private Optional<Integer> headerPwmOfRp1(Map<Integer, String> chips) {
        return chips.entrySet().stream()
                .filter(entry -> entry.getValue().equals(RP1_HEADER_PWM_DEVICE))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Chip number to the name of the device node behind it ("" when the link cannot be read). */
    private Map<Integer, String> chips() throws DeviceException {
        Map<Integer, String> chips = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return chips;
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Matcher name = CHIP_NAME.matcher(entry.getFileName().toString());
                if (name.matches()) {
                    chips.put(Integer.parseInt(name.group(1)), deviceName(entry));
                }
            }
        } catch (IOException e) {
            throw new DeviceException("Could not list the PWM chips under " + root + ": " + e.getMessage(), e);
        }
        return chips;
    }

    private static String deviceName(Path chip) {
        try {
            return Files.readSymbolicLink(chip.resolve("device")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private int channels(int chip) throws DeviceException {
        Path npwm = root.resolve("pwmchip" + chip).resolve("npwm");
        try {
            return Integer.parseInt(Files.readString(npwm, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            throw new DeviceException("Could not read the channel count " + npwm + ": " + e.getMessage()
                    + ". Is the user in the 'gpio' group (docs/wiring.md)?", e);
        }
    }

    private static String describe(Map<Integer, String> chips) {
        StringBuilder text = new StringBuilder();
        chips.forEach((number, device) -> text.append(text.length() == 0 ? "" : ", ")
                .append("pwmchip").append(number).append(device.isEmpty() ? "" : " -> " + device));
        return text.toString();
    }
}
