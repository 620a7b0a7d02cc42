package org.massaged.simulator.mcu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link VirtualMassager} runs.
 *
 * @param tcpPort     port on 127.0.0.1 to serve the wire protocol on; 0 picks a free one
 * @param pty         a stable path for a pseudo-terminal (through socat) that a serial driver opens
 * @param virtualTime when set, time only moves through {@link VirtualMassager#advance}; no ticker thread
 * @param seed        seeds every random choice (fault rates, boot ids)
 * @param tickPeriod  how often the firmware loop runs (real time) or the step of {@code advance}
 * @param boardSessionCap the simulated board's own session cap, which it reports in IDENTIFY (900 s)
 */
public record SimulatorOptions(int tcpPort, Optional<Path> pty, boolean virtualTime, long seed, Duration tickPeriod,
                               Duration boardSessionCap) {

    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, Optional.empty(), false, 1L, Duration.ofMillis(5),
                Duration.ofSeconds(SimulatedBoard.SESSION_CAP_SECONDS));
    }

    public SimulatorOptions withTcpPort(int port) {
        return new SimulatorOptions(port, pty, virtualTime, seed, tickPeriod, boardSessionCap);
    }

    public SimulatorOptions withPty(Path path) {
        return new SimulatorOptions(tcpPort, Optional.of(path), virtualTime, seed, tickPeriod, boardSessionCap);
    }

    public SimulatorOptions withVirtualTime() {
        return new SimulatorOptions(tcpPort, pty, true, seed, tickPeriod, boardSessionCap);
    }

    public SimulatorOptions withSeed(long newSeed) {
        return new SimulatorOptions(tcpPort, pty, virtualTime, newSeed, tickPeriod, boardSessionCap);
    }

    /** A board whose own session cap is shorter than the 900 s of the reference firmware. */
    public SimulatorOptions withBoardSessionCap(Duration cap) {
        return new SimulatorOptions(tcpPort, pty, virtualTime, seed, tickPeriod, cap);
    }
}
