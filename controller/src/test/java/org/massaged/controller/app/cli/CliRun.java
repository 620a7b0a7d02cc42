package org.massaged.controller.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real {@code massaged} command line in this JVM, capturing what it writes. */
record CliRun(int exitCode, String out, String err) {

    /** No configuration file: a path that does not exist, so the machine's own /etc/massaged never leaks in. */
    static final Map<String, String> NO_CONFIGURATION = Map.of("MASSAGED_CONFIG",
            Path.of(System.getProperty("java.io.tmpdir"), "massaged-test-no-such-config.yaml").toString());

    static CliRun massaged(String... args) {
        return massaged(NO_CONFIGURATION, Cli.defaultAssembly(), args);
    }

    static CliRun massaged(Map<String, String> environment, Assembly assembly, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cli.execute(args, environment, assembly, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    boolean showsAStackTrace() {
        String all = out + err;
        return all.contains("Exception") || all.contains("\tat ") || all.contains("\n  at ");
    }
}
