package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.massaged.controller.app.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code massaged doctor}: is this machine ready to run massaged, and if not, what to do. */
@Command(name = "doctor", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = {"Check that this machine is ready to run massaged, and say what to do about each problem.",
                "It checks Java, the configuration, the profile, the serial port (serial profiles) or PWM and GPIO "
                        + "(GPIO profiles), the broker with the configured credentials, and the journal.",
                "Checks run as the calling user; to check as the daemon, run: sudo -u massaged massaged doctor."})
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    MassagedCommand cli;

    @Option(names = "--root", hidden = true, defaultValue = "/",
            description = "Where /dev, /sys and the state directories are (for tests).")
    Path root;

    private final Assembly assembly;

    DoctorCommand(Assembly assembly) {
        this.assembly = assembly;
    }

    @Override
    public Integer call() {
        List<Doctor.Check> checks = new Doctor(new ConfigLoader(cli.environment()), assembly, cli.configPath(), root, 5)
                .run();
        boolean failed = checks.stream().anyMatch(check -> check.status() == Doctor.Status.FAIL);
        if (cli.json()) {
            ObjectNode out = Output.object();
            out.put("ok", !failed);
            ArrayNode list = out.putArray("checks");
            for (Doctor.Check check : checks) {
                list.addObject().put("name", check.name()).put("status", check.status().name().toLowerCase(Locale.ROOT))
                        .put("detail", check.detail()).put("fix", check.fix());
            }
            cli.out().println(out);
        } else {
            for (Doctor.Check check : checks) {
                cli.out().printf("%-4s  %-11s %s%n", check.status(), check.name(),
                        check.detail().replace("\n", "\n                  "));
                if (!check.fix().isEmpty()) {
                    cli.out().printf("                  -> %s%n", check.fix());
                }
            }
            cli.out().println(failed ? "Some checks failed; massaged will not run until they are fixed."
                    : "Ready.");
        }
        cli.out().flush();
        return failed ? ExitCodes.REJECTED : ExitCodes.OK;
    }
}
