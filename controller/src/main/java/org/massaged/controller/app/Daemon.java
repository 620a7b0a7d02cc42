package org.massaged.controller.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.UsageHistory;

/**
 * A running massaged: the device opened (outputs at their shutdown values), the session engine idle, and
 * the control thread ticking. Nothing starts a session but an explicit start command (S5).
 */
public final class Daemon implements AutoCloseable {

    /** Everything a daemon is made of, resolved and validated before any hardware is touched. */
    /**
     * @param commands the path remote inputs (MQTT) were given; bound to the control loop at start
     */
    public record Parts(EngineConfig engineConfig, UsageHistory history, Device device, EventJournal journal,
                        List<SessionObserver> observers, CommandRelay commands, Runnable healthyTick, int tickHz,
                        Clocks clocks) {

        /** Closes what outlives the control thread: the observers that hold resources, then the journal. */
        public void closeObserversAndJournal() throws Exception {
            for (SessionObserver observer : observers) {
                if (observer instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            if (journal instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ControlLoop loop;
    private final Thread controlThread;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Daemon(ControlLoop loop) {
        this.loop = loop;
        this.controlThread = new Thread(loop, "massaged-control");
    }

    public static Daemon start(Parts parts) throws DeviceException {
        Clocks clocks = parts.clocks();
        SessionEngine engine = new SessionEngine(parts.engineConfig(), parts.history(),
                clocks.monotonicNanos().getAsLong());
        ControlLoop loop = new ControlLoop(engine, parts.device(), parts.journal(), parts.observers(),
                parts.healthyTick(), parts.tickHz(), clocks.monotonicNanos(), clocks.wall());
        Daemon daemon = new Daemon(loop);
        parts.device().open(loop::post);
        parts.commands().bind(loop);
        daemon.controlThread.start();
        return daemon;
    }

    public void submit(Command command, Consumer<CommandResult> reply) {
        loop.submit(command, reply);
    }

    public CompletableFuture<CommandResult> submit(Command command) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        loop.submit(command, result::complete);
        return result;
    }

    public SessionSnapshot snapshot() {
        return loop.snapshot();
    }

    /** Blocks until the control thread has ended (after {@link #close()} or a fatal error). */
    public void awaitTermination() throws InterruptedException {
        controlThread.join();
    }

    /** Controlled stop: a running session ramps down, outputs go off, the device is released. */
    @Override
    public void close() {
        if (!controlThread.isAlive()) {
            return;
        }
        loop.shutdown(stopped::countDown);
        try {
            if (!stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                controlThread.interrupt();
            }
            controlThread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
