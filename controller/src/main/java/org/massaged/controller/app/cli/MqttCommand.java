package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.mqtt.MqttCleaner;
import org.massaged.device.profile.DeviceProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code massaged mqtt ...}: broker housekeeping. */
@Command(name = "mqtt", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = "MQTT housekeeping: remove what the daemon left on the broker.", subcommands = MqttCommand.Clean.class)
final class MqttCommand implements Runnable {

    @ParentCommand
    MassagedCommand cli;

    private final Assembly assembly;

    MqttCommand(Assembly assembly) {
        this.assembly = assembly;
    }

    @Override
    public void run() {
        cli.spec.commandLine().getSubcommands().get("mqtt").usage(cli.out());
    }

    @Command(name = "clean", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"Remove every retained topic massaged published for this device.",
                    "That is state, availability, link and Home Assistant discovery, and anything else retained under "
                            + "its topic root: do it before uninstalling or renaming the device. Stop the daemon "
                            + "first, since a running one publishes them again."})
    static final class Clean implements Callable<Integer> {

        @ParentCommand
        MqttCommand mqtt;

        @Spec
        CommandSpec spec;

        @Option(names = "--quiet-ms", paramLabel = "MS", defaultValue = "1000",
                description = "How long, from 100 to 60000 ms, no retained message must arrive before the cleaner "
                        + "stops collecting (default: ${DEFAULT-VALUE}).")
        long quietMillis;

        @Override
        public Integer call() {
            MassagedCommand cli = mqtt.cli;
            if (quietMillis < 100 || quietMillis > 60_000) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--quiet-ms must be from 100 to 60000 (milliseconds), got " + quietMillis + ".");
            }
            DaemonConfig config;
            DeviceProfile profile;
            try {
                config = cli.loadConfig();
                profile = mqtt.assembly.profile(config);
            } catch (ConfigException invalid) {
                return Output.failure(cli, ExitCodes.CONFIG, "invalid-configuration", invalid.getMessage());
            } catch (Exception unusable) {
                return Output.failure(cli, ExitCodes.CONFIG, "invalid-profile",
                        "massaged: cannot use the profile: " + unusable.getMessage());
            }
            if (config.mqtt().isEmpty()) {
                return Output.failure(cli, ExitCodes.CONFIG, "no-broker",
                        "massaged: the configuration names no broker (no mqtt section); nothing to clean.");
            }
            if (cli.statusIfRunning().isPresent()) {
                return Output.failure(cli, ExitCodes.REJECTED, "daemon-running", "massaged: the daemon is running "
                        + "and would publish its topics again; stop it first: sudo systemctl stop massaged");
            }
            List<String> cleared;
            try {
                cleared = new MqttCleaner(DaemonAssembler.mqttSettings(config.mqtt().get(), profile, config))
                        .clean(Duration.ofMillis(quietMillis));
            } catch (MqttException e) {
                return Output.failure(cli, ExitCodes.UNREACHABLE, "broker-unreachable", "massaged: the broker "
                        + config.mqtt().get().uris().get(0) + " is not reachable or refused the cleaner: "
                        + e.getMessage() + " (reason " + e.getReasonCode() + "); 'massaged doctor' checks the "
                        + "connection.");
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return ExitCodes.SOFTWARE;
            }
            if (cli.json()) {
                ObjectNode out = Output.object();
                ArrayNode topics = out.putArray("cleared");
                cleared.forEach(topics::add);
                Output.json(cli.out(), out);
            } else {
                cli.out().println("Cleared " + cleared.size() + " retained topic(s):");
                cleared.forEach(topic -> cli.out().println("  " + topic));
            }
            cli.out().flush();
            return ExitCodes.OK;
        }
    }
}
