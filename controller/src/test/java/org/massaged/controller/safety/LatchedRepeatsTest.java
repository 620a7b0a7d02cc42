package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A flood of the same stop while latched (47,900 in 5 s over MQTT once added 28,186 journal lines): each is acted
 * on and answered, and the journal gets the first and then a count, not a line each.
 */
class LatchedRepeatsTest {

    private final Rig rig = new Rig(Fixtures.singleConfig());

    @Test
    void repeatsOfALatchedEmergencyStopAreCountedNotReportedOneByOne() {
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(5));

        for (int i = 0; i < 47_900; i++) {
            CommandResult answer = rig.send(new Command.EmergencyStop(Origin.MQTT));
            assertThat(answer.outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED);
            assertThat(rig.phase()).isEqualTo(Phase.EMERGENCY_STOP);
        }
        assertThat(rig.tick().allOff()).isTrue();

        assertThat(rig.events(SessionEvent.EmergencyStopped.class)).hasSize(1);
        assertThat(journaled()).as("the stop, the session's end, nothing per repeat").hasSizeLessThanOrEqualTo(3);
        rig.run(LatchedRepeats.SUMMARY_EVERY);
        assertThat(rig.events(SessionEvent.RepeatedWhileLatched.class)).singleElement()
                .isEqualTo(new SessionEvent.RepeatedWhileLatched(new Cause.Asked(Cause.Act.EMERGENCY_STOP, Origin.MQTT), 47_899));
    }

    @Test
    void theCountIsReportedWhenTheLatchIsResetAndTheNextStopIsNewsAgain() {
        rig.send(new Command.EmergencyStop(Origin.CLI));
        rig.send(new Command.EmergencyStop(Origin.CLI));
        rig.send(new Command.EmergencyStop(Origin.CLI));
        assertThat(rig.events(SessionEvent.RepeatedWhileLatched.class)).isEmpty();

        rig.send(new Command.Reset(Origin.CLI));

        assertThat(rig.events).filteredOn(event -> event instanceof SessionEvent.RepeatedWhileLatched
                        || event instanceof SessionEvent.LatchReset)
                .containsExactly(new SessionEvent.RepeatedWhileLatched(new Cause.Asked(Cause.Act.EMERGENCY_STOP, Origin.CLI), 2),
                        new SessionEvent.LatchReset(Origin.CLI, Phase.EMERGENCY_STOP));
        rig.send(new Command.EmergencyStop(Origin.CLI));
        assertThat(rig.events(SessionEvent.EmergencyStopped.class)).hasSize(2);
    }

    @Test
    void theDeviceButtonWhileLatchedFromMqttIsNewsAndHoldsTheLatchLocally() {
        rig.send(new Command.EmergencyStop(Origin.MQTT));
        rig.send(new Command.EmergencyStop(Origin.MQTT));
        rig.send(new Command.EmergencyStop(Origin.LOCAL_INPUT));

        assertThat(rig.events(SessionEvent.EmergencyStopped.class)).extracting(SessionEvent.EmergencyStopped::origin)
                .containsExactly(Origin.MQTT, Origin.LOCAL_INPUT);
        assertThat(rig.send(new Command.Reset(Origin.MQTT)).reason()).isEqualTo("local-latch");
    }

    @Test
    void theSameFaultReportedAgainWhileLatchedIsCountedAnotherFaultIsNews() {
        for (int i = 0; i < 500; i++) {
            rig.engine.deviceFault("mcu-overcurrent", "The board cut the motor: overcurrent.", rig.now);
        }
        rig.engine.deviceFault("mcu-overtemperature", "The board is too hot.", rig.now);
        rig.run(LatchedRepeats.SUMMARY_EVERY.plusSeconds(1));

        assertThat(rig.events(SessionEvent.Faulted.class)).extracting(SessionEvent.Faulted::code)
                .containsExactly("mcu-overcurrent", "mcu-overtemperature");
        assertThat(rig.events(SessionEvent.RepeatedWhileLatched.class)).singleElement()
                .isEqualTo(new SessionEvent.RepeatedWhileLatched(new Cause.Fault("mcu-overcurrent"), 499));
        assertThat(rig.snap().fault()).get().extracting(SessionSnapshot.Fault::code).isEqualTo("mcu-overcurrent");
    }

    private java.util.List<SessionEvent> journaled() {
        return rig.events.stream().filter(SessionEvent::safetyRelevant)
                .filter(event -> !(event instanceof SessionEvent.Started)).toList();
    }
}
