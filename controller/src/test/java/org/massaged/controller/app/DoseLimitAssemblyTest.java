package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;

/** A daily dose limit is kept only where the profile has figures to count by; elsewhere the daemon does not start. */
class DoseLimitAssemblyTest {

    private static DaemonConfig config(String yaml) throws Exception {
        return new ConfigLoader(Map.of()).parse(Path.of("/etc/massaged/config.yaml"), yaml, Optional.empty());
    }

    @Test
    void aLimitOnAProfileWithoutFiguresIsRefusedSayingWhatToDo() throws Exception {
        DaemonConfig config = config("profile: nano-motor-driver\ndailyDoseLimit: 0.5\n");
        assertThatThrownBy(() -> new DaemonAssembler().profile(config))
                .hasMessageContaining("dailyDoseLimit is set, but profile 'nano-motor-driver' declares no vibration")
                .hasMessageContaining("remove dailyDoseLimit");
    }

    @Test
    void aLimitOnAProfileWithFiguresIsTaken() throws Exception {
        DaemonConfig config = config("profile: body-massager-serial\ndailyDoseLimit: 0.5\n");
        assertThat(new DaemonAssembler().profile(config).vibration()).isPresent();
        assertThat(new DaemonAssembler().profile(config("profile: nano-motor-driver\n")).vibration()).isEmpty();
    }
}
