package org.massaged.controller.mqtt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;

/** Stands in for the control loop: records every command and answers from another thread. */
final class RecordingSink implements CommandSink {

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private volatile Function<Command, CommandResult> answer = command -> CommandResult.accepted("done");

    void answerWith(Function<Command, CommandResult> answer) {
        this.answer = answer;
    }

    List<Command> commands() {
        return List.copyOf(commands);
    }

    @Override
    public void submit(Command command, Consumer<CommandResult> reply) {
        commands.add(command);
        CommandResult result = answer.apply(command);
        new Thread(() -> reply.accept(result), "test-control-loop").start();
    }
}
