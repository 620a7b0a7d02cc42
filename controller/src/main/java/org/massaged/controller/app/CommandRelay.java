package org.massaged.controller.app;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.massaged.controller.mqtt.CommandSink;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;

/**
 * The command path for inputs that are built before the control loop exists (the MQTT bridge): bound to
 * the loop when the daemon starts; until then every command is rejected, so nothing is queued to act later.
 */
public final class CommandRelay implements CommandSink {

    private final AtomicReference<ControlLoop> loop = new AtomicReference<>();

    void bind(ControlLoop controlLoop) {
        loop.set(controlLoop);
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
