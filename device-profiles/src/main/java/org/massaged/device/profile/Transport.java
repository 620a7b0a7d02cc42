package org.massaged.device.profile;

/** How the host reaches the device's actuators. */
public sealed interface Transport permits SerialTransport, GpioTransport {}
