package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import org.massaged.controller.app.local.LocalControlException;

/** How answers are shown: a sentence for people, the daemon's JSON unchanged for scripts. */
final class Output {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static int result(MassagedCommand cli, JsonNode answer) {
        String result = answer.path("result").asText();
        boolean done = result.equals("accepted") || result.equals("adjusted");
        if (cli.json()) {
            cli.out().println(answer);
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
            cli.out().println(PRETTY.createObjectNode().put("result", "unreachable")
                    .put("reason", "daemon-unreachable").put("message", unreachable.getMessage()));
        } else {
            cli.err().println(unreachable.getMessage());
        }
        cli.out().flush();
        cli.err().flush();
        return ExitCodes.UNREACHABLE;
    }

}
