package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProtocolVersion;

/**
 * The simulated board's reader sleeps until the next byte when no frame is half-read, but a pause within a frame still
 * truncates it (docs/protocol.md: the inter-byte timeout), over real TCP in real time.
 */
class LineIdleTest {

    @Test
    void aPauseAfterAFalseSyncFreesTheFrameItSwallowed() throws Exception {
        try (VirtualMassager board = VirtualMassager.start(SerialTestProfiles.lumbarDuo(Optional.empty()),
                SimulatorOptions.defaults());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), board.tcpPort())) {
            List<Message> heard = new CopyOnWriteArrayList<>();
            LinkEndpoint host = new LinkEndpoint(bytes -> { }, heard::add, 100_000_000L, 8);
            Thread reader = new Thread(() -> readInto(socket, host), "line-idle-test-reader");
            reader.setDaemon(true);
            reader.start();
            byte[] hello = MessageCodec.frame(new Message.Hello(42, ProtocolVersion.MAJOR, ProtocolVersion.MINOR), 1, 0)
                    .encode();
            byte[] falseSyncThenHello = new byte[2 + hello.length];
            falseSyncThenHello[0] = (byte) 0xA5;   // a sync byte and a plausible length: the HELLO looks like its body
            falseSyncThenHello[1] = 0x7F;
            System.arraycopy(hello, 0, falseSyncThenHello, 2, hello.length);
            OutputStream out = socket.getOutputStream();
            out.write(falseSyncThenHello);
            out.flush();

            await().atMost(Duration.ofSeconds(5)).until(() -> heard.stream()
                    .anyMatch(message -> message instanceof Message.Identify identify && identify.nonce() == 42));
            assertThat(board.state().bootId()).isNotZero();
        }
    }

    private static void readInto(Socket socket, LinkEndpoint host) {
        byte[] buffer = new byte[256];
        try (InputStream in = socket.getInputStream()) {
            int count;
            while ((count = in.read(buffer)) > 0) {
                synchronized (host) {
                    host.receiveBytes(buffer, 0, count, System.nanoTime());
                }
            }
        } catch (java.io.IOException closed) {
            // the test is over
        }
    }
}
