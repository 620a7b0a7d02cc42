package org.massaged.controller.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.massaged.controller.app.cli.Cli;

/** The {@code massaged} command (the jar's main class): see {@code massaged --help} and docs/cli.md. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = Cli.execute(args, System.getenv(), Cli.defaultAssembly(), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
