package org.massaged.controller.app;

import java.net.URI;
import java.util.Optional;
import org.massaged.controller.hardware.Device;
import org.massaged.device.profile.DeviceProfile;

/**
 * The simulator, as {@code massaged run --simulate} finds it: through {@link java.util.ServiceLoader}, because
 * the simulator module depends on the controller and not the other way round. The simulator module provides
 * one implementation in {@code META-INF/services/org.massaged.controller.app.Simulation}.
 */
public interface Simulation {

    /** The profile the simulator plays when the configuration names none. */
    String defaultProfile();

    /**
     * Starts a virtual massager for {@code profile} and, when {@code needBroker} (the configuration names no
     * broker), an embedded MQTT broker on a loopback port.
     */
    Handle start(DeviceProfile profile, boolean needBroker) throws Exception;

    /** A running simulation: the device the daemon drives, and the embedded broker when one was asked for. */
    interface Handle extends AutoCloseable {

        Device device();

        Optional<URI> brokerUri();

        /** Stops the virtual massager and the embedded broker. */
        @Override
        void close();
    }
}
