package org.massaged.device.profile;

import java.time.Duration;

/**
 * A sensor and what counts as a plausible reading: a value outside [min, max], a change faster than
 * {@code maxRatePerSecond}, or a value that does not move for {@code stuckAfter} while it should, faults
 * the session (S9). For an occupancy switch min/max are 0/1 and the rate and stuck checks do not apply.
 */
public record SensorSpec(String id, SensorKind kind, String unit, double min, double max,
                         double maxRatePerSecond, Duration stuckAfter) {}
