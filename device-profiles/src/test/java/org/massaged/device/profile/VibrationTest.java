package org.massaged.device.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class VibrationTest {

    private final Vibration vibration = new Vibration(Vibration.Weighting.ISO_2631_1_WC, List.of(0.2, 0.5, 1.1));

    @Test
    void wholeLevelsHaveTheirDeclaredFigure() {
        assertThat(vibration.accelerationAt(1)).isEqualTo(0.2);
        assertThat(vibration.accelerationAt(3)).isEqualTo(1.1);
    }

    @Test
    void aRampingLevelIsInterpolatedFromStandstill() {
        assertThat(vibration.accelerationAt(0)).isZero();
        assertThat(vibration.accelerationAt(-1)).isZero();
        assertThat(vibration.accelerationAt(0.5)).isCloseTo(0.1, within(1e-12));
        assertThat(vibration.accelerationAt(2.5)).isCloseTo(0.8, within(1e-12));
        assertThat(vibration.accelerationAt(7)).isEqualTo(1.1);
    }

    @Test
    void theWeightingIsShownAsTheStandardWritesIt() {
        assertThat(Vibration.Weighting.ISO_2631_1_WC.shown()).isEqualTo("ISO 2631-1 Wc");
        assertThat(Vibration.Weighting.ISO_5349_1_WH.shown()).isEqualTo("ISO 5349-1 Wh");
    }
}
