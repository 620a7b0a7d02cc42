package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine owns every choice of the control surface: the next start's choices, what a setting means in the
 * phase, what a button press means now. Every channel reaches it with the same command and gets the same answer.
 */
class ControlSurfaceTest {

    @Test
    void choicesMadeFromOneChannelAreWhatAStartFromAnotherUses() {
        Rig rig = new Rig(Fixtures.singleConfig());
        assertThat(rig.send(new Command.SetProgram(Origin.MQTT, "busy")).outcome())
                .isEqualTo(CommandResult.Outcome.ACCEPTED);
        rig.send(new Command.SetDuration(Origin.CLI, Duration.ofMinutes(7)));
        rig.send(new Command.SetLevel(Origin.MQTT, 4));
        assertThat(rig.snap().next()).isEqualTo(new StartChoice("busy", Duration.ofMinutes(7), 4, false));
        assertThat(rig.phase()).as("a choice moves nothing").isEqualTo(Phase.IDLE);

        CommandResult started = rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.START_STOP));

        assertThat(started.isRejected()).as(started.message()).isFalse();
        assertThat(rig.snap().program()).contains("busy");
        assertThat(rig.snap().targetLevel()).isEqualTo(4);
        assertThat(rig.snap().remainingSeconds()).isEqualTo(7 * 60);
        assertThat(rig.snap().cause().text()).isEqualTo("start:local-input");
    }

    @Test
    void theConfiguredDefaultProgramIsTheNextStartsProgram() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        assertThat(rig.snap().next().program()).isEqualTo("busy");
        assertThat(rig.engine.limits().defaultProgram()).isEqualTo("busy");
    }

    @Test
    void twoQuickPressesNeverComputeTheSameLevel() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.LEVEL_UP));
        rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.LEVEL_UP));
        assertThat(rig.snap().next().level()).as("no tick between the presses").isEqualTo(4);

        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(5));
        rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.LEVEL_DOWN));
        rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.LEVEL_DOWN));
        assertThat(rig.snap().targetLevel()).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.LEVEL_DOWN));
        }
        assertThat(rig.snap().targetLevel()).as("never below 1").isEqualTo(1);
    }

    @Test
    void theStartStopButtonStopsAPausedSession() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.MQTT));
        rig.run(Duration.ofSeconds(5));
        rig.send(new Command.Pause(Origin.MQTT));

        rig.send(new Command.Press(Origin.LOCAL_INPUT, Command.Button.START_STOP));

        assertThat(rig.phase()).isIn(Phase.COOLDOWN, Phase.IDLE);
        assertThat(rig.events(SessionEvent.Ended.class)).singleElement()
                .satisfies(ended -> assertThat(ended.cause().text()).isEqualTo("stop:local-input"));
    }

    @Test
    void aLevelAboveTheCeilingIsLoweredTheSameForEveryChannel() {
        List<CommandResult> answers = new ArrayList<>();
        for (Origin origin : Origin.values()) {
            Rig rig = new Rig(Fixtures.singleConfig());
            answers.add(rig.send(new Command.SetLevel(origin, 9)));
            assertThat(rig.snap().next().level()).isEqualTo(6);
        }
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.outcome()).isEqualTo(CommandResult.Outcome.ADJUSTED);
            assertThat(answer.reason()).isEqualTo("above-home-max");
            assertThat(answer.field()).contains("level");
        });
        assertThat(answers).extracting(CommandResult::message).containsOnly(answers.get(0).message());
    }

    @Test
    void whileASessionIsInProgressTheProgramCannotChangeButTheLevelDoes() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(5));

        CommandResult program = rig.send(new Command.SetProgram(Origin.MQTT, "busy"));
        assertThat(program.reason()).isEqualTo("session-running");
        assertThat(program.field()).contains("program");
        assertThat(rig.send(new Command.SetLevel(Origin.MQTT, 5)).isRejected()).isFalse();
        assertThat(rig.snap().targetLevel()).isEqualTo(5);
        assertThat(rig.snap().next().level()).as("the session's level is not the next start's").isEqualTo(2);
    }

    @Test
    void severalSettingsAreAppliedTogetherOrNotAtAll() {
        Rig rig = new Rig(Fixtures.singleConfig());
        CommandResult refused = rig.send(new Command.Batch(Origin.MQTT, List.of(new Command.SetLevel(Origin.MQTT, 4),
                new Command.SetProgram(Origin.MQTT, "nonesuch"))));
        assertThat(refused.reason()).isEqualTo("unknown-program");
        assertThat(rig.snap().next().level()).as("nothing half-applied").isEqualTo(2);
    }
}
