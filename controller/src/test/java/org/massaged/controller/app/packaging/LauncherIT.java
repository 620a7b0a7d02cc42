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

    @Test
    void runKeepsAClassArchiveInTheCacheDirectory(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Path jar = Path.of(System.getProperty("massaged.jar", "target/massaged.jar")).toAbsolutePath();
        Path cache = java.nio.file.Files.createDirectories(directory.resolve("cache"));
        Path config = directory.resolve("config.yaml");
        java.nio.file.Files.writeString(config, "profile: body-massager-serial\ntickHz: 5000\n");

        for (int start = 1; start <= 3; start++) {
            ProcessBuilder builder = new ProcessBuilder("sh", Path.of("../packaging/massaged").toAbsolutePath().toString(),
                    "run", "--config", config.toString()).redirectErrorStream(true);
            builder.environment().put("MASSAGED_HOME", jar.getParent().toString());
            builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            builder.environment().put("CACHE_DIRECTORY", cache.toString());
            Process process = builder.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.exitValue()).as(output).isEqualTo(3); // the invalid tickHz: refused before anything
            assertThat(output).contains("tickHz: got \"5000\", expected an integer from 10 to 100").doesNotContain("[cds]");
            assertThat(cache.resolve("classes.lst")).as("after start %d", start).isNotEmptyFile();
            if (start >= 2) {
                assertThat(cache.resolve("massaged.jsa")).as("after start %d", start).isNotEmptyFile();
            }
        }
    }
}
