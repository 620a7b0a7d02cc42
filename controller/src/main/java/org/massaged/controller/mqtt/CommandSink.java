package org.massaged.controller.mqtt;

import java.util.function.Consumer;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;

/**
 * Where the bridge posts the commands that passed every wire check. The control loop implements it: it
 * queues the command for the control thread and calls {@code reply} once with the engine's answer, from
 * any thread. The bridge never blocks on it.
 */
@FunctionalInterface
public interface CommandSink {

    void submit(Command command, Consumer<CommandResult> reply);
}
