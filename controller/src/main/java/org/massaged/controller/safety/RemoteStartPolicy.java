package org.massaged.controller.safety;

/** Whether a session may be started from a remote input (MQTT). Local inputs are never restricted. */
public enum RemoteStartPolicy { ALLOWED, REQUIRE_OCCUPANCY, DISABLED }
