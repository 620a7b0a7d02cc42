package org.massaged.controller.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import org.massaged.device.profile.GpioTransport;

/**
 * The chair around the adapter in the controller's tests: {@link MockWiring} (the pins' levels and meters, shared
 * with the simulator's virtual board) handed to the adapter as a {@link ContextSource} that builds a new mock
 * context each time the adapter opens, and shuts it down when the adapter closes.
 */
public final class MockChair implements ContextSource {

    private final MockWiring wiring;

    public MockChair(GpioTransport transport) {
        this.wiring = new MockWiring(transport);
    }

    @Override
    public Context acquire() {
        return wiring.newContext();
    }

    @Override
    public void release(Context released) {
        released.shutdown();
    }

    public Context context() {
        return wiring.context();
    }

    public void press(InputRole role) {
        wiring.set(role, true);
    }

    public void release(InputRole role) {
        wiring.set(role, false);
    }

    public void cutEmergencyStopWire() {
        wiring.set(InputRole.EMERGENCY_STOP, true);
    }

    public void mendEmergencyStopWire() {
        wiring.set(InputRole.EMERGENCY_STOP, false);
    }

    public void tachPulse() {
        wiring.tachometerPulse();
    }

    /** The line changes level but no edge event reaches any listener (a lost interrupt). */
    public void changeWithoutEdge(InputRole role, boolean pressed) {
        wiring.changeWithoutEdge(role, pressed);
    }

    public double dutyPercent() {
        return wiring.pwmDutyPercent();
    }

    public boolean enableOn() {
        return wiring.motorEnabled();
    }

    public boolean heaterOn() {
        return wiring.heaterOn();
    }

    public DigitalOutput output(String id) {
        return context().registry().get(id, DigitalOutput.class);
    }
}
