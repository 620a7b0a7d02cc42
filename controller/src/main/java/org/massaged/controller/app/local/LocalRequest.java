package org.massaged.controller.app.local;

import java.util.Optional;
import org.massaged.controller.safety.Command;

/** One decoded line from a local client: a command for the control thread, or a question about the state. */
public sealed interface LocalRequest {

    Optional<String> transaction();

    record Submit(Command command, Optional<String> transaction) implements LocalRequest {}

    record Status(Optional<String> transaction) implements LocalRequest {}

    /** A line that could not be used; nothing was done, and the client is told why. */
    record Invalid(String reason, String message, Optional<String> transaction) implements LocalRequest {}
}
