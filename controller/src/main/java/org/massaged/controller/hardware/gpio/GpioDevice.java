package org.massaged.controller.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.Zone;
import org.massaged.device.protocol.KickStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a massager straight from the Raspberry Pi's pins, configured entirely by the profile's
 * {@link GpioTransport}: hardware PWM into the motor driver, a motor-enable line, an optional heater relay, and
 * the chair's inputs.
 *
 * <ul>
 *   <li>Outputs go to their shutdown values first thing on open and on close; the motor enable drops first on
 *       every stop.</li>
 *   <li>The normally-closed emergency-stop input cuts every output on the very edge that opens it (no
 *       debounce on that way), latches, and posts {@code LocalInput(EmergencyStop)}. Outputs stay cut while the
 *       wire is open, and until the control thread has sent all-off setpoints after it closed again.</li>
 *   <li>Buttons are debounced (one {@link Debouncer} per input, times from the profile) and posted as
 *       {@code LocalInput} commands; a button counts only after it was seen released since open.</li>
 *   <li>The tachometer's pulses are reported as {@link Readings#zoneRpm()}, honestly, for the engine's output
 *       verification; this adapter never judges them.</li>
 *   <li>Non-zero outputs are leased: when the control thread stops renewing them, housekeeping cuts them.</li>
 *   <li>This adapter is the "board" of a GPIO profile: it applies the actuator's {@code kickStart} exactly as the
 *       microcontroller does on the serial path ({@link KickStarter}, docs/protocol.md §5.4).</li>
 *   <li>Threads: {@link #apply}, {@link #open} and {@link #close} run on the control thread; housekeeping and
 *       Pi4J's listeners read the volatile fields below; {@link #emergencyStop} may come from any thread and
 *       only counts up an atomic and cuts under {@code outputLock}.</li>
 * </ul>
 */
public final class GpioDevice implements Device {

    /** Window over which tachometer pulses are averaged. */
    public static final Duration TACH_WINDOW = Duration.ofSeconds(1);
    public static final Duration HOUSEKEEPING_PERIOD = Duration.ofMillis(2);

    private static final Logger log = LoggerFactory.getLogger(GpioDevice.class);
    private static final long NO_LEASE = Long.MAX_VALUE;

    private final DeviceProfile profile;
    private final ContextSource contexts;
    private final LongSupplier nanoTime;
    private final Housekeeping housekeeping;
    private final Object outputLock = new Object();
    private final AtomicBoolean emergencyPosted = new AtomicBoolean();
    /** Every emergency stop counts one up, from any thread; outputs stay cut until an all-off apply saw it. */
    private final AtomicLong emergencyStops = new AtomicLong();

    private volatile DeviceEvents events = event -> { };

    // Written by open/close on the control thread; read by the housekeeping and listener threads while open.
    private volatile Context context;
    private volatile Outputs outputs;
    private volatile Map<InputRole, InputChannel> inputs = Map.of();
    private volatile Optional<TachCounter> tach = Optional.empty();
    private volatile GpioTransport transport;
    private volatile Zone zone;
    private volatile boolean zoneDrivable;
    // Confined to the control thread (open, close).
    private final List<String> ioIds = new ArrayList<>();
    private boolean open;

    // Guarded by outputLock.
    private long leaseDeadline = NO_LEASE;
    private long rearmedAfter;
    private KickStarter kick = KickStarter.none();

    public GpioDevice(DeviceProfile profile, ContextSource contexts, LongSupplier nanoTime, Housekeeping housekeeping) {
        this.profile = profile;
        this.contexts = contexts;
        this.nanoTime = nanoTime;
        this.housekeeping = housekeeping;
    }

    /** The adapter for a real Raspberry Pi: sysfs PWM and the GPIO character device, the system clock. */
    public static GpioDevice forHardware(DeviceProfile profile) {
        if (!(profile.transport() instanceof GpioTransport gpio)) {
            throw new IllegalArgumentException("Profile " + profile.id() + " does not use the gpio transport");
        }
        return new GpioDevice(profile, new HardwareContexts(gpio.pwm()), System::nanoTime,
                Housekeeping.every(HOUSEKEEPING_PERIOD));
    }

    @Override
    public void open(DeviceEvents events) throws DeviceException {
        if (open) {
            throw new DeviceException("The GPIO device for " + profile.id() + " is already open");
        }
        transport = gpioTransport(profile);
        zone = drivenZone(profile);
        zoneDrivable = profile.drivableZones().contains(zone);
        checkEmergencyStopFailsSafe(transport.inputs().emergencyStop());
        Context acquired = contexts.acquire();
        context = acquired;
        emergencyPosted.set(false);
        try {
            Actuator actuator = zone.actuator();
            synchronized (outputLock) {
                outputs = Outputs.open(acquired, transport, actuator.steps(), actuator.shutdownValue());
                leaseDeadline = NO_LEASE;
                rearmedAfter = emergencyStops.get();
                kick = actuator.kickStart().map(k -> new KickStarter(Math.min(k.steps(), actuator.steps()),
                        k.duration().toNanos())).orElse(KickStarter.none());
            }
            ioIds.addAll(transport.heater().isPresent()
                    ? List.of(GpioIds.ENABLE, GpioIds.PWM, GpioIds.HEATER) : List.of(GpioIds.ENABLE, GpioIds.PWM));
            this.events = events;
            openInputs(acquired);
        } catch (RuntimeException e) {
            releaseAll();
            throw new DeviceException("Could not open the GPIO lines of " + profile.id() + ": " + e.getMessage()
                    + ". Check the PWM overlay, the 'gpio' group and the line numbers (docs/wiring.md).", e);
        }
        open = true;
        housekeeping.start(this::housekeepingSafely);
        events.post(new DeviceEvent.LinkUp(describe()));
        if (inputs.get(InputRole.EMERGENCY_STOP).debouncer.raw()) {
            tripEmergencyStop("the emergency-stop circuit is open at start-up");
        }
    }

    @Override
    public void apply(Setpoints setpoints) {
        // Read before anything else: an emergency stop from another thread after this point keeps the latch.
        long stopsSeen = emergencyStops.get();
        Outputs out = outputs;
        if (out == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        Actuator actuator = zone.actuator();
        int requested = zoneDrivable ? clamp(setpoints.zoneSteps().getOrDefault(zone.id(), 0), actuator) : 0;
        Readings readings;
        synchronized (outputLock) {
            if (setpoints.allOff() && !emergencyStopPressed() && rearmedAfter != stopsSeen) {
                rearmedAfter = stopsSeen;
                log.info("Emergency-stop latch re-armed: the circuit is closed and the session is off");
            }
            if (rearmedAfter != emergencyStops.get() || emergencyStopPressed()) {
                cutUnderLock(out);
            } else {
                int value = kick.drive(requested, now);
                out.motor(value);
                out.heater(setpoints.heaterOn());
                leaseDeadline = value > 0 || out.heaterOn() ? now + leaseNanos(setpoints, actuator) : NO_LEASE;
            }
            readings = readings(out, now);
        }
        events.post(new DeviceEvent.Status(readings));
    }

    @Override
    public void emergencyStop() {
        emergencyStops.incrementAndGet();
        Outputs out = outputs;
        if (out == null) {
            return;
        }
        synchronized (outputLock) {
            cutUnderLock(out);
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        housekeeping.stop();
        Outputs out = outputs;
        if (out != null) {
            synchronized (outputLock) {
                cutUnderLock(out);
            }
        }
        releaseAll();
    }

    /**
     * One pass of the adapter's own work: sample every input (a missed edge is caught here), settle the
     * debouncers and act on accepted changes, and cut outputs whose lease ran out. Runs on the housekeeping
     * thread; tests call it directly in virtual time.
     */
    public void housekeeping() {
        long now = nanoTime.getAsLong();
        for (InputChannel channel : inputs.values()) {
            onRaw(channel, channel.readPressed(), now);
            channel.debouncer.settle(now).ifPresent(pressed -> onAccepted(channel, pressed));
        }
        checkLease(now);
    }

    private void housekeepingSafely() {
        try {
            housekeeping();
        } catch (RuntimeException e) {
            log.error("GPIO housekeeping failed; cutting outputs", e);
            emergencyStop();
            events.post(new DeviceEvent.Fault("gpio-housekeeping", "Reading the chair's inputs failed: " + e.getMessage()));
        }
    }

    private void openInputs(Context acquired) {
        long now = nanoTime.getAsLong();
        GpioTransport.Inputs lines = transport.inputs();
        Map<InputRole, InputChannel> channels = new EnumMap<>(InputRole.class);
        addInput(acquired, channels, new ContactInput(InputRole.EMERGENCY_STOP, lines.emergencyStop()), now);
        lines.startStop().ifPresent(line -> addInput(acquired, channels, new ContactInput(InputRole.START_STOP, line), now));
        lines.intensityUp().ifPresent(line -> addInput(acquired, channels, new ContactInput(InputRole.INTENSITY_UP, line), now));
        lines.intensityDown().ifPresent(line -> addInput(acquired, channels, new ContactInput(InputRole.INTENSITY_DOWN, line), now));
        lines.tooMuch().ifPresent(line -> addInput(acquired, channels, new ContactInput(InputRole.TOO_MUCH, line), now));
        lines.occupancy().ifPresent(line -> addInput(acquired, channels, new ContactInput(InputRole.OCCUPANCY, line), now));
        inputs = channels;
        lines.tachometer().ifPresent(tachometer -> openTachometer(acquired, tachometer));
    }

    private void addInput(Context acquired, Map<InputRole, InputChannel> channels, ContactInput contact, long now) {
        String id = GpioIds.input(contact.role());
        // Pi4J's own debounce is off (0): debouncing happens in one place, the Debouncer, and the emergency
        // stop must not wait for it at all.
        DigitalInput io = acquired.create(DigitalInput.newConfigBuilder(acquired)
                .id(id).name(contact.role().wireName()).address(contact.line().line())
                .pull(contact.pi4jPull()).debounce(0L, TimeUnit.MICROSECONDS));
        ioIds.add(id);
        InputChannel channel = new InputChannel(contact,
                io, new Debouncer(contact.debounce().toNanos(), contact.pressed(io.state()), now));
        io.addListener(event -> onRaw(channel, contact.pressed(event.state()), nanoTime.getAsLong()));
        channels.put(contact.role(), channel);
    }

    private void openTachometer(Context acquired, GpioTransport.Tachometer tachometer) {
        TachCounter counter = new TachCounter(tachometer.pulsesPerRevolution(), TACH_WINDOW.toNanos());
        DigitalInput io = acquired.create(DigitalInput.newConfigBuilder(acquired)
                .id(GpioIds.TACHOMETER).name("tachometer").address(tachometer.line())
                .pull(PullResistance.PULL_UP).debounce(0L, TimeUnit.MICROSECONDS));
        ioIds.add(GpioIds.TACHOMETER);
        io.addListener(event -> {
            if (event.state() == DigitalState.HIGH) {
                counter.pulse(nanoTime.getAsLong());
            }
        });
        tach = Optional.of(counter);
    }

    /** Every raw level, from an edge or a sample. The emergency stop acts here, before any debounce. */
    private void onRaw(InputChannel channel, boolean pressed, long now) {
        if (pressed && channel.role() == InputRole.EMERGENCY_STOP) {
            channel.debouncer.acceptAtOnce(true, now);
            tripEmergencyStop("the emergency-stop circuit opened");
        } else {
            channel.debouncer.raw(pressed, now);
        }
    }

    private void onAccepted(InputChannel channel, boolean pressed) {
        if (channel.role() == InputRole.EMERGENCY_STOP) {
            if (!pressed) {
                emergencyPosted.set(false);
                log.info("Emergency-stop circuit closed again; the latch clears only by a deliberate reset");
            }
            return;
        }
        if (!channel.role().isButton()) {
            return;
        }
        boolean wasArmed = channel.armed();
        if (channel.countsAsPress(pressed)) {
            LocalButtons.onPress(channel.role())
                    .ifPresent(command -> events.post(new DeviceEvent.LocalInput(command)));
        } else if (pressed && !wasArmed) {
            log.warn("Ignoring {}: it has not been seen released since start-up (stuck or held)", channel.role().wireName());
        }
    }

    private void tripEmergencyStop(String why) {
        emergencyStop();
        if (emergencyPosted.compareAndSet(false, true)) {
            log.warn("Emergency stop: {}", why);
            events.post(new DeviceEvent.LocalInput(new Command.EmergencyStop(Origin.LOCAL_INPUT)));
        }
    }

    private void checkLease(long now) {
        Outputs out = outputs;
        if (out == null) {
            return;
        }
        boolean expired;
        synchronized (outputLock) {
            expired = now - leaseDeadline > 0 && leaseDeadline != NO_LEASE;
            if (expired) {
                cutUnderLock(out);
            }
        }
        if (expired) {
            events.post(new DeviceEvent.Fault("lease-expired",
                    "The control thread stopped renewing the outputs; the motor and heater were cut."));
        }
    }

    private void cutUnderLock(Outputs out) {
        leaseDeadline = NO_LEASE;
        kick.drive(0, 0);
        try {
            out.allOff();
        } catch (RuntimeException e) {
            log.error("Could not write every output off", e);
            events.post(new DeviceEvent.Fault("gpio-write-failed", "Switching the outputs off failed: " + e.getMessage()));
        }
    }

    private boolean emergencyStopPressed() {
        InputChannel channel = inputs.get(InputRole.EMERGENCY_STOP);
        return channel != null && (channel.debouncer.raw() || channel.debouncer.accepted());
    }

    private Readings readings(Outputs out, long now) {
        int driven = out.drivenSteps();
        Map<String, Double> rpm = tach.map(counter -> Map.of(zone.id(), counter.rpm(now))).orElse(Map.of());
        InputChannel occupancy = inputs.get(InputRole.OCCUPANCY);
        Optional<Boolean> occupied = occupancy == null ? Optional.empty() : Optional.of(occupancy.debouncer.accepted());
        return new Readings(Map.of(zone.id(), driven), rpm, Map.of(), Map.of(), occupied, out.heaterOn());
    }

    private void releaseAll() {
        housekeeping.stop();
        Context acquired = context;
        List<String> ids = new ArrayList<>(ioIds);
        java.util.Collections.reverse(ids);
        if (acquired != null) {
            for (String id : ids) {
                try {
                    if (acquired.registry().exists(id)) {
                        acquired.shutdown(id);
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not release GPIO {}", id, e);
                }
            }
            contexts.release(acquired);
        }
        ioIds.clear();
        inputs = Map.of();
        tach = Optional.empty();
        outputs = null;
        context = null;
    }

    private String describe() {
        GpioTransport.Pwm pwm = transport.pwm();
        return "GPIO: motor PWM chip " + pwm.chip() + " channel " + pwm.channel() + " at " + pwm.frequencyHz()
                + " Hz, enable GPIO " + transport.enable().line()
                + transport.heater().map(line -> ", heater GPIO " + line.line()).orElse("")
                + ", emergency stop GPIO " + transport.inputs().emergencyStop().line();
    }

    private static int clamp(int steps, Actuator actuator) {
        int value = Math.max(0, Math.min(steps, actuator.steps()));
        return value < actuator.offBelow() ? 0 : value;
    }

    private static long leaseNanos(Setpoints setpoints, Actuator actuator) {
        long profileLease = actuator.lease().toNanos();
        long asked = TimeUnit.MILLISECONDS.toNanos(setpoints.leaseMillis());
        return asked > 0 ? Math.min(asked, profileLease) : profileLease;
    }

    private static GpioTransport gpioTransport(DeviceProfile profile) throws DeviceException {
        if (profile.transport() instanceof GpioTransport gpio) {
            return gpio;
        }
        throw new DeviceException("Profile " + profile.id() + " does not use the gpio transport; "
                + "the GPIO adapter drives only profiles with transport: gpio");
    }

    /** The one motor's zone: the zone not over the spine. A user override may have disabled it. */
    private static Zone drivenZone(DeviceProfile profile) throws DeviceException {
        List<Zone> motors = profile.zones().stream().filter(zone -> !zone.overSpine()).toList();
        if (motors.size() != 1) {
            throw new DeviceException("Profile " + profile.id() + " has " + motors.size()
                    + " drivable zones; a GPIO board drives exactly one motor (one PWM and one enable line)");
        }
        return motors.get(0);
    }

    private static void checkEmergencyStopFailsSafe(GpioTransport.InputLine line) throws DeviceException {
        ContactInput contact = new ContactInput(InputRole.EMERGENCY_STOP, line);
        if (!line.normallyClosed()) {
            throw new DeviceException("The emergency stop on GPIO " + line.line() + " must be wired normally-closed "
                    + "(normallyClosed: true), so that a cut wire stops the massager");
        }
        if (!contact.openCircuitReadsOpen()) {
            throw new DeviceException("The emergency stop on GPIO " + line.line() + " has pull " + line.pull()
                    + " with activeHigh " + line.activeHigh() + ": a cut wire would read as a closed circuit. Use "
                    + "pull: UP with activeHigh: false (contacts to GND) or pull: DOWN with activeHigh: true");
        }
    }
}
