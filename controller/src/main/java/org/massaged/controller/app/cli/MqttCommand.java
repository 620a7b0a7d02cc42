package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code massaged mqtt ...}: broker housekeeping. */
@Command(name = "mqtt", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = "MQTT housekeeping.", subcommands = MqttCommand.Clean.class)
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
            description = {"Remove every retained topic massaged published for this device (state, availability,",
                    "link, Home Assistant discovery) and anything else retained under its topic root, e.g. before",
                    "uninstalling or renaming the device. Stop the daemon first: a running one publishes them again."})
    static final class Clean implements Callable<Integer> {

        @ParentCommand
        MqttCommand mqtt;

        @Option(names = "--quiet-ms", paramLabel = "MS", defaultValue = "1000",
                description = "How long no retained message must arrive before the cleaner stops collecting "
                        + "(default: ${DEFAULT-VALUE}).")
        long quietMillis;

        @Override
        public Integer call() {
            MassagedCommand cli = mqtt.cli;
            DaemonConfig config;
            DeviceProfile profile;
            try {
                config = cli.loadConfig();
                profile = mqtt.assembly.profile(config);
            } catch (ConfigException invalid) {
                cli.err().println(invalid.getMessage());
                return ExitCodes.CONFIG;
            } catch (Exception unusable) {
                cli.err().println("massaged: cannot use the profile: " + unusable.getMessage());
                return ExitCodes.CONFIG;
            }
            if (config.mqtt().isEmpty()) {
                cli.err().println("massaged: the configuration names no broker (no mqtt section); nothing to clean.");
                return ExitCodes.CONFIG;
            }
            if (cli.statusIfRunning().isPresent()) {
                cli.err().println("massaged: the daemon is running and would publish its topics again; "
                        + "stop it first: sudo systemctl stop massaged");
                return ExitCodes.REJECTED;
            }
            List<String> cleared;
            try {
                cleared = new MqttCleaner(DaemonAssembler.mqttSettings(config.mqtt().get(), profile, config))
                        .clean(Duration.ofMillis(Math.max(100, quietMillis)));
            } catch (MqttException e) {
                cli.err().println("massaged: the broker " + config.mqtt().get().uris().get(0)
                        + " is not reachable or refused the cleaner: " + e.getMessage()
                        + " (reason " + e.getReasonCode() + "); 'massaged doctor' checks the connection.");
                return ExitCodes.UNREACHABLE;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return ExitCodes.SOFTWARE;
            }
            if (cli.json()) {
                ObjectNode out = new ObjectMapper().createObjectNode();
                ArrayNode topics = out.putArray("cleared");
                cleared.forEach(topics::add);
                cli.out().println(out);
            } else {
                cli.out().println("Cleared " + cleared.size() + " retained topic(s):");
                cleared.forEach(topic -> cli.out().println("  " + topic));
            }
            cli.out().flush();
            return ExitCodes.OK;
        }
    }
}
