package org.massaged.controller.hardware;

/** Where an adapter reports what it sees; implementations post to the control thread. */
@FunctionalInterface
public interface DeviceEvents {
    void post(DeviceEvent event);
}
