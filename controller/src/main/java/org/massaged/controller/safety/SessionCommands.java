package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What each command means in the session's phase, and its answer: the command half of the {@link SessionEngine},
 * which owns the state and the transitions. Runs on the control thread, inside {@link SessionEngine#handle}.
 */
final class SessionCommands {

    private final SessionEngine engine;

    SessionCommands(SessionEngine engine) {
        this.engine = engine;
    }

    CommandResult dispatch(Command command, long now, Instant wallNow) {
        if (command instanceof Command.Start start) {
            return start(engine.choices.fill(start), now, wallNow);
        } else if (command instanceof Command.Stop stop) {
            return stop(stop.origin(), now);
        } else if (command instanceof Command.EmergencyStop emergency) {
            return emergencyStop(emergency.origin(), now);
        } else if (command instanceof Command.Reset reset) {
            return reset(reset.origin(), now, wallNow);
        } else if (command instanceof Command.TooMuch tooMuch) {
            return tooMuch(tooMuch.origin(), now);
        } else if (command instanceof Command.Pause pause) {
            return pause(pause.origin(), now);
        } else if (command instanceof Command.Resume resume) {
            return resume(resume.origin(), now);
        } else if (command instanceof Command.SkipStep skip) {
            return skipStep(skip.origin(), now);
        } else if (command instanceof Command.Setting setting) {
            return engine.session == null ? engine.choices.choose(List.of(setting)) : change(setting, now);
        } else if (command instanceof Command.Batch batch) {
            return batch(batch, now);
        } else if (command instanceof Command.Press press) {
            return press(press, now, wallNow);
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    /** A button on the device: what it means is decided here, from the session as it is now. */
    private CommandResult press(Command.Press press, long now, Instant wallNow) {
        Origin origin = press.origin();
        return switch (press.button()) {
            case START_STOP -> engine.session != null ? stop(origin, now) : start(engine.choices.fill(Command.Start.with(origin,
                    List.of())), now, wallNow);
            case LEVEL_UP -> stepLevel(origin, +1);
            case LEVEL_DOWN -> stepLevel(origin, -1);
            case TOO_MUCH -> tooMuch(origin, now);
            case EMERGENCY_STOP -> emergencyStop(origin, now);
        };
    }

    /** One level up or down from the level the engine holds now: two quick presses never compute the same level. */
    private CommandResult stepLevel(Origin origin, int delta) {
        if (engine.session == null) {
            return engine.choices.step(origin, delta);
        }
        return setLevel(Math.max(1, engine.session.targetLevel + delta)).about("level");
    }

    /** Several settings: the next start's (all or none), or while a session is in progress one change at a time. */
    private CommandResult batch(Command.Batch batch, long now) {
        if (engine.session == null) {
            return engine.choices.choose(batch.settings());
        }
        for (Command.Setting setting : batch.settings()) {
            if (setting instanceof Command.SetProgram || setting instanceof Command.SetDuration) {
                return sessionRunning(Controls.nameOf(setting));
            }
        }
        if (batch.settings().size() > 1) {
            return CommandResult.rejected("one-change-at-a-time", "While a session is in progress, send the level and"
                    + " the heat in separate commands.").about("heat");
        }
        return change(batch.settings().get(0), now);
    }

    /** A setting while a session is in progress: the level and the heat change it; program and duration cannot. */
    private CommandResult change(Command.Setting setting, long now) {
        if (setting instanceof Command.SetLevel level) {
            return setLevel(level.level()).about("level");
        } else if (setting instanceof Command.SetHeat heat) {
            return setHeat(heat.on(), heat.origin(), now).about("heat");
        }
        return sessionRunning(Controls.nameOf(setting));
    }

    private static CommandResult sessionRunning(String setting) {
        return CommandResult.rejected("session-running", "The " + setting + " cannot change while a session is in"
                + " progress; stop it first, or choose it for the next session once this one has ended.")
                .about(setting);
    }

    private CommandResult start(Command.Start start, long now, Instant wallNow) {
        if (engine.journalProblem != null) {
            return engine.journalRefusal("start a session");
        }
        if (engine.phase.latched()) {
            return CommandResult.rejected("latched", Sentences.latchSentence(engine.phase, engine.fault)
                    + " Reset it deliberately before starting.");
        }
        if (engine.session != null) {
            return CommandResult.rejected("already-running", "A session is already in progress (" + engine.phase.wireName()
                    + ").");
        }
        StartPolicy.Decision decision = engine.startPolicy.start(start, engine.conditions(), now, wallNow);
        if (decision instanceof StartPolicy.Refused refused) {
            return refused.answer();
        }
        StartPolicy.Granted granted = (StartPolicy.Granted) decision;
        engine.session = granted.session();
        engine.clocks.arm(now, wallNow);
        engine.events.add(new SessionEvent.Started(engine.session.programId, Duration.ofNanos(engine.session.durationNanos),
                engine.session.targetLevel, engine.session.heat, start.origin()));
        Cause why = new Cause.Asked(Cause.Act.START, start.origin());
        if (granted.warmFirst()) {
            engine.transitions.setPhase(Phase.WARMING, why, now);
        } else {
            engine.transitions.beginStarting(why, now);
        }
        return granted.answer();
    }


    private CommandResult stop(Origin origin, long now) {
        Cause stopCause = new Cause.Asked(Cause.Act.STOP, origin);
        switch (engine.phase) {
            case WARMING, PAUSED -> {
                engine.transitions.endSession(stopCause, now);
                return CommandResult.accepted("Session stopped.");
            }
            case STARTING, RUNNING -> {
                engine.transitions.beginStopping(stopCause, now);
                return CommandResult.accepted("Stopping: ramping down slowly, then off.");
            }
            case STOPPING -> {
                return CommandResult.accepted("Already stopping.");
            }
            case FAULT, EMERGENCY_STOP -> {
                return CommandResult.accepted("Outputs are already off (" + engine.phase.wireName() + ").");
            }
            default -> {
                return CommandResult.accepted("Nothing to stop; outputs are off.");
            }
        }
    }

    private CommandResult emergencyStop(Origin origin, long now) {
        Cause kind = new Cause.Asked(Cause.Act.EMERGENCY_STOP, origin);
        engine.latchedByJournalAlone = false;
        if (engine.phase == Phase.EMERGENCY_STOP) {
            if (origin == Origin.LOCAL_INPUT) {
                engine.latchOrigin = Origin.LOCAL_INPUT;
            }
            if (engine.repeats.first(kind, now)) {
                engine.events.add(new SessionEvent.EmergencyStopped(origin));
            }
            return CommandResult.accepted("Emergency stop already latched; outputs are off.");
        }
        engine.transitions.latch(Phase.EMERGENCY_STOP, "emergency-stop", "Emergency stop from " + origin.wireName()
                + ".", kind, now);
        engine.latchOrigin = origin;
        engine.repeats.first(kind, now);
        engine.events.add(new SessionEvent.EmergencyStopped(origin));
        return CommandResult.accepted("Emergency stop: outputs cut and latched. A deliberate reset clears it.");
    }

    private CommandResult reset(Origin origin, long now, Instant wallNow) {
        if (engine.journalProblem != null) {
            return engine.journalRefusal("reset");
        }
        if (!engine.phase.latched()) {
            return CommandResult.rejected("not-latched", "Nothing to reset: no fault or emergency stop is latched.");
        }
        if (engine.phase == Phase.EMERGENCY_STOP && engine.latchOrigin == Origin.LOCAL_INPUT && origin.isRemote()) {
            return CommandResult.rejected("local-latch", "The emergency stop was pressed on the device; only a reset"
                    + " at the device (or the local command line) clears it.");
        }
        Phase cleared = engine.transitions.clearLatch(origin, new Cause.Asked(Cause.Act.RESET, origin), now, wallNow);
        return CommandResult.accepted("Cleared the " + Sentences.spoken(cleared)
                + ". Nothing starts until you start a session.");
    }


    private CommandResult setLevel(int asked) {
        if (engine.phase == Phase.STOPPING) {
            return CommandResult.rejected("stopping", "The session is stopping; the level can no longer change.");
        }
        if (asked < 1) {
            return Sentences.levelNotALevel(asked, " To stop, send stop.");
        }
        int level = Math.min(asked, engine.session.ceiling);
        engine.session.targetLevel = level;
        engine.session.effectiveLevel = Math.min(engine.session.effectiveLevel, level);
        engine.pipeline.cap(level);
        if (level != asked) {
            boolean lowered = engine.session.ceiling < engine.limits.ceiling();
            String reason = lowered ? "ceiling-lowered" : Sentences.ceilingReason(engine.limits.allowHighIntensity());
            String why = lowered ? " (lowered by \"too much\" for this session)"
                    : Sentences.ceilingWhy(engine.limits.allowHighIntensity());
            return CommandResult.adjusted(reason, "Level " + asked + " is above the ceiling " + engine.session.ceiling + why
                    + "; set to " + level + ".");
        }
        return CommandResult.accepted("Level set to " + level + (level > engine.session.effectiveLevel ? ", rising gently."
                : "."));
    }

    private CommandResult tooMuch(Origin origin, long now) {
        if (engine.session == null) {
            return Sentences.noSession();
        }
        if (engine.phase == Phase.STOPPING) {
            for (int z = 0; z < engine.session.stopFrom.length; z++) {
                engine.session.stopFrom[z] = Math.max(0, engine.session.stopFrom[z] - 1);
            }
            return CommandResult.accepted("One level down at once while the session stops.");
        }
        int felt = (int) Math.ceil(Math.min(engine.session.targetLevel, engine.session.effectiveLevel) - 1e-9);
        int lower = felt - 1;
        if (lower < 1) {
            engine.transitions.endSession(new Cause.Asked(Cause.Act.TOO_MUCH, origin), now);
            return CommandResult.accepted("Already at the lowest level: the session stopped at once.");
        }
        engine.session.targetLevel = lower;
        engine.session.ceiling = Math.min(engine.session.ceiling, lower);
        engine.session.effectiveLevel = Math.min(engine.session.effectiveLevel, lower);
        engine.pipeline.cap(lower);
        return CommandResult.accepted("One level down, to " + lower + "; the level stays at or below " + lower
                + " for the rest of this session.");
    }

    private CommandResult pause(Origin origin, long now) {
        switch (engine.phase) {
            case WARMING, STARTING, RUNNING -> {
                engine.transitions.enterPause(new Cause.Asked(Cause.Act.PAUSE, origin), now);
                return CommandResult.accepted("Paused; outputs off. The session stops if it stays paused for "
                        + Sentences.minutesSeconds(engine.limits.pauseTimeout()) + ".");
            }
            case PAUSED -> {
                return CommandResult.accepted("Already paused.");
            }
            default -> {
                return engine.session == null ? Sentences.noSession()
                        : CommandResult.rejected("stopping", "The session is stopping.");
            }
        }
    }

    private CommandResult resume(Origin origin, long now) {
        if (engine.phase != Phase.PAUSED) {
            return CommandResult.rejected("not-paused", "The session is not paused.");
        }
        Optional<CommandResult> interlock = engine.startPolicy.interlocks(origin, "resume", engine.conditions());
        if (interlock.isPresent()) {
            return interlock.get();
        }
        engine.session.resume(now);
        engine.transitions.beginStarting(new Cause.Asked(Cause.Act.RESUME, origin), now);
        return CommandResult.accepted("Resumed with a gentle soft start.");
    }

    private CommandResult setHeat(boolean on, Origin origin, long now) {
        if (!on) {
            engine.session.heat = false;
            if (engine.phase == Phase.WARMING) {
                engine.transitions.beginStarting(new Cause.Asked(Cause.Act.HEAT_OFF, origin), now);
                return CommandResult.accepted("Heat off; the warm-up ends and the motors start gently.");
            }
            return CommandResult.accepted("Heat off.");
        }
        if (!engine.heater.present()) {
            return Sentences.noHeater();
        }
        if (engine.phase == Phase.STOPPING) {
            return CommandResult.rejected("stopping", "The session is stopping; heat runs only while it plays.");
        }
        engine.session.heat = true;
        return CommandResult.accepted("Heat on (pad up to " + engine.heater.setpoint() + " °C).");
    }

    private CommandResult skipStep(Origin origin, long now) {
        switch (engine.phase) {
            case WARMING -> {
                engine.transitions.beginStarting(new Cause.Asked(Cause.Act.SKIP_WARM_UP, origin), now);
                return CommandResult.accepted("Warm-up skipped; the motors start gently.");
            }
            case STARTING, RUNNING -> {
                long programNanos = engine.session.programNanos(now);
                if (engine.session.runner.skip(programNanos)) {
                    return CommandResult.accepted("Skipped to step " + (engine.session.runner.stepIndexAt(programNanos) + 1)
                            + " of " + engine.session.runner.stepCount() + ".");
                }
                engine.transitions.beginStopping(new Cause.Asked(Cause.Act.SKIP_LAST_STEP, origin), now);
                return CommandResult.accepted("That was the last step: the session ramps down and ends.");
            }
            default -> {
                return engine.session == null ? Sentences.noSession() : CommandResult.rejected("not-playing",
                        "No step is playing (" + engine.phase.wireName() + ").");
            }
        }
    }
}
