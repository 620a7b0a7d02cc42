package org.massaged.controller.hardware.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.massaged.device.profile.GpioTransport;

/**
 * A chair wired to Pi4J's mock platform, the one test double of the GPIO pins (the controller's tests and the
 * simulator's virtual board both use it): the physical level of every input line, kept from before the adapter
 * opens (a real line has a level before anyone reads it, and mock inputs come up at it rather than at Pi4J's
 * LOW), and what a meter on the output pins would show.
 *
 * <p>The daemon never loads this class: Pi4J's mock plugin is a {@code provided} dependency of the controller,
 * so it is not in the installed package; whoever uses this class brings the plugin (the simulator, the tests).
 */
public final class MockWiring {

    private final GpioTransport transport;
    private final Map<Integer, DigitalState> levels = new ConcurrentHashMap<>();
    private volatile Context context;

    /** Every contact released and the tachometer LOW, as the chair sits when nobody touches it. */
    public MockWiring(GpioTransport transport) {
        this.transport = transport;
        for (InputRole role : InputRole.values()) {
            contact(role).ifPresent(contact -> levels.put(contact.line().line(), contact.levelWhen(false)));
        }
        transport.inputs().tachometer().ifPresent(tach -> levels.put(tach.line(), DigitalState.LOW));
    }

    /** A new mock context on these wires; the pins' levels and meters follow the latest one. */
    public Context newContext() {
        WiredInputs inputs = new WiredInputs();
        Context built = Pi4J.newContextBuilder().noAutoDetect()
                .add(inputs, MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance())
                .build();
        inputs.owner = built;
        context = built;
        return built;
    }

    /** The latest context; null before {@link #newContext()}. */
    public Context context() {
        return context;
    }

    public GpioTransport transport() {
        return transport;
    }

    /** The contact wired for {@code role}, if the profile wires one. */
    public Optional<ContactInput> contact(InputRole role) {
        GpioTransport.Inputs inputs = transport.inputs();
        Optional<GpioTransport.InputLine> line = switch (role) {
            case EMERGENCY_STOP -> Optional.of(inputs.emergencyStop());
            case START_STOP -> inputs.startStop();
            case INTENSITY_UP -> inputs.intensityUp();
            case INTENSITY_DOWN -> inputs.intensityDown();
            case TOO_MUCH -> inputs.tooMuch();
            case OCCUPANCY -> inputs.occupancy();
        };
        return line.map(value -> new ContactInput(role, value));
    }

    /**
     * The contact of {@code role} pressed (closed, or for the emergency stop: its wire cut) or released.
     *
     * @throws IllegalArgumentException when the profile wires no such input
     */
    public void set(InputRole role, boolean pressed) {
        ContactInput contact = contact(role).orElseThrow(() -> new IllegalArgumentException(
                "the profile wires no " + role.wireName() + " input"));
        level(contact.line().line(), contact.levelWhen(pressed));
    }

    /** One pulse (HIGH, then LOW) on the tachometer's line. */
    public void tachometerPulse() {
        int line = transport.inputs().tachometer().orElseThrow().line();
        level(line, DigitalState.HIGH);
        level(line, DigitalState.LOW);
    }

    /** The line of {@code role} changes level but no edge event reaches any listener (a lost interrupt). */
    public void changeWithoutEdge(InputRole role, boolean pressed) {
        ContactInput contact = contact(role).orElseThrow();
        context.registry().get(GpioIds.input(role), LossyInput.class).silently(contact.levelWhen(pressed));
    }

    /** The PWM duty cycle on the motor pin, per cent (0 when the channel is off or not opened). */
    public double pwmDutyPercent() {
        return find(GpioIds.PWM, Pwm.class).map(pwm -> pwm.isOn() ? (double) pwm.getDutyCycle() : 0.0).orElse(0.0);
    }

    /** Whether the output {@code id} is opened and at the level that turns {@code line} on. */
    public boolean outputOn(String id, GpioTransport.OutputLine line) {
        DigitalState on = Outputs.level(line, true);
        return find(id, DigitalOutput.class).map(output -> output.state() == on).orElse(false);
    }

    public boolean motorEnabled() {
        return outputOn(GpioIds.ENABLE, transport.enable());
    }

    public boolean heaterOn() {
        return transport.heater().map(line -> outputOn(GpioIds.HEATER, line)).orElse(false);
    }

    /** The I/O {@code id} of the latest context, when it is opened (empty while the adapter is closing). */
    public <T extends com.pi4j.io.IO<?, ?, ?>> Optional<T> find(String id, Class<T> type) {
        Context current = context;
        try {
            return current != null && current.registry().exists(id)
                    ? Optional.of(current.registry().get(id, type)) : Optional.empty();
        } catch (RuntimeException raced) {
            return Optional.empty();
        }
    }

    private void level(int line, DigitalState level) {
        levels.put(line, level);
        Context current = context;
        if (current == null) {
            return;
        }
        current.registry().allByType(MockDigitalInput.class).values().stream()
                .filter(input -> input.address().intValue() == line)
                .forEach(input -> input.mockState(level));
    }

    /** Mock inputs that start at the level the chair's wiring gives them, not Pi4J's default LOW. */
    private final class WiredInputs extends MockDigitalInputProviderImpl {
        private volatile Context owner;

        @Override
        public DigitalInput create(DigitalInputConfig config) {
            LossyInput input = new LossyInput(this, config);
            owner.registry().add(input);
            input.mockState(levels.getOrDefault(config.address().intValue(), DigitalState.LOW));
            return input;
        }
    }

    /** A mock input whose level can change without an edge event (see {@link #changeWithoutEdge}). */
    static final class LossyInput extends MockDigitalInput {
        private volatile DigitalState silent;

        LossyInput(MockDigitalInputProviderImpl provider, DigitalInputConfig config) {
            super(provider, config);
        }

        void silently(DigitalState level) {
            silent = level;
        }

        @Override
        public DigitalState state() {
            DigitalState level = silent;
            return level != null ? level : super.state();
        }

        @Override
        public MockDigitalInput mockState(DigitalState level) {
            silent = null;
            return super.mockState(level);
        }
    }
}
