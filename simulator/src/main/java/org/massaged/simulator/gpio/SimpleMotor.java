package org.massaged.simulator.gpio;

/**
 * A brushed DC motor as a first-order lag: its speed heads for {@code maxRpm × drive} with time constant
 * {@code tau}, and a drive below {@code stallDrive} does not overcome static friction from standstill. A jammed
 * motor does not turn; a motor with a welded driver turns at full speed whatever it is told. Those two faults
 * are how tests make the tachometer disagree with the command.
 */
public final class SimpleMotor implements BoardPhysics {

    private final double maxRpm;
    private final double tauSeconds;
    private final double stallDrive;
    private double rpm;
    private long lastNanos;
    private boolean started;
    private volatile boolean jammed;
    private volatile boolean driverWelded;

    public SimpleMotor(double maxRpm, double tauSeconds, double stallDrive) {
        this.maxRpm = maxRpm;
        this.tauSeconds = tauSeconds;
        this.stallDrive = stallDrive;
    }

    /** A small massage motor: 3600 rpm at full drive, 0.3 s to 63 %, stalls below 12 % drive. */
    public static SimpleMotor typical() {
        return new SimpleMotor(3600, 0.3, 0.12);
    }

    @Override
    public synchronized void advance(long nowNanos, double drive, boolean heaterOn) {
        if (!started) {
            started = true;
            lastNanos = nowNanos;
            return;
        }
        double seconds = Math.max(0, (nowNanos - lastNanos) / 1e9);
        lastNanos = nowNanos;
        double effective = driverWelded ? 1.0 : Math.max(0, Math.min(1, drive));
        double target = jammed || (rpm < 1 && effective < stallDrive) ? 0 : maxRpm * effective;
        rpm = target + (rpm - target) * Math.exp(-seconds / tauSeconds);
        if (jammed) {
            rpm = 0;
        }
    }

    @Override
    public synchronized double motorRpm() {
        return rpm;
    }

    public void jam(boolean jam) {
        this.jammed = jam;
    }

    public void weldDriver(boolean welded) {
        this.driverWelded = welded;
    }
}
