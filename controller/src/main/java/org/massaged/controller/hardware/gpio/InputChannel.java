package org.massaged.controller.hardware.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;

/**
 * One contact input with its debouncer. A button counts only once it has been seen released after the device
 * opened: a button stuck pressed (or held) at start-up never starts anything.
 */
final class InputChannel {

    final ContactInput contact;
    final DigitalInput io;
    final Debouncer debouncer;
    private volatile boolean armed;

    InputChannel(ContactInput contact, DigitalInput io, Debouncer debouncer) {
        this.contact = contact;
        this.io = io;
        this.debouncer = debouncer;
        this.armed = !debouncer.accepted();
    }

    InputRole role() {
        return contact.role();
    }

    boolean readPressed() {
        return contact.pressed(io.state());
    }

    /** Whether this accepted transition is a press that counts; a release arms the button. */
    boolean countsAsPress(boolean pressed) {
        if (!pressed) {
            armed = true;
            return false;
        }
        return armed;
    }

    boolean armed() {
        return armed;
    }
}
