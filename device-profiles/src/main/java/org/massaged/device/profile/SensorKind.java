package org.massaged.device.profile;

public enum SensorKind { TEMPERATURE, MOTOR_CURRENT, TACHOMETER, OCCUPANCY }
