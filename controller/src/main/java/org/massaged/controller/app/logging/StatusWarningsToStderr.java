package org.massaged.controller.app.logging;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.PrintStream;

/**
 * Logback's own warnings and errors, one line each on standard error. Without a status listener logback
 * prints its whole status history on standard <em>output</em> when anything goes wrong while it starts,
 * and standard output is where {@code --json} commands write their documents.
 */
public final class StatusWarningsToStderr extends ContextAwareBase implements StatusListener, LifeCycle {

    private final PrintStream stderr;
    private boolean started;

    public StatusWarningsToStderr() {
        this(System.err);
    }

    StatusWarningsToStderr(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            stderr.println("logging: " + LogText.escape(status.getMessage())
                    + (status.getThrowable() == null ? "" : ": " + LogText.escape(String.valueOf(status.getThrowable()))));
        }
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
