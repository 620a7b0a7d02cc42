package org.massaged.controller.app;

import java.util.List;
import java.util.function.Consumer;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;

/**
 * What other threads post to the control thread. Nothing else reaches the session state. {@code sequence}
 * numbers every message in the order it was posted (the {@link Inbox} may hand them over in another order).
 */
sealed interface ControlMessage {

    long sequence();

    record Submit(Command command, Consumer<CommandResult> reply, long sequence) implements ControlMessage {}

    /**
     * Emergency stops from one origin that arrived while an earlier one was still waiting: handled once,
     * every sender answered.
     */
    record EmergencyStop(Origin origin, List<Consumer<CommandResult>> replies, long sequence)
            implements ControlMessage {}

    record FromDevice(DeviceEvent event, long sequence) implements ControlMessage {}

    record Shutdown(Runnable whenStopped, long sequence) implements ControlMessage {}
}
