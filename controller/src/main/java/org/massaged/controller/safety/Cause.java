package org.massaged.controller.safety;

import java.util.Locale;
import java.util.Optional;

/**
 * Why the session entered its phase, or why it ended. Typed from the engine to the edges; only the journal, the
 * state document and the events render it as text ({@link #text()}), and nobody reads the text back.
 */
public sealed interface Cause {

    /** The stable text: {@code stop:cli}, {@code duration-elapsed}, {@code link-down: no frame for 800 ms}. */
    String text();

    /** What kind of cause this is, without who or what detail: {@code stop}, {@code link-down}, {@code fault}. */
    String kind();

    /** Who asked, when a command caused it. */
    default Optional<Origin> askedBy() {
        return Optional.empty();
    }

    /** Whether a session that ended for this cause ran its course. */
    default boolean completion() {
        return false;
    }

    /** Something that happened by itself. */
    enum Event implements Cause {
        BOOT, WARM, WARM_UP_TIMEOUT, SOFT_START_COMPLETE, DURATION_ELAPSED, REST_COMPLETE, SEAT_EMPTY,
        SEAT_EMPTY_TIMEOUT, PAUSE_TIMEOUT, JOURNAL_WRITABLE, DAEMON_STOPPED, DAILY_DOSE_SPENT;

        @Override
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public String kind() {
            return text();
        }

        @Override
        public boolean completion() {
            return this == DURATION_ELAPSED;
        }
    }

    /** What a command asked for. */
    enum Act {
        START, STOP, PAUSE, RESUME, RESET, TOO_MUCH, HEAT_OFF, SKIP_WARM_UP, SKIP_LAST_STEP, EMERGENCY_STOP;

        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A command did it: {@code <act>:<origin>}. */
    record Asked(Act act, Origin origin) implements Cause {
        @Override
        public String text() {
            return act.text() + ":" + origin.wireName();
        }

        @Override
        public String kind() {
            return act.text();
        }

        @Override
        public Optional<Origin> askedBy() {
            return Optional.of(origin);
        }
    }

    /** A latched fault: {@code fault:<code>}. */
    record Fault(String code) implements Cause {
        @Override
        public String text() {
            return "fault:" + code;
        }

        @Override
        public String kind() {
            return "fault";
        }
    }

    /** The link to the massager was lost: {@code link-down: <reason>}. */
    record LinkDown(String reason) implements Cause {
        @Override
        public String text() {
            return "link-down: " + reason;
        }

        @Override
        public String kind() {
            return "link-down";
        }
    }

    /** A remote channel can no longer carry commands: {@code <channel>-lost: <why>}, e.g. {@code mqtt-lost: ...}. */
    record RemoteLost(Origin channel, String why) implements Cause {
        @Override
        public String text() {
            return kind() + ": " + why;
        }

        @Override
        public String kind() {
            return channel.wireName() + "-lost";
        }
    }
}
