package org.massaged.controller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.systemd.ControlledStop;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;

/**
 * {@code massaged run} in this JVM: the real command, configuration, assembler, journal, control loop and control
 * socket, with a device that does nothing in place of hardware, stopped by the test instead of a signal.
 */
class RunCommandTest {

    @TempDir
    Path directory;

    @Test
    void theSocketOptionIsHonouredWhereverItIsGiven() throws Exception {
        Path config = config("");
        List<List<String>> placements = List.of(
                List.of("--socket", "%s", "run", "--config", config.toString()),
                List.of("run", "--socket", "%s", "--config", config.toString()),
                List.of("run", "--config", config.toString(), "--socket", "%s"));
        int n = 0;
        for (List<String> placement : placements) {
            Path socket = directory.resolve("given-" + ++n + ".sock");
            Running run = start(Map.of(), placement.stream().map(arg -> arg.replace("%s", socket.toString())).toList());

            assertThat(socket).as("%s", placement).exists();
            assertThat(directory.resolve("configured.sock")).as("%s", placement).doesNotExist();
            assertThat(CliRun.massaged("status", "--socket", socket.toString()).exitCode()).isZero();
            assertThat(run.stop()).isZero();
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void theForegroundDaemonSaysOnceThatItIsReadyAndWhere() throws Exception {
        Running run = start(Map.of(), List.of("run", "--config", config("").toString()));

        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("massaged is ready: body-massager-serial, device the serial port with "
                + "USB id 1a86:7523, broker none, control socket " + directory.resolve("configured.sock") + ", journal "
                + directory.resolve("journal.jsonl")).endsWith("Ctrl-C stops it gently.");
        assertThat(run.stop()).isZero();
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    void theReadyLineIsJsonWithJson() throws Exception {
        Running run = start(Map.of(), List.of("run", "--json", "--config", config("").toString()));

        JsonNode ready = new ObjectMapper().readTree(run.out());
        assertThat(ready.get("event").asText()).isEqualTo("ready");
        assertThat(ready.get("simulated").asBoolean()).isFalse();
        assertThat(ready.get("socket").asText()).isEqualTo(directory.resolve("configured.sock").toString());
        assertThat(ready.get("broker").isNull()).isTrue();
        assertThat(ready.get("dashboard").isNull()).as("the dashboard is off").isTrue();
        assertThat(run.stop()).isZero();
    }

    @Test
    void theReadyLineNamesTheDashboardWhenItIsOn() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Running run = start(Map.of(), List.of("run", "--config", config("dashboard:\n  port: " + port + "\n").toString()));

        assertThat(run.out().lines().toList()).singleElement().asString().endsWith(", journal "
                + directory.resolve("journal.jsonl") + ", dashboard http://127.0.0.1:" + port + "/. Ctrl-C stops it gently.");
        assertThat(run.stop()).isZero();
        Running json = start(Map.of(), List.of("run", "--json", "--config", config("dashboard: {port: " + port + "}\n")
                .toString()));
        assertThat(new ObjectMapper().readTree(json.out()).get("dashboard").asText()).isEqualTo("http://127.0.0.1:" + port + "/");
        assertThat(json.stop()).isZero();
    }

    @Test
    void underSystemdTheReadyLineIsLeftToTheLogAndTheUnitsStatus() throws Exception {
        Running run = start(Map.of("JOURNAL_STREAM", "8:12345"), List.of("run", "--config", config("").toString()));

        assertThat(run.stop()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void simulateInTheConfigurationWithoutASimulatorIsRefusedBeforeAnyDeviceIsTouched() throws Exception {
        StubAssembly assembly = new StubAssembly();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(Map.of(), assembly, stop -> { }).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("run", "--config", config("simulate: true\n").toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("simulate: true", "no simulator", "Remove the line to drive the hardware");
        assertThat(assembly.partsAsked).isEmpty();
    }

    private Path config(String extra) throws Exception {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\njournal: journal.jsonl\nlocalControl:\n  socket: "
                + directory.resolve("configured.sock") + "\n" + extra);
        return config;
    }

    private Running start(Map<String, String> environment, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<ControlledStop> armed = new CompletableFuture<>();
        StubAssembly assembly = new StubAssembly();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cli.create(new HashMap<>(environment),
                        assembly, armed::complete).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new)));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (exit.isDone()) {
                throw new IllegalStateException("run ended with " + exit.get() + ": " + out + err);
            }
            return armed.isDone() && assembly.daemonStarted();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !out.toString().isEmpty()
                || environment.containsKey("JOURNAL_STREAM"));
        return new Running(armed.join(), exit, out, err);
    }

    private record Running(ControlledStop controlled, CompletableFuture<Integer> exit, StringWriter outWriter,
                           StringWriter errWriter) {
        String out() {
            return outWriter.toString();
        }

        int stop() throws Exception {
            controlled.run();
            return exit.get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * The real assembler, with a device that accepts everything and touches nothing, unless {@code realDevice}
     * (then the configuration's own device, for what opening it says). Records what it was given and made.
     */
    static final class StubAssembly implements Assembly {
        final List<DaemonConfig> partsAsked = new CopyOnWriteArrayList<>();
        volatile Optional<Daemon.Parts> made = Optional.empty();
        volatile DeviceProfile profile;
        private final boolean realDevice;
        private final DaemonAssembler real = new DaemonAssembler();
        private final StubDevice device = new StubDevice();

        StubAssembly() {
            this(false);
        }

        StubAssembly(boolean realDevice) {
            this.realDevice = realDevice;
        }

        @Override
        public DeviceProfile profile(DaemonConfig config) throws Exception {
            return real.profile(config);
        }

        @Override
        public Daemon.Parts parts(DaemonConfig config, DeviceProfile profile, Runnable healthyTick,
                                  Optional<Device> simulated) throws Exception {
            partsAsked.add(config);
            this.profile = profile;
            Daemon.Parts parts = real.parts(config, profile, healthyTick, realDevice ? simulated : Optional.of(device));
            made = Optional.of(parts);
            return parts;
        }

        boolean daemonStarted() {
            return device.opened;
        }
    }

    static final class StubDevice implements Device {
        volatile boolean opened;

        @Override
        public void open(DeviceEvents events) {
            opened = true;
            events.post(new DeviceEvent.LinkUp("stub"));
        }

        @Override
        public void apply(Setpoints setpoints) {}

        @Override
        public void emergencyStop() {}

        @Override
        public void close() {}
    }
}
