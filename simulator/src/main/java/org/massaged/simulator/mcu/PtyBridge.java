package org.massaged.simulator.mcu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pseudo-terminal at a stable path, bridged by socat to the simulator's TCP port, so that a serial driver
 * (jSerialComm) opens a real tty. Stopping it removes the path, as unplugging a USB adapter does.
 */
final class PtyBridge {
    private static final Logger LOG = LoggerFactory.getLogger(PtyBridge.class);
    private static final long START_TIMEOUT_MILLIS = 5000;

    private final Path link;
    private final int tcpPort;
    private Process process;

    private PtyBridge(Path link, int tcpPort) {
        this.link = link;
        this.tcpPort = tcpPort;
    }

    static PtyBridge start(Path link, int tcpPort) throws IOException {
        PtyBridge bridge = new PtyBridge(link, tcpPort);
        bridge.restart();
        return bridge;
    }

    synchronized void restart() throws IOException {
        stop();
        Files.deleteIfExists(link);
        List<String> command = List.of("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + link.toAbsolutePath(),
                "tcp:127.0.0.1:" + tcpPort + ",nodelay");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("cannot start socat for the pseudo-terminal " + link
                    + " (install it: apt-get install socat): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (!Files.exists(link)) {
            if (!process.isAlive()) {
                throw new IOException("socat exited with " + process.exitValue() + " before creating " + link);
            }
            if (System.nanoTime() - deadline > 0) {
                stop();
                throw new IOException("socat did not create " + link + " within " + START_TIMEOUT_MILLIS + " ms");
            }
            try {
                process.waitFor(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting socat", e);
            }
        }
        LOG.info("pseudo-terminal {} bridged to 127.0.0.1:{}", link, tcpPort);
    }

    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process = null;
        try {
            Files.deleteIfExists(link);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", link, e.getMessage());
        }
    }
}
