package org.massaged.simulator.faults;

/** What a fault can do to a simulated massager; implemented by the simulator that owns the state. */
public interface FaultTarget {
    void reset();

    void unplug();

    void replug();

    void protocolMajor(int major);

    void motorStall(String zone, boolean jammed);

    void stuckRelay(String zone, int steps);

    void heaterRunaway(boolean stuckOn);

    void overTemperature(double sensorOffsetKelvin);

    void sensorStuck(boolean stuck);

    void occupied(boolean occupied);
}
