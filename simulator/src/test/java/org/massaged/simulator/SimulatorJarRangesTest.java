package org.massaged.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.massaged.simulator.mcu.SimulatorMain;
import picocli.CommandLine;

/** The simulator jar's own numbers state their range, and a value outside it is a wrong command line. */
class SimulatorJarRangesTest {

    @Test
    void theDemosSpeedIsFromOneToSixty() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Demo(new PrintWriter(new StringWriter()))).setErr(new PrintWriter(err, true))
                .execute("--speed", "61");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--speed must be from 1 to 60, got 61.0");
    }

    @Test
    void theSimulatorsPortsAreTcpPorts() {
        StringWriter err = new StringWriter();
        int code = SimulatorMain.execute(new String[] {"--profile", "body-massager-serial", "--tcp", "70000"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--tcp must be from 0 to 65535", "got 70000");
    }
}
