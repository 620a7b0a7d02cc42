package org.massaged.controller.hardware.gpio;

import com.pi4j.context.Context;
import org.massaged.controller.hardware.DeviceException;

/**
 * Where the adapter gets its Pi4J context: the Raspberry Pi's own providers ({@link HardwareContexts}), or
 * the virtual board's mock platform. The source decides who owns the context's life.
 */
public interface ContextSource {

    /** A context whose default PWM, digital input and digital output providers are the ones to use. */
    Context acquire() throws DeviceException;

    /** The adapter is done with the context (its own IOs are already shut down). */
    void release(Context context);
}
