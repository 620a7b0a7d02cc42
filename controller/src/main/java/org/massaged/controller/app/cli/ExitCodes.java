package org.massaged.controller.app.cli;

/** What {@code massaged} exits with; listed in {@code massaged --help} and docs/cli.md. */
public final class ExitCodes {

    private ExitCodes() {}

    /** Done: the daemon accepted (or adjusted) the command; the check passed; the daemon stopped cleanly. */
    public static final int OK = 0;
    /** The daemon rejected the command (the message says why), or doctor found a failing check. */
    public static final int REJECTED = 1;
    /** The command line itself is wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** The configuration (or a profile or program it names) is invalid; nothing was touched. */
    public static final int CONFIG = 3;
    /** The daemon is not running or not reachable over the local socket. */
    public static final int UNREACHABLE = 4;
    /** The device (serial port, GPIO) could not be opened, or the daemon's control loop failed. */
    public static final int DEVICE = 5;
    /** An internal error; please report it with the log. */
    public static final int SOFTWARE = 70;

    static final String HELP_FOOTER = "%nExit codes:%n"
            + "  0  done (accepted or adjusted; checks passed; clean stop)%n"
            + "  1  rejected by the daemon, or a doctor check failed%n"
            + "  2  wrong command line%n"
            + "  3  invalid configuration, profile or program (nothing was touched)%n"
            + "  4  the daemon is not running or not reachable%n"
            + "  5  the device could not be opened, or the control loop failed%n"
            + " 70  internal error%n";
}
