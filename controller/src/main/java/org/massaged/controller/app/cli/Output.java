package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.massaged.controller.app.local.LocalControlException;

/**
 * How answers are shown: a sentence for people, JSON for scripts. With {@code --json} a command prints only JSON
 * on standard output, one object per line, failures included ({@code {"result":"error","reason":…,
 * "message":…}}); without it, failures go to standard error.
 */
final class Output {

    private Output() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Prints one JSON object as one line. */
    static void json(PrintWriter out, JsonNode node) {
        out.println(node);
        out.flush();
    }

    static int result(MassagedCommand cli, JsonNode answer) {
        String result = answer.path("result").asText();
        boolean done = result.equals("accepted") || result.equals("adjusted");
        if (cli.json()) {
            json(cli.out(), answer);
        } else {
            PrintWriter stream = done ? cli.out() : cli.err();
            String reason = answer.path("reason").asText();
            stream.println(result + (result.equals("accepted") ? "" : " (" + reason + ")") + ": "
                    + answer.path("message").asText());
        }
        cli.out().flush();
        cli.err().flush();
        return done ? ExitCodes.OK : ExitCodes.REJECTED;
    }

    static int unreachable(MassagedCommand cli, LocalControlException unreachable) {
        if (cli.json()) {
            json(cli.out(), object().put("result", "unreachable").put("reason", "daemon-unreachable")
                    .put("message", unreachable.getMessage()));
        } else {
            cli.err().println(unreachable.getMessage());
            cli.err().flush();
        }
        return ExitCodes.UNREACHABLE;
    }

    /**
     * A failure on this side of the socket (a file, the configuration, the command line): the message on standard
     * error, or as JSON with {@code reason} for scripts. Returns {@code exitCode}.
     */
    static int failure(MassagedCommand cli, int exitCode, String reason, String message) {
        return failure(cli.json(), cli.out(), cli.err(), exitCode, reason, message);
    }

    static int failure(boolean json, PrintWriter out, PrintWriter err, int exitCode, String reason, String message) {
        if (json) {
            json(out, object().put("result", "error").put("reason", reason).put("message", message));
        } else {
            err.println(message);
            err.flush();
        }
        return exitCode;
    }
}
