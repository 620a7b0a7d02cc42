package org.massaged.controller.safety;

import java.util.Locale;

/** Where a command came from. Local inputs win over remote ones: a local stop beats a remote start. */
public enum Origin {
    /** A physical input on the device: button, emergency-stop wire. */
    LOCAL_INPUT,
    /** The command line on the same machine, over the local-only channel. */
    CLI,
    /**
     * The web dashboard listening on loopback only (docs/dashboard.md): the local channel's commands sent from the
     * daemon's own page, by someone on this machine. Not remote: like the command line it is the person at the chair.
     */
    WEB,
    /**
     * The web dashboard reachable from the network: bound to a non-loopback address (with a token), or the request
     * came through a reverse proxy. Remote, like MQTT: whoever sends it need not be at the chair.
     */
    WEB_REMOTE,
    /** The MQTT broker (Home Assistant, dashboards). */
    MQTT,
    /** The daemon itself (shutdown, link loss). */
    SYSTEM;

    /**
     * Whether the command may come from someone away from the chair: the remote start policy applies to it, and it
     * cannot clear an emergency stop latched at the device.
     */
    public boolean isRemote() {
        return this == MQTT || this == WEB_REMOTE;
    }

    /** The one spelling everywhere it is written: {@code local-input}, {@code cli}, {@code web},
     * {@code web-remote}, {@code mqtt}, {@code system}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
