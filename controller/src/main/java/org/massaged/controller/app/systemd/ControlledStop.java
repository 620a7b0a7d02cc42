package org.massaged.controller.app.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the running daemon stops: the steps run once, in the order they were added (tell systemd,
 * stop taking local commands, ramp a running session down and turn outputs off, publish {@code offline},
 * close the journal), whoever asks first: SIGTERM, SIGINT, a JVM shutdown hook, or a fatal control-loop
 * error. Later callers wait for the first to finish. A failing step is logged and the rest still run.
 */
public final class ControlledStop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ControlledStop.class);

    /** One named step of the stop. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String name, Step step) {}

    /** A signal handler this stop put in place, and the one it replaced. */
    private record Armed(sun.misc.Signal signal, sun.misc.SignalHandler ours, sun.misc.SignalHandler replaced) {}

    private final List<Named> steps = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Armed> armed = new ArrayList<>();
    private Thread shutdownHook;

    /** Adds a step; only before the stop has started. */
    public synchronized ControlledStop then(String name, Step step) {
        if (started.get()) {
            throw new IllegalStateException("the stop has already started");
        }
        steps.add(new Named(name, step));
        return this;
    }

    public boolean started() {
        return started.get();
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            awaitDone();
            return;
        }
        List<Named> toRun;
        synchronized (this) {
            toRun = List.copyOf(steps);
        }
        try {
            for (Named named : toRun) {
                try {
                    log.debug("Stopping: {}", named.name());
                    named.step().run();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    log.warn("Interrupted while stopping: {}", named.name());
                } catch (Exception | LinkageError failed) {
                    log.error("Stopping: {} failed", named.name(), failed);
                }
            }
        } finally {
            done.countDown();
            giveBackSignals();
        }
    }

    /** Waits until the stop has run (at most 10 s, longer than systemd's TimeoutStopSec would allow anyway). */
    public void awaitDone() {
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                log.warn("The controlled stop did not finish within 10 s");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs this stop on SIGTERM (systemctl stop) and SIGINT (Ctrl-C) on a fresh thread, and from a shutdown
     * hook for every other way the JVM may end. The process then exits 0 through its normal path. Once the stop
     * has run, the JVM gets back the handlers it had and forgets the hook, so a daemon stopped inside a longer-lived
     * JVM is not kept alive by it, nor answers its signals.
     */
    public synchronized void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler ours = received -> {
                    log.info("SIG{} received: controlled stop", name);
                    Thread stopper = new Thread(this, "massaged-stop");
                    stopper.start();
                };
                armed.add(new Armed(signal, ours, sun.misc.Signal.handle(signal, ours)));
            } catch (IllegalArgumentException unavailable) {
                log.debug("Cannot handle SIG{}: {}", name, unavailable.getMessage());
            }
        }
        shutdownHook = new Thread(this, "massaged-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Puts back the signal handlers this stop replaced (where they are still its own) and removes its hook. */
    private synchronized void giveBackSignals() {
        for (Armed handler : armed) {
            sun.misc.SignalHandler current = sun.misc.Signal.handle(handler.signal(), handler.replaced());
            if (current != handler.ours()) {
                sun.misc.Signal.handle(handler.signal(), current);
            }
        }
        armed.clear();
        if (shutdownHook != null && shutdownHook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already running its hooks (this one included): nothing to give back
            }
        }
        shutdownHook = null;
    }
}
