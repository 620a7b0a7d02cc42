package org.massaged.controller.hardware.gpio;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *   <li>The parts: {@link OutputGuard} (kick start, lease, emergency-stop latch; every output write under its
 *       lock), {@link GpioInputs} (contacts, debounce, tachometer), {@link GpioChecks} (what the profile must
 *       be); this class opens and closes them and turns inputs into events.</li>
 *   <li>Threads: {@link #apply}, {@link #open} and {@link #close} run on the control thread; housekeeping and
 *       Pi4J's listeners read the volatile fields below; {@link #emergencyStop} may come from any thread and
 *       only counts up an atomic and cuts under the output lock.</li>
 * </ul>
 */
public final class GpioDevice implements Device {

    public static final Duration HOUSEKEEPING_PERIOD = Duration.ofMillis(2);

    static final Logger LOG = LoggerFactory.getLogger(GpioDevice.class);

    private final DeviceProfile profile;
    private final ContextSource contexts;
    private final LongSupplier nanoTime;
    private final Housekeeping housekeeping;
    private final OutputGuard outputs = new OutputGuard(this::writeFailed);
    private final AtomicBoolean emergencyPosted = new AtomicBoolean();

    private volatile DeviceEvents events = event -> { };

    // Written by open/close on the control thread; read by the housekeeping and listener threads while open.
    private volatile Context context;
    private volatile GpioInputs inputs = GpioInputs.none();
    private volatile GpioTransport transport;
    private volatile Zone zone;
    private volatile boolean zoneDrivable;
    // Confined to the control thread (open, close).
    private final List<String> ioIds = new ArrayList<>();
    private boolean open;

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
        transport = GpioChecks.gpioTransport(profile);
        zone = GpioChecks.drivenZone(profile);
        zoneDrivable = profile.drivableZones().contains(zone);
        GpioChecks.checkEmergencyStopFailsSafe(transport.inputs().emergencyStop());
        Context acquired = contexts.acquire();
        context = acquired;
        emergencyPosted.set(false);
        try {
            Actuator actuator = zone.actuator();
            outputs.open(Outputs.open(acquired, transport, actuator.steps(), actuator.shutdownValue()),
                    actuator.kickStart().map(k -> new KickStarter(Math.min(k.steps(), actuator.steps()),
                            k.duration().toNanos())).orElse(KickStarter.none()));
            ioIds.addAll(transport.heater().isPresent()
                    ? List.of(GpioIds.ENABLE, GpioIds.PWM, GpioIds.HEATER) : List.of(GpioIds.ENABLE, GpioIds.PWM));
            this.events = events;
            inputs = GpioInputs.open(acquired, transport.inputs(), nanoTime, this::onRaw, ioIds);
        } catch (RuntimeException e) {
            releaseAll();
            throw new DeviceException("Could not open the GPIO lines of " + profile.id() + ": " + e.getMessage()
                    + ". Check the PWM overlay, the 'gpio' group and the line numbers (docs/wiring.md).", e);
        }
        open = true;
        housekeeping.start(this::housekeepingSafely);
        events.post(new DeviceEvent.LinkUp(GpioChecks.describe(transport)));
        if (inputs.emergencyStopOpenRaw()) {
            tripEmergencyStop("the emergency-stop circuit is open at start-up");
        }
    }

    @Override
    public void apply(Setpoints setpoints) {
        // Read before anything else: an emergency stop from another thread after this point keeps the latch.
        long stopsSeen = outputs.stopsSoFar();
        Zone driven = zone;
        if (driven == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        Actuator actuator = driven.actuator();
        int requested = zoneDrivable ? clamp(setpoints.zoneSteps().getOrDefault(driven.id(), 0), actuator) : 0;
        outputs.apply(requested, setpoints.heaterOn(), setpoints.allOff(), leaseNanos(setpoints, actuator), stopsSeen,
                        inputs.emergencyStopOpen(), now)
                .ifPresent(output -> events.post(new DeviceEvent.Status(readings(output, now))));
    }

    @Override
    public void emergencyStop() {
        outputs.emergencyStop();
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        housekeeping.stop();
        outputs.close();
        releaseAll();
    }

    /**
     * One pass of the adapter's own work: sample every input (a missed edge is caught here), settle the
     * debouncers and act on accepted changes, and cut outputs whose lease ran out. Runs on the housekeeping
     * thread; tests call it directly in virtual time.
     */
    public void housekeeping() {
        long now = nanoTime.getAsLong();
        for (InputChannel channel : inputs.channels()) {
            onRaw(channel, channel.readPressed(), now);
            channel.debouncer.settle(now).ifPresent(pressed -> onAccepted(channel, pressed));
        }
        if (outputs.leaseExpired(now)) {
            events.post(new DeviceEvent.Fault("lease-expired",
                    "The control thread stopped renewing the outputs; the motor and heater were cut."));
        }
    }

    private void housekeepingSafely() {
        try {
            housekeeping();
        } catch (RuntimeException e) {
            LOG.error("GPIO housekeeping failed; cutting outputs", e);
            emergencyStop();
            events.post(new DeviceEvent.Fault("gpio-housekeeping", "Reading the chair's inputs failed: " + e.getMessage()));
        }
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
                LOG.info("Emergency-stop circuit closed again; the latch clears only by a deliberate reset");
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
            LOG.warn("Ignoring {}: it has not been seen released since start-up (stuck or held)", channel.role().wireName());
        }
    }

    private void tripEmergencyStop(String why) {
        emergencyStop();
        if (emergencyPosted.compareAndSet(false, true)) {
            LOG.warn("Emergency stop: {}", why);
            events.post(new DeviceEvent.LocalInput(new Command.EmergencyStop(Origin.LOCAL_INPUT)));
        }
    }

    private void writeFailed(RuntimeException e) {
        LOG.error("Could not write every output off", e);
        events.post(new DeviceEvent.Fault("gpio-write-failed", "Switching the outputs off failed: " + e.getMessage()));
    }

    private Readings readings(OutputGuard.Driven output, long now) {
        Map<String, Double> rpm = inputs.rpm(now).map(value -> Map.of(zone.id(), value)).orElse(Map.of());
        return new Readings(Map.of(zone.id(), output.steps()), rpm, Map.of(), Map.of(), inputs.occupied(),
                output.heaterOn());
    }

    private void releaseAll() {
        housekeeping.stop();
        outputs.close();
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
                    LOG.warn("Could not release GPIO {}", id, e);
                }
            }
            contexts.release(acquired);
        }
        ioIds.clear();
        inputs = GpioInputs.none();
        context = null;
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
}
