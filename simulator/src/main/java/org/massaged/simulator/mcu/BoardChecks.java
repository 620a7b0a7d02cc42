package org.massaged.simulator.mcu;

import java.util.Optional;
import org.massaged.device.protocol.Message;

/**
 * The firmware's checks of CONFIGURE and SETPOINT against the board (docs/protocol.md §4.2, §4.4): the first
 * field that does not fit, by its payload offset, which the FAULT frame carries as its value.
 */
final class BoardChecks {
    static final int ZONE_CONFIG_BYTES = 14;
    static final int MAX_HEATER_CENTI = 4100;
    static final int MAX_TRIP_CENTI = 4300;
    static final int MAX_SPIN_DOWN_MILLIS = 10_000;
    static final int MAX_LEASE_MILLIS = 1000;

    /** A field that does not fit: its payload offset, the zone it concerns (or {@code NO_INDEX}) and why. */
    record Problem(int offset, int index, String message) {}

    private BoardChecks() {}

    static Optional<Problem> configure(Message.Configure configure, SimulatedBoard board) {
        int zones = configure.zones().size();
        if (zones != board.zoneCount()) {
            return problem(0, "configuration names " + zones + " zones, the board has " + board.zoneCount());
        }
        for (int i = 0; i < zones; i++) {
            Message.ZoneConfig zone = configure.zones().get(i);
            int at = 1 + i * ZONE_CONFIG_BYTES;
            String name = "zone " + board.zoneIds().get(i);
            if (zone.maxSteps() > board.hardwareSteps(i)) {
                return problem(at, i, name + " limit " + zone.maxSteps() + " above the board's " + board.hardwareSteps(i));
            }
            if (zone.offBelow() > zone.maxSteps()) {
                return problem(at + 2, i, name + " off below " + zone.offBelow() + " above its limit " + zone.maxSteps());
            }
            if (zone.kickSteps() > zone.maxSteps()) {
                return problem(at + 4, i, name + " kick " + zone.kickSteps() + " above its limit " + zone.maxSteps());
            }
            if ((zone.kickSteps() == 0) != (zone.kickMillis() == 0)) {
                return problem(at + 6, i, name + " kick needs both steps and ms, or neither");
            }
            if (zone.spinDownMillis() > MAX_SPIN_DOWN_MILLIS) {
                return problem(at + 12, i, name + " spin-down " + zone.spinDownMillis() + " ms above 10000");
            }
        }
        int at = 1 + zones * ZONE_CONFIG_BYTES;
        boolean heater = board.capabilities().heater();
        int max = configure.heaterMaxCentiCelsius();
        int trip = configure.heaterTripCentiCelsius();
        if (heater ? max > MAX_HEATER_CENTI : max != 0) {
            return problem(at, heater ? "heater maximum above 41 °C" : "a heater maximum on a board without heater");
        }
        if (heater ? trip > MAX_TRIP_CENTI || max >= trip : trip != 0) {
            return problem(at + 2, heater ? "heater trip above 43 °C or not above the maximum"
                    : "a heater trip on a board without heater");
        }
        if (configure.maxLeaseMillis() < 1 || configure.maxLeaseMillis() > MAX_LEASE_MILLIS) {
            return problem(at + 4, "maximum lease " + configure.maxLeaseMillis() + " ms outside 1..1000");
        }
        int period = configure.statusPeriodMillis();
        if (period != 0 && (period < 50 || period > 1000)) {
            return problem(at + 6, "status period " + period + " ms neither 0 nor 50..1000");
        }
        if (configure.sessionCapSeconds() > SimulatedBoard.SESSION_CAP_SECONDS) {
            return problem(at + 8, "session cap " + configure.sessionCapSeconds() + " s above 900");
        }
        return Optional.empty();
    }

    /** A non-zero setpoint against the configuration in force. */
    static Optional<Problem> setpoint(Message.Setpoint setpoint, Message.Configure configuration, int maxLeaseMillis) {
        if (setpoint.leaseMillis() == 0 || setpoint.leaseMillis() > maxLeaseMillis) {
            return problem(0, "lease " + setpoint.leaseMillis() + " ms outside 1.." + maxLeaseMillis);
        }
        if (setpoint.heaterOn() && setpoint.heaterCentiCelsius() > configuration.heaterMaxCentiCelsius()) {
            return problem(3, "heater setpoint above the configured " + configuration.heaterMaxCentiCelsius() / 100.0
                    + " °C");
        }
        if (setpoint.zoneSteps().size() != configuration.zones().size()) {
            return problem(5, "setpoint names " + setpoint.zoneSteps().size() + " zones, the board has "
                    + configuration.zones().size());
        }
        for (int i = 0; i < setpoint.zoneSteps().size(); i++) {
            int limit = configuration.zones().get(i).maxSteps();
            if (setpoint.zoneSteps().get(i) > limit) {
                return problem(6 + 2 * i, i, "zone " + i + " steps " + setpoint.zoneSteps().get(i)
                        + " above the configured " + limit);
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(int offset, String message) {
        return problem(offset, Message.Fault.NO_INDEX, message);
    }

    private static Optional<Problem> problem(int offset, int index, String message) {
        return Optional.of(new Problem(offset, index, message));
    }
}
