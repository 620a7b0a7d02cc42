package org.massaged.controller.app;

import java.util.function.Consumer;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;

/** What other threads post to the control thread. Nothing else reaches the session state. */
sealed interface ControlMessage {

    record Submit(Command command, Consumer<CommandResult> reply) implements ControlMessage {}

    record FromDevice(DeviceEvent event) implements ControlMessage {}

    record Shutdown(Runnable whenStopped) implements ControlMessage {}
}
