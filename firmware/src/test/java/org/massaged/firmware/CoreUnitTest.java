package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The firmware core's host-built C unit tests (firmware/test/), including the golden vectors of
 * docs/protocol.md section 10 encoded and decoded by the C codec.
 */
class CoreUnitTest {

    @Test
    void theCoresUnitTestsPass() throws Exception {
        Process run = new ProcessBuilder(FirmwareBuild.unitTests().toString(), FirmwareBuild.spec().toString())
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the unit tests finish").isTrue();
        System.out.print(output);
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("test_golden_mcu_messages_encode").doesNotContain("FAIL");
    }
}
