package org.massaged.controller.safety;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One control of the device's surface, declared once in {@link Controls}: the MQTT parser, Home Assistant
 * discovery, the local socket, the command line and the state document are all driven from these entries.
 *
 * @param name        the one name on every channel: the MQTT field and {@code set/<name>} topic, the socket's
 *                    {@code command}, the CLI command ({@code _} written {@code -})
 * @param label       the name people read (Home Assistant's entity name)
 * @param icon        Home Assistant's icon, when the control has one
 * @param description whole sentences for help texts, the first one a summary
 * @param value       what a setting's value is, for help texts ({@link Value#NONE} for an action)
 * @param phases      the phases in which the engine accepts it (for a setting: with a value in its range)
 * @param command     the command it becomes
 * @param maker       builds that command from the control's value ({@code null} for an action)
 * @param bounds      its range, options or presence, from the engine's limits
 * @param access      what each channel may do with it
 * @param shownAs     the state document's field that shows its value, for the controls that have one
 */
public record Control(String name, Kind kind, String label, Optional<String> icon, String description,
                      Value value, Set<Phase> phases, Class<? extends Command> command, Maker maker,
                      Function<Limits, Bounds> bounds, Map<Channel, Access> access, Optional<String> shownAs) {

    /** What kind of value a control takes: none (a press), a whole number, one of a list, on or off. */
    public enum Kind {
        ACTION(Void.class), NUMBER(Integer.class), SELECT(String.class), SWITCH(Boolean.class);

        private final Class<?> valueType;

        Kind(Class<?> valueType) {
            this.valueType = valueType;
        }

        public Class<?> valueType() {
            return valueType;
        }
    }

    /** The channels a person or a program reaches the daemon by. */
    public enum Channel { HOME_ASSISTANT, MQTT, SOCKET, CLI }

    public enum Access {
        READ, WRITE, READ_WRITE;

        public boolean writes() {
            return this != READ;
        }
    }

    /**
     * A setting's value as help texts name it.
     *
     * @param label what a usage line calls it ({@code LEVEL}, {@code on|off})
     * @param help  what it takes, a phrase that ends no sentence ("whole minutes, from 1")
     */
    public record Value(String label, String help) {
        public static final Value NONE = new Value("", "");
    }

    @FunctionalInterface
    public interface Maker {
        Command make(Origin origin, Object value);
    }

    /**
     * @param available whether the device has what the control needs (no heat switch without a heater)
     * @param min       the lowest value of a number
     * @param max       the highest value of a number
     * @param unit      the unit of a number, when it has one
     * @param options   the choices of a select
     */
    public record Bounds(boolean available, int min, int max, Optional<String> unit, List<String> options) {
        public Bounds {
            options = List.copyOf(options);
        }

        public static Bounds present() {
            return new Bounds(true, 0, 0, Optional.empty(), List.of());
        }

        public static Bounds when(boolean available) {
            return new Bounds(available, 0, 0, Optional.empty(), List.of());
        }

        public static Bounds range(int min, int max, Optional<String> unit) {
            return new Bounds(true, min, max, unit, List.of());
        }

        public static Bounds options(List<String> options) {
            return new Bounds(true, 0, 0, Optional.empty(), options);
        }
    }

    public Control {
        phases = Set.copyOf(phases);
        access = Map.copyOf(access);
    }

    /** The command this control's {@code value} asks for, from {@code origin}; the value's type goes by the kind. */
    public Command command(Origin origin, Object value) {
        if (kind == Kind.ACTION ? value != null : !kind.valueType().isInstance(value)) {
            throw new IllegalArgumentException(name + " takes " + (kind == Kind.ACTION ? "no value"
                    : "a " + kind.valueType().getSimpleName()) + ", got " + value);
        }
        return maker.make(origin, value);
    }

    public boolean isSetting() {
        return kind != Kind.ACTION;
    }

    public Access access(Channel channel) {
        return access.getOrDefault(channel, Access.READ);
    }

    /** Whether {@code channel} lets its users set or press this control. */
    public boolean writableOn(Channel channel) {
        return access(channel).writes();
    }

    /** Whether {@code channel} offers this control on a device with these limits. */
    public boolean offeredOn(Channel channel, Limits limits) {
        return writableOn(channel) && bounds.apply(limits).available();
    }

    /** The command-line name: {@code emergency_stop} is {@code emergency-stop}. */
    public String cliName() {
        return name.replace('_', '-');
    }
}
