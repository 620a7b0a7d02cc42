package org.massaged.controller.app;

import org.massaged.controller.safety.Cause;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.massaged.controller.mqtt.CommandSink;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;

/**
 * The command path for inputs that are built before the control loop exists (the MQTT bridge): bound to
 * the loop when the daemon starts; until then every command is rejected, so nothing is queued to act later.
 * It also hands the loop the input's health ({@link #watch}), so that a session started over a channel that
 * died does not run on with nobody able to stop it.
 */
public final class CommandRelay implements CommandSink {

    private final AtomicReference<ControlLoop> loop = new AtomicReference<>();
    private final AtomicReference<Supplier<Optional<Cause>>> lostCause =
            new AtomicReference<>(Optional::empty);

    void bind(ControlLoop controlLoop) {
        loop.set(controlLoop);
        controlLoop.watchRemote(lostCause.get());
    }

    /** {@code cause} names why the channel cannot carry commands now (e.g. {@code mqtt-lost: ...}), or is empty. */
    void watch(Supplier<Optional<Cause>> cause) {
        lostCause.set(cause);
        ControlLoop bound = loop.get();
        if (bound != null) {
            bound.watchRemote(cause);
        }
    }

    @Override
    public void submit(Command command, Consumer<CommandResult> reply) {
        ControlLoop bound = loop.get();
        if (bound == null) {
            reply.accept(CommandResult.rejected("not-ready", "massaged is still starting; nothing was done."));
            return;
        }
        bound.submit(command, reply);
    }
}
