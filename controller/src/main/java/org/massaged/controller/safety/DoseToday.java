package org.massaged.controller.safety;

import java.util.Optional;
import org.massaged.device.profile.Vibration;

/**
 * The day's vibration dose as every channel shows it (docs/dose.md): the daily exposure A(8) over the same rolling 24
 * hours as the minutes budget, the limit when the local configuration sets one, and the weighting of the profile's
 * figures.
 *
 * @param a8        A(8) in m/s²: √(Σ aᵢ²·tᵢ / 8 h)
 * @param limit     the configured daily dose limit (A(8), m/s²), when there is one
 */
public record DoseToday(double a8, Optional<Double> limit, Vibration.Weighting weighting) {}
