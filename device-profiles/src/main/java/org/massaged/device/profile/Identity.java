package org.massaged.device.profile;

import java.util.OptionalInt;

/**
 * How a device is recognised: USB VID/PID for serial devices, the board id its firmware reports in the
 * identify handshake, and the wire protocol major version it must speak.
 */
public record Identity(OptionalInt usbVendorId, OptionalInt usbProductId, String firmwareBoard, int protocolMajor) {}
