package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;

/**
 * A stand-in daemon in its own JVM, so a test can kill it with SIGKILL: opens the serial port given as the
 * first argument, drives both lumbar motors at 600 steps from a control loop, prints RUNNING once the link
 * is up, and runs until killed.
 */
public final class HostProcess {
    private HostProcess() {}

    public static void main(String[] args) throws Exception {
        DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.of(args[0]));
        LinkDevice device = LinkDevice.serial(profile);
        device.open(event -> {
            if (event instanceof DeviceEvent.LinkDown down) {
                System.out.println("LINK DOWN " + down.reason());
            }
        });
        ControlLoop loop = new ControlLoop(device, Setpoints.off(List.of("lumbar-left", "lumbar-right", "spine")), 50);
        loop.set(ControlLoop.steps(Map.of("lumbar-left", 600, "lumbar-right", 600)));
        System.out.println("RUNNING");
        System.out.flush();
        Thread.currentThread().join();
    }
}
