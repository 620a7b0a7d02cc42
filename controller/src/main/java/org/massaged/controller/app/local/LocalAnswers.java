package org.massaged.controller.app.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.SessionSnapshot;

/**
 * One request of the local wire format ({@link LocalProtocol}) answered: decoded, posted to the control thread
 * through the {@link ControlPort}, and the control thread's own {@link CommandResult} (or why there is none)
 * encoded. Shared by every channel that speaks this format: the Unix socket and the web dashboard.
 */
public final class LocalAnswers {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);

    private final LocalProtocol protocol;
    private final ControlPort port;

    public LocalAnswers(LocalProtocol protocol, ControlPort port) {
        this.protocol = protocol;
        this.port = port;
    }

    /** The answer to one request line (already UTF-8 text, without its newline). */
    public ObjectNode answer(String line) {
        return answer(protocol.decode(line.strip()));
    }

    /** The same, for a command sent with {@code origin} (the dashboard decides it per request). */
    public ObjectNode answer(String line, Origin origin) {
        return answer(protocol.decode(line.strip(), origin));
    }

    private ObjectNode answer(LocalRequest request) {
        if (request instanceof LocalRequest.Invalid invalid) {
            return protocol.result(CommandResult.rejected(invalid.reason(), invalid.message()), invalid.transaction());
        }
        if (request instanceof LocalRequest.Status) {
            SessionSnapshot snapshot = port.snapshot();
            if (snapshot == null) {
                return protocol.result(CommandResult.rejected("not-ready", "massaged is still starting."),
                        request.transaction());
            }
            return protocol.status(snapshot, Instant.now(), request.transaction());
        }
        LocalRequest.Submit submit = (LocalRequest.Submit) request;
        try {
            CommandResult result = port.submit(submit.command()).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return protocol.result(result, submit.transaction());
        } catch (TimeoutException | ExecutionException noAnswer) {
            return unknown(CommandResult.rejected("no-answer", "The control thread did not answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s; the command may still take effect: check 'massaged status'."),
                    submit.transaction());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return unknown(CommandResult.rejected("shutting-down", "The daemon is shutting down."),
                    submit.transaction());
        }
    }

    /** Rejected when the caller cannot know whether it took effect: its {@code result} says {@code unknown}. */
    private ObjectNode unknown(CommandResult result, Optional<String> transaction) {
        ObjectNode unknown = protocol.result(result, transaction);
        unknown.put("result", "unknown");
        return unknown;
    }
}
