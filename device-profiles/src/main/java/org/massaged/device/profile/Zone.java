package org.massaged.device.profile;

/**
 * A body area the device can work on. Zones flagged {@code overSpine} are never driven (S8); zones a
 * user override disabled are never driven either. Use {@link #drivable()} (or
 * {@link DeviceProfile#drivableZones()}) to decide, never {@code overSpine} alone.
 *
 * @param side     which side of the back the zone works: programs address zones by side ({@code left},
 *                 {@code right}, {@code both}) so that one program fits every device
 * @param disabled set by a user override: the zone exists (its motor is held at its shutdown value) but is
 *                 never driven
 */
public record Zone(String id, String name, boolean overSpine, Actuator actuator, Side side, boolean disabled) {

    public enum Side { LEFT, RIGHT, BOTH }

    /** A zone that works both sides of the back, enabled. */
    public Zone(String id, String name, boolean overSpine, Actuator actuator) {
        this(id, name, overSpine, actuator, Side.BOTH, false);
    }

    public boolean drivable() {
        return !overSpine && !disabled;
    }

    public Zone withDisabled(boolean disabledNow) {
        return new Zone(id, name, overSpine, actuator, side, disabledNow);
    }

    public Zone withActuator(Actuator narrowed) {
        return new Zone(id, name, overSpine, narrowed, side, disabled);
    }
}
