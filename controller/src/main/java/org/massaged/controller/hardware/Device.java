package org.massaged.controller.hardware;

import org.massaged.controller.safety.Setpoints;

/**
 * The port through which the control thread drives a massager. Adapters: the serial link (jSerialComm,
 * or TCP to the simulator or a ser2net bridge) and direct GPIO (Pi4J).
 *
 * <p>Only the control thread calls {@link #open}, {@link #apply} and {@link #close}. {@link #emergencyStop}
 * is the one exception: thread-safe, idempotent, callable by whoever sees the emergency first.
 */
public interface Device extends AutoCloseable {

    /**
     * Connects, identifies the device against its profile, drives every output to its shutdown value,
     * and from then on reports what it sees to {@code events} (from any thread).
     *
     * @throws DeviceException with a message a person can act on (missing port, permission, wrong device)
     */
    void open(DeviceEvents events) throws DeviceException;

    /** Writes the setpoints of this control tick. Non-zero levels are leased and must be renewed (S6). */
    void apply(Setpoints setpoints);

    /** Cuts every output at once (stop category 0). Thread-safe and idempotent. */
    void emergencyStop();

    /** Outputs to their shutdown values, then releases the device. */
    @Override
    void close();
}
