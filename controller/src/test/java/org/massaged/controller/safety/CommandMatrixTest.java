package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command in every state: the outcome, its reason code, and the phase it leaves. */
class CommandMatrixTest {

    /** Puts a fresh two-zone engine (heater, seat switch, seat occupied, pad at 30 °C) into {@code phase}. */
    static Rig rigIn(Phase phase) {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        switch (phase) {
            case IDLE -> { }
            case WARMING -> rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, true));
            case STARTING -> rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
            case RUNNING -> {
                rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
                rig.run(Duration.ofSeconds(10));
            }
            case PAUSED -> {
                rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
                rig.run(Duration.ofSeconds(10));
                rig.send(new Command.Pause(Origin.CLI));
            }
            case STOPPING -> {
                rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
                rig.run(Duration.ofSeconds(10));
                rig.send(new Command.Stop(Origin.CLI));
            }
            case COOLDOWN -> {
                rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
                rig.run(Duration.ofSeconds(10));
                rig.send(new Command.Stop(Origin.CLI));
                rig.runUntil(Phase.COOLDOWN, Duration.ofSeconds(30));
            }
            case FAULT -> rig.engine.deviceFault("overcurrent", "Motor current too high", rig.now);
            case EMERGENCY_STOP -> rig.send(new Command.EmergencyStop(Origin.CLI));
        }
        assertThat(rig.phase()).as("setup").isEqualTo(phase);
        return rig;
    }

    record Expect(CommandResult.Outcome outcome, String reason, Phase then) {}

    private static Expect ok(Phase then) {
        return new Expect(CommandResult.Outcome.ACCEPTED, "ok", then);
    }

    private static Expect no(String reason, Phase then) {
        return new Expect(CommandResult.Outcome.REJECTED, reason, then);
    }

    static Stream<Arguments> matrix() {
        Map<String, Supplier<Command>> commands = new java.util.LinkedHashMap<>();
        commands.put("start", () -> Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
        commands.put("stop", () -> new Command.Stop(Origin.CLI));
        commands.put("emergency-stop", () -> new Command.EmergencyStop(Origin.CLI));
        commands.put("reset", () -> new Command.Reset(Origin.CLI));
        commands.put("set-level", () -> new Command.SetLevel(Origin.CLI, 3));
        commands.put("too-much", () -> new Command.TooMuch(Origin.CLI));
        commands.put("pause", () -> new Command.Pause(Origin.CLI));
        commands.put("resume", () -> new Command.Resume(Origin.CLI));
        commands.put("heat-on", () -> new Command.SetHeat(Origin.CLI, true));
        commands.put("heat-off", () -> new Command.SetHeat(Origin.CLI, false));
        commands.put("skip-step", () -> new Command.SkipStep(Origin.CLI));

        List<Arguments> rows = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            for (var command : commands.entrySet()) {
                rows.add(Arguments.of(phase, command.getKey(), command.getValue(), expect(phase, command.getKey())));
            }
        }
        return rows.stream();
    }

    private static Expect expect(Phase phase, String command) {
        boolean session = switch (phase) {
            case WARMING, STARTING, RUNNING, PAUSED, STOPPING -> true;
            default -> false;
        };
        return switch (command) {
            case "start" -> switch (phase) {
                case IDLE -> ok(Phase.STARTING);
                case COOLDOWN -> no("resting", phase);
                case FAULT, EMERGENCY_STOP -> no("latched", phase);
                default -> no("already-running", phase);
            };
            case "stop" -> switch (phase) {
                case WARMING, PAUSED -> ok(Phase.COOLDOWN);
                case STARTING, RUNNING -> ok(Phase.STOPPING);
                default -> ok(phase);
            };
            case "emergency-stop" -> ok(Phase.EMERGENCY_STOP);
            case "reset" -> phase.latched() ? ok(Phase.IDLE) : no("not-latched", phase);
            // without a session a setting is the next start's choice (StartChoices): accepted, nothing moves
            case "set-level" -> phase == Phase.STOPPING ? no("stopping", phase) : ok(phase);
            case "too-much" -> session ? ok(phase) : no("no-session", phase);
            case "pause" -> switch (phase) {
                case WARMING, STARTING, RUNNING, PAUSED -> ok(Phase.PAUSED);
                case STOPPING -> no("stopping", phase);
                default -> no("no-session", phase);
            };
            case "resume" -> phase == Phase.PAUSED ? ok(Phase.STARTING) : no("not-paused", phase);
            case "heat-on" -> phase == Phase.STOPPING ? no("stopping", phase) : ok(phase);
            case "heat-off" -> phase == Phase.WARMING ? ok(Phase.STARTING) : ok(phase);
            case "skip-step" -> switch (phase) {
                case WARMING -> ok(Phase.STARTING);
                case STARTING, RUNNING -> ok(phase);
                case PAUSED, STOPPING -> no("not-playing", phase);
                default -> no("no-session", phase);
            };
            default -> throw new IllegalArgumentException(command);
        };
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("matrix")
    void everyCommandInEveryState(Phase phase, String name, Supplier<Command> command, Expect expect) {
        Rig rig = rigIn(phase);
        CommandResult result = rig.send(command.get());
        assertThat(result.outcome()).as(result.message()).isEqualTo(expect.outcome());
        assertThat(result.reason()).isEqualTo(expect.reason());
        assertThat(result.message()).isNotBlank();
        assertThat(rig.phase()).isEqualTo(expect.then());
        if (result.isRejected()) {
            assertThat(rig.events(SessionEvent.Rejected.class)).last()
                    .satisfies(rejected -> assertThat(rejected.result()).isEqualTo(result));
        }
        Setpoints next = rig.tick();
        assertThat(next.zoneSteps().get("spine")).isZero();
        if (!rig.phase().drives()) {
            assertThat(next.allOff()).isTrue();
        }
    }
}
