package org.massaged.controller.app.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher script, run the way the package installs it: against the built jar and its lib/. */
class LauncherIT {

    @Test
    void theLauncherStartsTheCommandLineWithItsSmallFootprintFlags() throws Exception {
        Path jar = Path.of(System.getProperty("massaged.jar", "target/massaged.jar")).toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("sh", Path.of("../packaging/massaged").toAbsolutePath().toString(),
                "--version").redirectErrorStream(true);
        builder.environment().put("MASSAGED_HOME", jar.getParent().toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("MASSAGED_JAVA_OPTS", "-XX:+PrintCommandLineFlags");

        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("massaged 0.1.0-SNAPSHOT", "Java 17", "-XX:+UseSerialGC", "-XX:MaxHeapSize=50331648",
                "-XX:TieredStopAtLevel=1");
    }
}
