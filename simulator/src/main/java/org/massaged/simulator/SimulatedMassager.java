package org.massaged.simulator;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.massaged.controller.app.Simulation;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.simulator.broker.EmbeddedBroker;
import org.massaged.simulator.gpio.VirtualBoard;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;

/**
 * {@code massaged run --simulate}: a virtual massager for the profile — the microcontroller over TCP on
 * loopback for serial profiles, the virtual board for GPIO profiles — and, when asked, an embedded broker.
 * A simulated person is seated, so profiles with an occupancy sensor can start.
 */
public final class SimulatedMassager implements Simulation {

    public static final String DEFAULT_PROFILE = "body-massager-serial";
    public static final int DEFAULT_BROKER_PORT = 1883;

    @Override
    public String defaultProfile() {
        return DEFAULT_PROFILE;
    }

    @Override
    public Handle start(DeviceProfile profile, boolean needBroker) throws IOException {
        Optional<EmbeddedBroker> broker = needBroker ? Optional.of(startBroker()) : Optional.empty();
        try {
            if (profile.transport() instanceof GpioTransport) {
                VirtualBoard board = VirtualBoard.start(profile);
                board.sitDown();
                return new Running(board.device(), broker, board);
            }
            VirtualMassager massager = VirtualMassager.start(profile, SimulatorOptions.defaults());
            massager.occupied(true);
            return new Running(LinkDevice.tcp(profile, "127.0.0.1", massager.tcpPort()), broker, massager);
        } catch (IOException | RuntimeException e) {
            broker.ifPresent(EmbeddedBroker::close);
            throw e;
        }
    }

    /** 127.0.0.1:1883 as the README says, or a free port when something else already listens there. */
    private static EmbeddedBroker startBroker() {
        try {
            return EmbeddedBroker.start(DEFAULT_BROKER_PORT);
        } catch (RuntimeException portTaken) {
            return EmbeddedBroker.start(0);
        }
    }

    private record Running(Device device, Optional<EmbeddedBroker> broker, AutoCloseable simulator)
            implements Handle {

        @Override
        public Optional<URI> brokerUri() {
            return broker.map(running -> URI.create(running.uri()));
        }

        @Override
        public void close() {
            try {
                simulator.close();
            } catch (Exception ignored) {
                // the simulator is going away with the process
            }
            broker.ifPresent(EmbeddedBroker::close);
        }
    }
}
