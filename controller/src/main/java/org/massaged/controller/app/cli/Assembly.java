package org.massaged.controller.app.cli;

import java.util.Optional;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.Device;
import org.massaged.device.profile.DeviceProfile;

/**
 * How {@code massaged run} turns a valid configuration into the daemon's parts: the integrator's
 * {@code DaemonAssembler}. Kept behind this small interface so that {@code run} is written (and testable)
 * before the assembler exists.
 *
 * <p>Closing: after {@link Daemon#close()}, {@code run} closes every observer in {@link Daemon.Parts#observers()}
 * that is {@link AutoCloseable} (the MQTT bridge publishes {@code offline} and disconnects there), then the
 * journal when it is {@link AutoCloseable}.
 */
public interface Assembly {

    /**
     * The profile the configuration names, narrowed by its user override: loaded and validated, touching no
     * hardware. Problems are reported as a {@link org.massaged.controller.app.config.ConfigException}.
     */
    DeviceProfile profile(DaemonConfig config) throws Exception;

    /**
     * Everything the daemon is made of. {@code device} is the simulator's device under {@code run --simulate};
     * when empty, the device comes from the configuration (serial, TCP or GPIO).
     */
    Daemon.Parts parts(DaemonConfig config, DeviceProfile profile, Runnable healthyTick, Optional<Device> device)
            throws Exception;
}
