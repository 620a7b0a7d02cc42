package org.massaged.controller.app.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.massaged.controller.app.config.FileAccess;
import org.massaged.controller.app.config.Locations;

/** The CLI's side of the local channel: one request, one answer, per connection. */
public final class LocalControlClient {

    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final Path socket;
    private final LocalProtocol protocol = new LocalProtocol();

    public LocalControlClient(Path socket) {
        this.socket = socket;
    }

    public LocalProtocol protocol() {
        return protocol;
    }

    /** Sends {@code request} and returns the daemon's answer. */
    public JsonNode send(ObjectNode request) throws LocalControlException {
        return sendLine(protocol.line(request));
    }

    /** Sends one raw line (for tests of the daemon's guard rails) and returns the answer. */
    public JsonNode sendLine(String line) throws LocalControlException {
        if (!Files.exists(socket)) {
            if (FileAccess.deniedAt(socket).isPresent()) {
                throw new LocalControlException(permissionHint());
            }
            throw new LocalControlException("massaged is not running here (no control socket at " + socket + "). "
                    + (socket.equals(Locations.SYSTEM_SOCKET) ? "Start it with 'sudo systemctl start massaged'"
                    : "Start it (for a simulation: massaged run --simulate)") + ", or name the socket with --socket.");
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return protocol.codec().read(readLine(channel));
        } catch (AccessDeniedException denied) {
            throw new LocalControlException(permissionHint());
        } catch (SocketException refused) {
            if (refused.getMessage() != null && refused.getMessage().contains("ermission")) {
                throw new LocalControlException(permissionHint());
            }
            throw new LocalControlException("massaged does not answer on " + socket + " (" + refused.getMessage()
                    + "). Is it running? 'systemctl status massaged'");
        } catch (IOException e) {
            throw new LocalControlException("Talking to massaged over " + socket + " failed: " + e.getMessage());
        }
    }

    private String permissionHint() {
        return "Cannot reach the daemon's control socket " + socket + ": " + FileAccess.advice(socket);
    }

    private static String readLine(SocketChannel channel) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(8192);
        while (channel.read(in) >= 0) {
            in.flip();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            in.clear();
            if (line.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("the answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
        }
        if (line.size() == 0) {
            throw new IOException("the daemon closed the connection without answering");
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
