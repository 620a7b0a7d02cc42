package org.massaged.controller.app.systemd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is doing (sd_notify): READY=1, STATUS=, WATCHDOG=1, STOPPING=1.
 *
 * <p>The notify socket is a Unix <em>datagram</em> socket, which Java 17 cannot open (its Unix sockets are
 * stream-only), and a native library (JNA) would cost the small daemon megabytes of memory. So the messages
 * are sent by systemd's own {@code systemd-notify} tool, which the unit allows with {@code NotifyAccess=all};
 * without {@code --no-block} it waits until PID 1 has taken the message, so attribution to the unit is not
 * racy. Sending happens on one background thread: the caller (the control thread, for the watchdog) never
 * waits for a process to start.
 */
public final class SystemdNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
    static final String TOOL = "systemd-notify";

    private final List<String> tool;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "massaged-sd-notify");
        thread.setDaemon(true);
        return thread;
    });

    SystemdNotifier(List<String> tool) {
        this.tool = List.copyOf(tool);
    }

    /** A notifier when systemd started us with {@code Type=notify} (NOTIFY_SOCKET is set), else empty. */
    public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> environment) {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotifier(List.of(TOOL)));
    }

    public void ready(String status) {
        send("READY=1", "STATUS=" + status);
    }

    public void status(String status) {
        send("STATUS=" + status);
    }

    /** Pets the watchdog. Only {@link Watchdog} calls this, and only after a healthy control tick. */
    void watchdog() {
        send("WATCHDOG=1");
    }

    /** Sent first thing on a controlled stop, so that systemd knows the stop is on its way. */
    public void stopping(String status) {
        send("STOPPING=1", "STATUS=" + status);
    }

    private void send(String... assignments) {
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of(assignments));
        try {
            sender.execute(() -> run(command));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            log.debug("systemd notifier closed; not sending {}", List.of(assignments));
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("{} did not finish within 5 s", command);
            } else if (process.exitValue() != 0) {
                log.warn("{} failed with exit code {}", command, process.exitValue());
            }
        } catch (IOException e) {
            log.warn("Cannot run {}: {}", command, e.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (briefly) for what was already sent, such as STOPPING=1, then stops the sender. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
