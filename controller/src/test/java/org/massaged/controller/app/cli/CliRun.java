package org.massaged.controller.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command the way the top-level {@code massaged} command will, capturing what it writes. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    boolean showsAStackTrace() {
        String all = out + err;
        return all.contains("Exception") || all.contains("\tat ") || all.contains("\n  at ");
    }
}
