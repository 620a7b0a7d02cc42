package org.massaged.controller.hardware.serial;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the board says about its own faults, from FAULT frames and from the latched code in every STATUS
 * (docs/protocol.md §7): each board fault reaches the control thread once, and is logged once at WARN with its
 * code, whichever of the two told it first; so a FAULT frame lost for good, or a fault latched while no host
 * listened (LEASE_EXPIRED after the daemon was killed), is still seen. The board's emergency-stop loop opening
 * is a local emergency stop. Confined to the thread that holds the link's lock.
 */
final class BoardReports {
    private static final Logger LOG = LoggerFactory.getLogger(BoardReports.class);
    static final int ESTOP_REASON_INPUT = 2;
    private static final String NOT_CLEARED = "not cleared:";

    /** Codes whose index is a temperature sensor (docs/protocol.md §4.4); for the others it is a zone. */
    private static final Set<FaultCode> SENSOR_INDEXED = Set.of(FaultCode.OVER_TEMPERATURE, FaultCode.HEATER_RUNAWAY,
            FaultCode.SENSOR_FAULT);

    private final List<String> zoneIds;
    private final List<String> temperatureSensorIds;
    private final Set<FaultCode> reported = new HashSet<>();
    private boolean inputOpenReported;

    BoardReports(List<String> zoneIds, List<String> temperatureSensorIds) {
        this.zoneIds = List.copyOf(zoneIds);
        this.temperatureSensorIds = List.copyOf(temperatureSensorIds);
    }

    /**
     * The board confirms an emergency stop this host sent: its latch is the host's own doing, known already, and no
     * board fault (reporting it made every stop of the daemon's, a journal latch's say, a second latch of the board's).
     */
    void ownEmergencyStopConfirmed() {
        reported.add(FaultCode.EMERGENCY_STOP);
    }

    /** A FAULT frame: reported unless this latch was already reported (a refused clear always is). */
    List<DeviceEvent> fault(Message.Fault fault) {
        if (fault.code().equals(FaultCode.EMERGENCY_STOP) && fault.value() == ESTOP_REASON_INPUT) {
            return inputOpened();
        }
        if (!reported.add(fault.code()) && !fault.message().startsWith(NOT_CLEARED)) {
            return List.of();
        }
        return List.of(warn(fault.code(), fault.message() + about(fault.code(), fault.index()) + ", value "
                + fault.value()));
    }

    /** The latched code and the emergency-stop input of a STATUS. */
    List<DeviceEvent> status(Message.Status status) {
        List<DeviceEvent> events = new ArrayList<>();
        if (status.emergencyStopInputOpen()) {
            events.addAll(inputOpened());
        } else {
            inputOpenReported = false;
        }
        FaultCode latched = status.fault();
        if (!latched.isFault()) {
            reported.clear();
        } else if (reported.add(latched)) {
            events.add(warn(latched, "the board reports " + latched.name() + " latched: " + latched.description()));
        }
        return events;
    }

    /** The zone or sensor the index names, as words; empty for none or one this profile does not have. */
    private String about(FaultCode code, int index) {
        boolean sensor = SENSOR_INDEXED.contains(code);
        List<String> ids = sensor ? temperatureSensorIds : zoneIds;
        return index < ids.size() ? " (" + (sensor ? "sensor " : "zone ") + ids.get(index) + ")" : "";
    }

    private List<DeviceEvent> inputOpened() {
        if (inputOpenReported) {
            return List.of();
        }
        inputOpenReported = true;
        reported.add(FaultCode.EMERGENCY_STOP);
        LOG.warn("board fault EMERGENCY_STOP (0x03): the board's emergency-stop loop is open");
        return List.of(new DeviceEvent.LocalInput(new Command.EmergencyStop(Origin.LOCAL_INPUT)));
    }

    private static DeviceEvent warn(FaultCode code, String message) {
        LOG.warn("board fault {} (0x{}): {}", code.name(), "%02X".formatted(code.code()), message);
        return new DeviceEvent.Fault(code.name(), message);
    }
}
