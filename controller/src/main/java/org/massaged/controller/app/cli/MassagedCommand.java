package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.config.Locations;
import org.massaged.controller.app.local.LocalControlClient;
import org.massaged.controller.app.local.LocalControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code massaged}: the top-level command, holding what every subcommand shares. */
@Command(name = "massaged", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Controller daemon for an oscillating body massager, and its command line.",
        footer = ExitCodes.HELP_FOOTER, usageHelpAutoWidth = true)
public final class MassagedCommand implements Runnable {

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The configuration file (default: $MASSAGED_CONFIG or /etc/massaged/config.yaml).")
    Path config;

    @Option(names = "--socket", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "The daemon's local control socket (default: localControl.socket from the "
                    + "configuration, else /run/massaged/control.sock; with no configuration and no installed "
                    + "daemon, your own simulation's).")
    Path socket;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print machine-readable JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    public MassagedCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    Map<String, String> environment() {
        return environment;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return json;
    }

    Path configPath() {
        if (config != null) {
            return config;
        }
        String fromEnvironment = environment.get("MASSAGED_CONFIG");
        return fromEnvironment == null || fromEnvironment.isEmpty() ? ConfigLoader.DEFAULT_PATH : Path.of(fromEnvironment);
    }

    boolean configNamed() {
        return config != null || (environment.get("MASSAGED_CONFIG") != null
                && !environment.get("MASSAGED_CONFIG").isEmpty());
    }

    DaemonConfig loadConfig() throws ConfigException {
        return new ConfigLoader(environment).load(configPath());
    }

    /** {@code --socket}, when given. */
    Optional<Path> socketOption() {
        return Optional.ofNullable(socket);
    }

    /**
     * The socket to talk to: {@code --socket}; else the configuration's; with no configuration at all, the
     * installed daemon's when its directory exists, else this person's simulation's.
     */
    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        if (configNamed() || Files.exists(configPath())) {
            try {
                return loadConfig().localControl().socket();
            } catch (ConfigException unusable) {
                return Locations.SYSTEM_SOCKET;
            }
        }
        return Files.isDirectory(Locations.SYSTEM_SOCKET.getParent()) ? Locations.SYSTEM_SOCKET
                : Locations.of(environment).socket(true);
    }

    LocalControlClient client() {
        return new LocalControlClient(socketPath());
    }

    /** Sends one request and prints the answer; the exit code follows the daemon's verdict. */
    int call(ObjectNode request) {
        try {
            JsonNode answer = client().send(request);
            return Output.result(this, answer);
        } catch (LocalControlException unreachable) {
            return Output.unreachable(this, unreachable);
        }
    }

    Optional<JsonNode> statusIfRunning() {
        try {
            return Optional.of(client().send(client().protocol().request("status")));
        } catch (LocalControlException notRunning) {
            return Optional.empty();
        }
    }
}
