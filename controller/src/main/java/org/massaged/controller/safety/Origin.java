package org.massaged.controller.safety;

import java.util.Locale;

/** Where a command came from. Local inputs win over remote ones: a local stop beats a remote start. */
public enum Origin {
    /** A physical input on the device: button, emergency-stop wire. */
    LOCAL_INPUT,
    /** The command line on the same machine, over the local-only channel. */
    CLI,
    /**
     * The web dashboard (docs/dashboard.md): the local channel's commands sent from the daemon's own page. Not remote:
     * like the command line it is the person at the chair, on loopback unless configured with a token.
     */
    WEB,
    /** The MQTT broker (Home Assistant, dashboards). */
    MQTT,
    /** The daemon itself (shutdown, link loss). */
    SYSTEM;

    public boolean isRemote() {
        return this == MQTT;
    }

    /** The one spelling everywhere it is written: {@code local-input}, {@code cli}, {@code web},
     * {@code mqtt}, {@code system}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
