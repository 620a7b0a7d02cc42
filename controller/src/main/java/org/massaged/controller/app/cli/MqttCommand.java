package org.massaged.controller.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code massaged mqtt ...}: broker housekeeping. */
@Command(name = "mqtt", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = "MQTT housekeeping.", subcommands = MqttCommand.Clean.class)
final class MqttCommand implements Runnable {

    @ParentCommand
    MassagedCommand cli;

    @Override
    public void run() {
        cli.spec.commandLine().getSubcommands().get("mqtt").usage(cli.out());
    }

    @Command(name = "clean", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"Remove every retained topic massaged ever published for this device (state,",
                    "availability, Home Assistant discovery), e.g. before uninstalling or renaming the device."})
    static final class Clean implements Callable<Integer> {

        @ParentCommand
        MqttCommand mqtt;

        @Override
        public Integer call() {
            // MERGE POINT: call the MqttCleaner from org.massaged.controller.mqtt (issue 7) with
            // mqtt.cli.loadConfig().mqtt() once it is on main, and print what it removed.
            mqtt.cli.err().println("massaged mqtt clean: not available in this build (the MQTT bridge is not merged yet).");
            return ExitCodes.SOFTWARE;
        }
    }
}
