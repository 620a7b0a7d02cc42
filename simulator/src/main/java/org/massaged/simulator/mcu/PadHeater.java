package org.massaged.simulator.mcu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;
import org.massaged.simulator.physics.MassagerPhysics;

/**
 * The temperature sensors and the heater pad (docs/protocol.md §4.4 and §5.4): the thermostat (on below the
 * setpoint − 0.5 K, off at it, never above the configured maximum), the trip, a pad that heats while the heater is
 * off (runaway), and a sensor that reads outside −20..90 °C.
 */
final class PadHeater {
    /** The simulated board's own heater ceiling: the runaway reference while unconfigured or configured 0. */
    static final int BOARD_CEILING_CENTI = BoardChecks.MAX_HEATER_CENTI;
    private static final int HYSTERESIS_CENTI = 50;
    /** The pad cannot pass the heater maximum by this much with the heater off, unless the element is stuck. */
    private static final int RUNAWAY_MARGIN_CENTI = 100;
    private static final int SENSOR_MIN_CENTI = -2000;
    private static final int SENSOR_MAX_CENTI = 9000;

    private final SimulatedBoard board;
    private final MassagerPhysics physics;
    private boolean commanded;
    private int setpointCenti;
    private boolean output;

    PadHeater(SimulatedBoard board, MassagerPhysics physics) {
        this.board = board;
        this.physics = physics;
    }

    /** A non-zero SETPOINT's heater part. */
    void command(boolean on, int setpoint) {
        commanded = on;
        setpointCenti = setpoint;
    }

    /** Every output cut. */
    void off() {
        commanded = false;
        output = false;
    }

    boolean commanded() {
        return commanded;
    }

    /** Whether the element is driven now. */
    boolean output() {
        return output;
    }

    /** The thermostat, before each physics step. */
    void regulate(Message.Configure configuration, boolean faultLatched) {
        if (!commanded || configuration == null || faultLatched || board.padSensorIndex().isEmpty()) {
            output = false;
            return;
        }
        int target = Math.min(setpointCenti, configuration.heaterMaxCentiCelsius());
        int pad = temperaturesCenti().get(board.padSensorIndex().getAsInt());
        if (pad < target - HYSTERESIS_CENTI) {
            output = true;
        } else if (pad >= target) {
            output = false;
        }
    }

    /** What the sensors show wrong now: each sensor out of range, then the pad over its trip or running away. */
    List<Message.Fault> check(Message.Configure configuration) {
        List<Message.Fault> faults = new ArrayList<>();
        List<Integer> temperatures = temperaturesCenti();
        for (int i = 0; i < temperatures.size(); i++) {
            int centi = temperatures.get(i);
            if (outOfRange(centi)) {
                faults.add(new Message.Fault(FaultCode.SENSOR_FAULT, i, centi, "sensor " + i + " reads " + centi / 100.0
                        + " °C, outside -20..90 °C"));
            }
        }
        if (board.padSensorIndex().isEmpty()) {
            return faults;
        }
        int sensor = board.padSensorIndex().getAsInt();
        int pad = temperatures.get(sensor);
        int configuredMax = configuration == null ? 0 : configuration.heaterMaxCentiCelsius();
        int ceiling = configuredMax > 0 ? configuredMax : BOARD_CEILING_CENTI;
        int trip = tripCenti(configuration);
        if (pad >= trip) {
            faults.add(new Message.Fault(FaultCode.OVER_TEMPERATURE, sensor, pad, "pad at %.1f °C, trip %.1f °C"
                    .formatted(pad / 100.0, trip / 100.0)));
        } else if (!output && pad >= ceiling + RUNAWAY_MARGIN_CENTI) {
            faults.add(new Message.Fault(FaultCode.HEATER_RUNAWAY, sensor, pad, "pad at %.1f °C, above the %.1f °C "
                    .formatted(pad / 100.0, ceiling / 100.0) + "maximum, while the heater is off"));
        }
        return faults;
    }

    /** The configured trip, never above the board's own; while unconfigured (or configured 0) the board's own. */
    private static int tripCenti(Message.Configure configuration) {
        int configured = configuration == null ? 0 : configuration.heaterTripCentiCelsius();
        return configured > 0 ? Math.min(configured, BoardChecks.MAX_TRIP_CENTI) : BoardChecks.MAX_TRIP_CENTI;
    }

    /** A cause that is still there, as the FAULT that answers a refused CLEAR_FAULTS. */
    Optional<Message.Fault> persistingCause(Message.Configure configuration) {
        List<Integer> temperatures = temperaturesCenti();
        for (int i = 0; i < temperatures.size(); i++) {
            int centi = temperatures.get(i);
            if (outOfRange(centi)) {
                return Optional.of(new Message.Fault(FaultCode.SENSOR_FAULT, i, centi,
                        "not cleared: sensor " + i + " still reads " + centi / 100.0 + " °C"));
            }
        }
        if (board.padSensorIndex().isPresent()) {
            int pad = temperatures.get(board.padSensorIndex().getAsInt());
            if (pad >= tripCenti(configuration)) {
                return Optional.of(new Message.Fault(FaultCode.OVER_TEMPERATURE, board.padSensorIndex().getAsInt(), pad,
                        "not cleared: pad still at " + pad / 100.0 + " °C"));
            }
        }
        return Optional.empty();
    }

    /** What the temperature sensors read: the pad's sensor the pad, the others the skin. */
    List<Integer> temperaturesCenti() {
        List<Integer> temperatures = new ArrayList<>();
        for (int i = 0; i < board.capabilities().temperatureSensors(); i++) {
            boolean pad = board.padSensorIndex().isPresent() && board.padSensorIndex().getAsInt() == i;
            temperatures.add(McuCore.clampI16((pad ? physics.padCelsius() : physics.skinCelsius()) * 100));
        }
        return temperatures;
    }

    private static boolean outOfRange(int centi) {
        return centi < SENSOR_MIN_CENTI || centi > SENSOR_MAX_CENTI;
    }
}
