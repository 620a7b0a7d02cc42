package org.massaged.controller.app.cli;

import java.util.Optional;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.Device;
import org.massaged.device.profile.DeviceProfile;

/**
 * MERGE POINT: replace with a bridge to {@code DaemonAssembler} (see {@link Assembly}) when it lands on main;
 * {@link org.massaged.controller.app.Main} is the only place that names this class.
 */
final class PendingAssembly implements Assembly {

    @Override
    public DeviceProfile profile(DaemonConfig config) {
        throw new UnsupportedOperationException("This build has no DaemonAssembler yet: 'massaged run' cannot "
                + "load profile '" + config.profile() + "'.");
    }

    @Override
    public Daemon.Parts parts(DaemonConfig config, DeviceProfile profile, Runnable healthyTick, Optional<Device> device) {
        throw new UnsupportedOperationException("This build has no DaemonAssembler yet.");
    }
}
