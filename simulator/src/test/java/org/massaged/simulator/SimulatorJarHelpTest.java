package org.massaged.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.cli.HelpTexts;
import org.massaged.simulator.mcu.SimulatorMain;
import picocli.CommandLine;

/** The simulator jar's help: the daemon's commands and its own two, all in whole sentences. */
class SimulatorJarHelpTest {

    @Test
    void theTopLevelHelpListsDemoAndSim() {
        StringWriter out = new StringWriter();
        CommandLine massaged = Demo.massaged(Map.of());
        massaged.setOut(new PrintWriter(out, true));

        assertThat(massaged.execute("--help")).isZero();
        assertThat(out.toString()).contains("Commands:", "  run ", "Simulator commands",
                "  demo                   Run the daemon against the simulator",
                "  sim                    Simulate the massager's motor-driver microcontroller");
    }

    @Test
    void everyHelpTextOfTheJarIsMadeOfWholeSentences() {
        assertThat(HelpTexts.problems(Demo.massaged(Map.of()))).isEmpty();
        assertThat(HelpTexts.problems(new CommandLine(new Demo(new PrintWriter(new StringWriter()))))).isEmpty();
        assertThat(HelpTexts.problems(new CommandLine(new SimulatorMain()))).isEmpty();
    }
}
