package org.massaged.controller.hardware.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SerialTransport;
import org.junit.jupiter.api.Test;

/** Opening real serial device paths with jSerialComm, and what a person is told when that fails. */
class SerialLinkTest {
    private static final Identity NO_USB = new Identity(OptionalInt.empty(), OptionalInt.empty(), "b", 1);
    private static final Duration READ = Duration.ofMillis(50);

    private static SerialTransport at(String path) {
        return new SerialTransport(Optional.of(path), 115200, 8, SerialTransport.Parity.NONE, 1, false);
    }

    @Test
    void aMissingPortSaysToPlugTheMassagerIn() {
        assertThatThrownBy(() -> SerialLink.open(at("/dev/ttyNOPE-massaged"), NO_USB, READ))
                .isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("no serial port at /dev/ttyNOPE-massaged: is the massager plugged in");
    }

    @Test
    void noPortAndNoUsbIdSaysWhatToConfigure() {
        SerialTransport unnamed = new SerialTransport(Optional.empty(), 115200, 8, SerialTransport.Parity.NONE, 1,
                false);
        assertThatThrownBy(() -> SerialLink.open(unnamed, NO_USB, READ))
                .hasMessageContaining("names neither a serial port nor a USB vendor and product id");
    }

    @Test
    void anAbsentUsbIdIsNamedInHex() {
        SerialTransport unnamed = new SerialTransport(Optional.empty(), 115200, 8, SerialTransport.Parity.NONE, 1,
                false);
        Identity usb = new Identity(OptionalInt.of(0x1a86), OptionalInt.of(0x7523), "b", 1);
        assertThatThrownBy(() -> SerialLink.open(unnamed, usb, READ))
                .hasMessageContaining("no serial port with USB id 1a86:7523 is present");
    }

    @Test
    void permissionAndBusyErrorsSayWhatToDo() {
        assertThat(SerialLink.openFailure("/dev/ttyUSB0", 13, 0)).contains("permission denied on /dev/ttyUSB0")
                .contains("add the user to the dialout group").contains("usermod -aG dialout");
        assertThat(SerialLink.openFailure("/dev/ttyUSB0", 16, 0)).contains("/dev/ttyUSB0 is busy")
                .contains("fuser /dev/ttyUSB0");
        assertThat(SerialLink.openFailure("/dev/ttyUSB0", 11, 0)).contains("is busy");
    }

    @Test
    void aPortHeldByAnotherProcessIsBusy() throws Exception {
        Path link = Path.of("/tmp/ttyMASSAGE-busy-" + ProcessHandle.current().pid());
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + link, "pty,raw,echo=0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process holder = null;
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(link));
            try (SerialLink free = SerialLink.open(at(link.toString()), NO_USB, READ)) {
                assertThat(free.description()).isEqualTo(link.toString());
            }
            // Another program holding the port's lock, as a second daemon or a serial console would.
            holder = new ProcessBuilder("flock", "--exclusive", link.toString(), "sleep", "30")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                try {
                    SerialLink.open(at(link.toString()), NO_USB, READ).close();
                    return false;
                } catch (DeviceException busy) {
                    return busy.getMessage().contains(link + " is busy");
                }
            });
        } finally {
            if (holder != null) {
                holder.destroy();
                holder.waitFor(5, TimeUnit.SECONDS);
            }
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
