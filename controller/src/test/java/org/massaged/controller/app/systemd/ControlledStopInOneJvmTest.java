package org.massaged.controller.app.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A daemon run and stopped inside a longer-lived JVM (an embedding program, a test, the demo run twice) leaves the
 * process as it found it: once its controlled stop has run, the JVM keeps no signal handler or shutdown hook of it.
 */
class ControlledStopInOneJvmTest {

    @Test
    void aStopThatHasRunGivesTheSignalsBackToWhoeverHadThem() {
        for (String name : List.of("TERM", "INT")) {
            Signal signal = new Signal(name);
            SignalHandler before = received -> { };
            SignalHandler original = Signal.handle(signal, before);
            // `before`, unless the JVM was started with the signal ignored (a background job of a shell without job
            // control ignores SIGINT), which the JVM keeps: then the stop must leave it ignored
            SignalHandler holder = Signal.handle(signal, before);
            try {
                ControlledStop stop = new ControlledStop();
                stop.installSignalHandlers();
                stop.run();

                assertThat(Signal.handle(signal, before)).as("SIG" + name + " after the stop ran").isSameAs(holder);
            } finally {
                Signal.handle(signal, original);
            }
        }
    }

    @Test
    void aStopThatHasRunIsNotKeptAliveByTheJvm() {
        SignalHandler term = Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
        SignalHandler interrupt = Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
        try {
            WeakReference<ControlledStop> stopped = stoppedOnce();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                System.gc();
                return stopped.get() == null;
            });
        } finally {
            Signal.handle(new Signal("TERM"), term);
            Signal.handle(new Signal("INT"), interrupt);
        }
    }

    private static WeakReference<ControlledStop> stoppedOnce() {
        ControlledStop stop = new ControlledStop().then("hold a daemon's worth of memory", () -> { });
        stop.installSignalHandlers();
        stop.run();
        return new WeakReference<>(stop);
    }
}
