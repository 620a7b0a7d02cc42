package org.massaged.controller.hardware.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.massaged.controller.hardware.DeviceException;

/** The wire protocol over TCP: to the simulator, or to a serial-over-network bridge such as ser2net. */
public final class TcpLink implements ByteLink {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String description;

    private TcpLink(Socket socket, String description) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.description = description;
    }

    public static LinkConnector connector(String host, int port, Duration readTimeout) {
        return () -> connect(host, port, readTimeout);
    }

    public static TcpLink connect(String host, int port, Duration readTimeout) throws DeviceException {
        String description = "tcp://" + host + ":" + port;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout((int) Math.max(1, readTimeout.toMillis()));
            return new TcpLink(socket, description);
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new DeviceException("cannot resolve host '" + host + "' for " + description, e);
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw new DeviceException("nothing listens at " + description + " (is the simulator or ser2net running?): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new DeviceException("cannot connect to " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        try {
            int count = in.read(buffer);
            if (count < 0) {
                throw new IOException(description + " closed by the other end");
            }
            return count;
        } catch (SocketTimeoutException idle) {
            return 0;
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
