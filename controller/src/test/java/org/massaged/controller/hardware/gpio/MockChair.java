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
import java.util.concurrent.ConcurrentHashMap;
import org.massaged.device.profile.GpioTransport;

/**
 * The chair around the adapter in tests, on Pi4J's mock providers: the physical level of every input line
 * (set before the adapter opens, since a real line has a level before anyone reads it), and the outputs as a
 * meter on the pins would see them.
 */
public final class MockChair implements ContextSource {

    private final GpioTransport transport;
    private final Map<Integer, DigitalState> levels = new ConcurrentHashMap<>();
    private Context context;

    public MockChair(GpioTransport transport) {
        this.transport = transport;
        for (InputRole role : InputRole.values()) {
            contact(role).ifPresent(contact -> levels.put(contact.line().line(), contact.levelWhen(false)));
        }
        transport.inputs().tachometer().ifPresent(tach -> levels.put(tach.line(), DigitalState.LOW));
    }

    @Override
    public Context acquire() {
        context = Pi4J.newContextBuilder().noAutoDetect()
                .add(new WiredInputs(), MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance())
                .build();
        return context;
    }

    @Override
    public void release(Context released) {
        released.shutdown();
    }

    public Context context() {
        return context;
    }

    public void press(InputRole role) {
        set(role, true);
    }

    public void release(InputRole role) {
        set(role, false);
    }

    public void cutEmergencyStopWire() {
        set(InputRole.EMERGENCY_STOP, true);
    }

    public void mendEmergencyStopWire() {
        set(InputRole.EMERGENCY_STOP, false);
    }

    public void tachPulse() {
        int line = transport.inputs().tachometer().orElseThrow().line();
        level(line, DigitalState.HIGH);
        level(line, DigitalState.LOW);
    }

    public double dutyPercent() {
        Pwm pwm = context.registry().get(GpioIds.PWM, Pwm.class);
        return pwm.isOn() ? pwm.getDutyCycle() : 0;
    }

    public boolean enableOn() {
        return output(GpioIds.ENABLE).state() == Outputs.level(transport.enable(), true);
    }

    public boolean heaterOn() {
        return output(GpioIds.HEATER).state() == Outputs.level(transport.heater().orElseThrow(), true);
    }

    public DigitalOutput output(String id) {
        return context.registry().get(id, DigitalOutput.class);
    }

    private void set(InputRole role, boolean pressed) {
        ContactInput contact = contact(role).orElseThrow();
        level(contact.line().line(), contact.levelWhen(pressed));
    }

    private void level(int line, DigitalState level) {
        levels.put(line, level);
        if (context == null) {
            return;
        }
        context.registry().allByType(MockDigitalInput.class).values().stream()
                .filter(input -> input.address().intValue() == line)
                .forEach(input -> input.mockState(level));
    }

    private java.util.Optional<ContactInput> contact(InputRole role) {
        GpioTransport.Inputs inputs = transport.inputs();
        java.util.Optional<GpioTransport.InputLine> line = switch (role) {
            case EMERGENCY_STOP -> java.util.Optional.of(inputs.emergencyStop());
            case START_STOP -> inputs.startStop();
            case INTENSITY_UP -> inputs.intensityUp();
            case INTENSITY_DOWN -> inputs.intensityDown();
            case TOO_MUCH -> inputs.tooMuch();
            case OCCUPANCY -> inputs.occupancy();
        };
        return line.map(value -> new ContactInput(role, value));
    }

    /** The line changes level but no edge event reaches any listener (a lost interrupt). */
    public void changeWithoutEdge(InputRole role, boolean pressed) {
        ContactInput contact = contact(role).orElseThrow();
        context.registry().get(GpioIds.input(role), LossyInput.class).silently(contact.levelWhen(pressed));
    }

    /** Mock inputs that start at the level the chair's wiring gives them, not Pi4J's default LOW. */
    private final class WiredInputs extends MockDigitalInputProviderImpl {
        @Override
        public DigitalInput create(DigitalInputConfig config) {
            LossyInput input = new LossyInput(this, config);
            context.registry().add(input);
            input.mockState(levels.getOrDefault(config.address().intValue(), DigitalState.LOW));
            return input;
        }
    }

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
