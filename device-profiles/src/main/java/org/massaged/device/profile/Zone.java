package org.massaged.device.profile;

/** A body area the device can work on. Zones flagged {@code overSpine} are never driven (S8). */
public record Zone(String id, String name, boolean overSpine, Actuator actuator) {}
