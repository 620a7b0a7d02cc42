package org.massaged.controller.hardware.serial;

import org.massaged.controller.hardware.DeviceEvent;

/** Where {@link HostLink}'s output goes: the line, the control thread, and the owner of the connection. */
public interface LinkPort {
    /** Writes one encoded frame to the line; thread-safe, since the emergency path writes from any thread. */
    void write(byte[] frame);

    /** Reports to the control thread. */
    void post(DeviceEvent event);

    /** The connection came up, was refused, or was lost; for the last two the owner closes it. */
    void decided(LinkVerdict verdict);
}
