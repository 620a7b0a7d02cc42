package org.massaged.controller.app.local;

import org.massaged.controller.safety.StartChoice;

import org.massaged.controller.safety.Cause;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionSnapshot;

/** A control port that records what reached it and answers as told; stands in for the control thread. */
public final class RecordingPort implements ControlPort {

    public final List<Command> submitted = new CopyOnWriteArrayList<>();
    public volatile Function<Command, CommandResult> answer = command -> CommandResult.accepted("ok: " + command);
    public volatile SessionSnapshot snapshot = idle();

    @Override
    public CompletableFuture<CommandResult> submit(Command command) {
        submitted.add(command);
        return CompletableFuture.completedFuture(answer.apply(command));
    }

    @Override
    public SessionSnapshot snapshot() {
        return snapshot;
    }

    public static SessionSnapshot idle() {
        return new SessionSnapshot(Phase.IDLE, Cause.Event.BOOT, Optional.empty(), 0, 0, Optional.empty(),
                Map.of("back", 0.0), 2, 6, 0, 0, false, false, Map.of("pad", 24.5), Optional.of(true),
                Optional.empty(), 1, 10, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
    }
}
