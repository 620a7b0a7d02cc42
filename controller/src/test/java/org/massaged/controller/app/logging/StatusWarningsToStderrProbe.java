package org.massaged.controller.app.logging;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link StatusWarningsToStderr} writing to a stream of the test's choosing. */
public record StatusWarningsToStderrProbe(OutputStream stream) {

    public StatusWarningsToStderr listener() {
        return new StatusWarningsToStderr(new PrintStream(stream, true, StandardCharsets.UTF_8));
    }
}
