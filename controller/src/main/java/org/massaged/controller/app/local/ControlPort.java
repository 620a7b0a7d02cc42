package org.massaged.controller.app.local;

import java.util.concurrent.CompletableFuture;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.SessionSnapshot;

/** What the local channel may do with the daemon: post a command to the control thread, read the state. */
public interface ControlPort {

    CompletableFuture<CommandResult> submit(Command command);

    SessionSnapshot snapshot();

    static ControlPort of(Daemon daemon) {
        return new ControlPort() {
            @Override
            public CompletableFuture<CommandResult> submit(Command command) {
                return daemon.submit(command);
            }

            @Override
            public SessionSnapshot snapshot() {
                return daemon.snapshot();
            }
        };
    }
}
