package org.massaged.simulator.mcu;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceEvents;

/** Collects what a device adapter posts, for assertions. */
public final class EventLog implements DeviceEvents {
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void post(DeviceEvent event) {
        events.add(event);
    }

    public List<DeviceEvent> all() {
        return List.copyOf(events);
    }

    public <T extends DeviceEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends DeviceEvent> T last(Class<T> type) {
        List<T> found = of(type);
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    public boolean has(Class<? extends DeviceEvent> type) {
        return events.stream().anyMatch(type::isInstance);
    }

    public void clear() {
        events.clear();
    }
}
