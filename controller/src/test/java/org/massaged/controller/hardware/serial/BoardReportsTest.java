package org.massaged.controller.hardware.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;

/** Each board fault once, from FAULT or STATUS, with its zone or sensor named as docs/protocol.md §4.4 says. */
class BoardReportsTest {
    private final BoardReports reports = new BoardReports(List.of("lumbar-left", "lumbar-right"), List.of("pad"));

    @Test
    void aFaultFrameAndTheStatusThatLatchedItAreOneReport() {
        assertThat(reports.fault(new Message.Fault(FaultCode.STUCK_RELAY, 1, 1950, "turns while off")))
                .singleElement().satisfies(event -> assertThat(((DeviceEvent.Fault) event).message())
                        .contains("(zone lumbar-right)").contains("value 1950"));
        assertThat(reports.status(status(FaultCode.STUCK_RELAY, false))).isEmpty();
    }

    @Test
    void aTemperatureFaultNamesItsSensorNotAZone() {
        assertThat(reports.fault(new Message.Fault(FaultCode.OVER_TEMPERATURE, 0, 4510, "pad hot")))
                .singleElement().satisfies(event -> assertThat(((DeviceEvent.Fault) event).message())
                        .contains("(sensor pad)").doesNotContain("zone"));
    }

    @Test
    void aRefusedClearIsReportedAgainAndAClearedLatchCanBeReportedAnew() {
        reports.status(status(FaultCode.OVER_TEMPERATURE, false));
        assertThat(reports.fault(new Message.Fault(FaultCode.OVER_TEMPERATURE, 0, 4400, "not cleared: still hot")))
                .hasSize(1);
        assertThat(reports.status(status(FaultCode.NONE, false))).isEmpty();
        assertThat(reports.status(status(FaultCode.OVER_TEMPERATURE, false))).hasSize(1);
    }

    @Test
    void theEmergencyStopLoopIsOneLocalEmergencyStopPerOpening() {
        assertThat(reports.status(status(FaultCode.EMERGENCY_STOP, true))).singleElement()
                .isInstanceOf(DeviceEvent.LocalInput.class);
        assertThat(reports.fault(new Message.Fault(FaultCode.EMERGENCY_STOP, 0xFF, 2, "loop open"))).isEmpty();
        assertThat(reports.status(status(FaultCode.EMERGENCY_STOP, true))).isEmpty();
        reports.status(status(FaultCode.NONE, false));
        assertThat(reports.status(status(FaultCode.EMERGENCY_STOP, true))).hasSize(1);
    }

    private static Message.Status status(FaultCode fault, boolean loopOpen) {
        return new Message.Status(1, 2, true, fault.isFault(), fault.equals(FaultCode.EMERGENCY_STOP), false, false,
                false, loopOpen, fault, 0x6A21, 0, 0, 0, List.of(), List.of());
    }
}
