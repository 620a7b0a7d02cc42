package org.massaged.controller.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.massaged.device.profile.GpioTransport;

/**
 * The chair's inputs on the Pi's pins: each contact with its {@link Debouncer} (times from the profile), and the
 * tachometer's pulses counted over {@link #TACH_WINDOW}. Pi4J's listener threads report every edge to the
 * {@link Edges} given at open; {@link GpioDevice#housekeeping()} samples them too, so a missed edge is caught.
 */
final class GpioInputs {
    /** Window over which tachometer pulses are averaged. */
    static final Duration TACH_WINDOW = Duration.ofSeconds(1);

    /** Where the raw level of an input goes, from an edge or a sample. */
    interface Edges {
        void raw(InputChannel channel, boolean pressed, long nowNanos);
    }

    private final Map<InputRole, InputChannel> channels;
    private final Optional<TachCounter> tach;

    private GpioInputs(Map<InputRole, InputChannel> channels, Optional<TachCounter> tach) {
        this.channels = channels;
        this.tach = tach;
    }

    static GpioInputs none() {
        return new GpioInputs(Map.of(), Optional.empty());
    }

    /** Opens every input the transport names; each Pi4J id goes into {@code ioIds}, for release. */
    static GpioInputs open(Context context, GpioTransport.Inputs lines, LongSupplier clock, Edges edges,
            List<String> ioIds) {
        long now = clock.getAsLong();
        Map<InputRole, InputChannel> channels = new EnumMap<>(InputRole.class);
        List<ContactInput> contacts = new java.util.ArrayList<>();
        contacts.add(new ContactInput(InputRole.EMERGENCY_STOP, lines.emergencyStop()));
        lines.startStop().ifPresent(line -> contacts.add(new ContactInput(InputRole.START_STOP, line)));
        lines.intensityUp().ifPresent(line -> contacts.add(new ContactInput(InputRole.INTENSITY_UP, line)));
        lines.intensityDown().ifPresent(line -> contacts.add(new ContactInput(InputRole.INTENSITY_DOWN, line)));
        lines.tooMuch().ifPresent(line -> contacts.add(new ContactInput(InputRole.TOO_MUCH, line)));
        lines.occupancy().ifPresent(line -> contacts.add(new ContactInput(InputRole.OCCUPANCY, line)));
        for (ContactInput contact : contacts) {
            channels.put(contact.role(), openContact(context, contact, clock, edges, ioIds, now));
        }
        Optional<TachCounter> tach = lines.tachometer().map(line -> openTachometer(context, line, clock, ioIds));
        return new GpioInputs(channels, tach);
    }

    private static InputChannel openContact(Context context, ContactInput contact, LongSupplier clock, Edges edges,
            List<String> ioIds, long now) {
        String id = GpioIds.input(contact.role());
        // Pi4J's own debounce is off (0): debouncing happens in one place, the Debouncer, and the emergency
        // stop must not wait for it at all.
        DigitalInput io = context.create(DigitalInput.newConfigBuilder(context)
                .id(id).name(contact.role().wireName()).address(contact.line().line())
                .pull(contact.pi4jPull()).debounce(0L, TimeUnit.MICROSECONDS));
        ioIds.add(id);
        InputChannel channel = new InputChannel(contact,
                io, new Debouncer(contact.debounce().toNanos(), contact.pressed(io.state()), now));
        io.addListener(event -> edges.raw(channel, contact.pressed(event.state()), clock.getAsLong()));
        return channel;
    }

    private static TachCounter openTachometer(Context context, GpioTransport.Tachometer tachometer,
            LongSupplier clock, List<String> ioIds) {
        TachCounter counter = new TachCounter(tachometer.pulsesPerRevolution(), TACH_WINDOW.toNanos());
        DigitalInput io = context.create(DigitalInput.newConfigBuilder(context)
                .id(GpioIds.TACHOMETER).name("tachometer").address(tachometer.line())
                .pull(PullResistance.PULL_UP).debounce(0L, TimeUnit.MICROSECONDS));
        ioIds.add(GpioIds.TACHOMETER);
        io.addListener(event -> {
            if (event.state() == DigitalState.HIGH) {
                counter.pulse(clock.getAsLong());
            }
        });
        return counter;
    }

    Collection<InputChannel> channels() {
        return channels.values();
    }

    /** Whether the emergency-stop circuit is open, raw or accepted. */
    boolean emergencyStopOpen() {
        InputChannel channel = channels.get(InputRole.EMERGENCY_STOP);
        return channel != null && (channel.debouncer.raw() || channel.debouncer.accepted());
    }

    /** Whether the emergency-stop circuit reads open right now, before any debounce. */
    boolean emergencyStopOpenRaw() {
        InputChannel channel = channels.get(InputRole.EMERGENCY_STOP);
        return channel != null && channel.debouncer.raw();
    }

    /** The seat sensor's debounced state, when the chair has one. */
    Optional<Boolean> occupied() {
        InputChannel occupancy = channels.get(InputRole.OCCUPANCY);
        return occupancy == null ? Optional.empty() : Optional.of(occupancy.debouncer.accepted());
    }

    /** The motor's speed over the last window, when the chair has a tachometer. */
    Optional<Double> rpm(long nowNanos) {
        return tach.map(counter -> counter.rpm(nowNanos));
    }
}
