package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;
import org.massaged.simulator.StateWatcher;
import org.massaged.simulator.broker.EmbeddedBroker;
import org.massaged.controller.app.SocketDaemon;

/**
 * One chair on the test bench: the firmware in simavr, a broker, the real daemon in its own JVM on the
 * bench's pseudo-terminal, and what the daemon publishes (state and link) as a dashboard would see it.
 */
final class NanoRig implements AutoCloseable {
    final Bench bench;
    final EmbeddedBroker broker;
    final DaemonProcess daemon;
    private final List<JsonNode> states = new CopyOnWriteArrayList<>();
    private final List<JsonNode> links = new CopyOnWriteArrayList<>();
    private final List<StateWatcher> watchers = new ArrayList<>();

    private NanoRig(Bench bench, EmbeddedBroker broker, DaemonProcess daemon) {
        this.bench = bench;
        this.broker = broker;
        this.daemon = daemon;
    }

    /** The shipped Nano profile, someone on the seat, the daemon up and the board configured. */
    /** The same, with bench commands run before the daemon connects (a world that is already so). */
    static NanoRig start(Path directory, String... before) throws Exception {
        return start(directory, DaemonProcess.PROFILE, before);
    }

    static NanoRig start(Path directory, String profile, String... before) throws Exception {
        Bench bench = Bench.start(directory);
        bench.command("occupied on");
        for (String command : before) {
            bench.command(command);
        }
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        DaemonProcess daemon = DaemonProcess.configure(directory, bench.pty(), broker.uri(), profile);
        NanoRig rig = new NanoRig(bench, broker, daemon);
        rig.watch();
        daemon.start();
        return rig;
    }

    private void watch() throws Exception {
        watchers.add(StateWatcher.connect(broker.uri(), daemon.topic("state"), states::add));
        watchers.add(StateWatcher.connect(broker.uri(), daemon.topic("link"), links::add));
    }

    /** The daemon has opened the link (configured the board) and heard from the seat switch. */
    NanoRig awaitReady() {
        await().atMost(Duration.ofSeconds(20)).until(() -> linkOnline() && lastState().hasNonNull("occupied"));
        return this;
    }

    boolean linkOnline() {
        return !links.isEmpty() && links.get(links.size() - 1).path("state").asText().equals("online");
    }

    JsonNode lastState() {
        return states.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : states.get(states.size() - 1);
    }

    List<String> publishedPhases() {
        List<String> phases = new ArrayList<>();
        for (JsonNode state : states) {
            String phase = state.path("phase").asText();
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                phases.add(phase);
            }
        }
        return phases;
    }

    /**
     * `massaged start` (5 minutes, no heat) at the given level; returns once the motor turns. A start refused,
     * or a session ended, because the link went down is tried again once the link is back: on a machine loaded
     * by other builds a process may miss the 800 ms in which a STATUS must arrive, and the daemon then rightly
     * ends the session and reconnects. Everything else fails the test.
     */
    void startSession(int level) {
        String why = "";
        for (int attempt = 0; attempt < 4; attempt++) {
            await().atMost(Duration.ofSeconds(20)).until(this::linkOnline);
            SocketDaemon.Result started = daemon.massaged("start", "--minutes", "5", "--level",
                    Integer.toString(level), "--no-heat");
            why = started.text();
            if (started.code() != 0 && started.text().contains("link-down")) {
                continue;
            }
            assertThat(started.code()).as(started.text() + "\nbench " + bench.state() + "\ndaemon log:\n"
                    + daemon.log()).isZero();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> bench.rpm() > 300
                        || lastState().path("cause").asText().startsWith("link-down"));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the motor did not start; bench " + bench.state() + "\nstate "
                        + lastState() + "\ndaemon log:\n" + daemon.log(), e);
            }
            if (bench.rpm() > 300) {
                return;
            }
            why = lastState().path("cause").asText();
        }
        throw new AssertionError("no session could run for the link going down (" + why + "); bench " + bench.state()
                + "\ndaemon log:\n" + daemon.log());
    }

    /** The motor and the heater are off on the board, and stay off for a second. */
    void awaitSafe() {
        await().atMost(Duration.ofSeconds(5)).until(() -> bench.motor() == 0 && !bench.heater());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> bench.motor() == 0 && !bench.heater());
    }

    /**
     * The daemon latched a fault and published it, and journaled the board's fault with its code. (The published
     * fault is the first one latched: when the daemon's own check of the same reading, an out-of-range
     * temperature say, comes first, the board's code is journaled as a further fault.)
     */
    void awaitFaultReported(String code) {
        await().atMost(Duration.ofSeconds(10)).until(() -> lastState().path("fault").asBoolean()
                && !lastState().path("fault_code").asText().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.journalText().contains(code));
    }

    /** As {@link #awaitFaultReported}, and the published fault is the board's. */
    void awaitFaultPublished(String code) {
        awaitFaultReported(code);
        await().atMost(Duration.ofSeconds(5)).until(() -> (lastState().path("fault_code").asText() + " "
                + lastState().path("fault_message").asText()).contains(code));
    }

    @Override
    public void close() throws Exception {
        daemon.close();
        for (StateWatcher watcher : watchers) {
            watcher.close();
        }
        broker.close();
        bench.close();
    }
}
