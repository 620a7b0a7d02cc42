package org.massaged.controller.hardware.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SerialTransport;

/**
 * The wire protocol over a serial port through jSerialComm, opened exclusively by path, or found by the
 * profile's USB VID/PID. Failures to open say what to do: plug the device in, free the port, or join the
 * {@code dialout} group.
 */
public final class SerialLink implements ByteLink {
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EAGAIN = 11;
    private static final int EBUSY = 16;

    private final SerialPort port;
    private final String description;

    private SerialLink(SerialPort port, String description) {
        this.port = port;
        this.description = description;
    }

    public static LinkConnector connector(SerialTransport transport, Identity identity, Duration readTimeout) {
        return () -> open(transport, identity, readTimeout);
    }

    public static SerialLink open(SerialTransport transport, Identity identity, Duration readTimeout)
            throws DeviceException {
        String path = transport.port().isPresent() ? transport.port().get() : findByUsbId(identity);
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            throw new DeviceException("no serial port at " + path + ": is the massager plugged in and powered? "
                    + "(ports present: " + presentPorts() + ")");
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new DeviceException(permissionDenied(path));
        }
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortParameters(transport.baud(), transport.dataBits(), stopBits(transport.stopBits()),
                parity(transport.parity()));
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                (int) Math.max(1, readTimeout.toMillis()), 1000);
        if (!port.openPort()) {
            throw new DeviceException(openFailure(path, port.getLastErrorCode(), port.getLastErrorLocation()));
        }
        if (transport.toggleDtrOnOpen()) {
            port.clearDTR();
            port.setDTR();
        }
        return new SerialLink(port, path);
    }

    /** What a person should do when the port would not open, from the native error number. */
    static String openFailure(String path, int errno, int nativeLine) {
        return switch (errno) {
            case EACCES -> permissionDenied(path);
            case EBUSY, EAGAIN -> path + " is busy: another process has it open (find it with: fuser " + path
                    + "; stop ModemManager, a serial console or another massaged on it)";
            case ENOENT -> "no serial port at " + path + ": is the massager plugged in?";
            default -> "cannot open " + path + " (error " + errno + " at native line " + nativeLine + ")";
        };
    }

    private static String permissionDenied(String path) {
        return "permission denied on " + path + ": add the user to the dialout group (sudo usermod -aG dialout "
                + System.getProperty("user.name") + ", then log in again)";
    }

    private static String findByUsbId(Identity identity) throws DeviceException {
        if (identity.usbVendorId().isEmpty() || identity.usbProductId().isEmpty()) {
            throw new DeviceException("the profile names neither a serial port nor a USB vendor and product id; "
                    + "set transport.port (e.g. /dev/ttyUSB0) in the profile or the local config");
        }
        int vendor = identity.usbVendorId().getAsInt();
        int product = identity.usbProductId().getAsInt();
        List<SerialPort> matches = Arrays.stream(SerialPort.getCommPorts())
                .filter(port -> port.getVendorID() == vendor && port.getProductID() == product).toList();
        Optional<SerialPort> match = matches.stream().findFirst();
        if (match.isEmpty()) {
            throw new DeviceException("no serial port with USB id %04x:%04x is present: is the massager plugged in? "
                    .formatted(vendor, product) + "(ports present: " + presentPorts() + ")");
        }
        if (matches.size() > 1) {
            throw new DeviceException("%d serial ports have USB id %04x:%04x (%s); name the port in the config"
                    .formatted(matches.size(), vendor, product,
                            matches.stream().map(SerialPort::getSystemPortPath).toList()));
        }
        return match.get().getSystemPortPath();
    }

    private static String presentPorts() {
        List<String> ports = Arrays.stream(SerialPort.getCommPorts()).map(SerialPort::getSystemPortPath).toList();
        return ports.isEmpty() ? "none" : String.join(", ", ports);
    }

    private static int stopBits(int stopBits) {
        return stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    private static int parity(SerialTransport.Parity parity) {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        };
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        int count = port.readBytes(buffer, buffer.length);
        if (count < 0 || !port.isOpen()) {
            throw new IOException(description + " disconnected (error " + port.getLastErrorCode() + ")");
        }
        return count;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int written = port.writeBytes(bytes, bytes.length);
        if (written != bytes.length) {
            throw new IOException(description + ": wrote " + written + " of " + bytes.length + " bytes (unplugged?)");
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
