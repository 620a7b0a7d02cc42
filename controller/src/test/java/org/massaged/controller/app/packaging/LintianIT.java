package org.massaged.controller.app.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The package is lintian-clean: Debian's own checker finds no error, warning or information tag (pedantic ones
 * included). The few tags that do not apply are overridden in packaging/deb/lintian-overrides, each with its
 * reason; a new one fails this test until it is fixed or explained there.
 */
class LintianIT {

    @Test
    void lintianFindsNothing() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lintian")),
                "lintian is not installed (apt-get install lintian; .ci/run installs it)");
        Path deb = Path.of(System.getProperty("massaged.deb", "target/massaged_0.1.0~SNAPSHOT_all.deb"));

        Process lintian = new ProcessBuilder("lintian", "--display-info", "--pedantic", "--tag-display-limit", "0",
                "--fail-on", "error,warning,info,pedantic", deb.toString()).redirectErrorStream(true).start();
        String report = new String(lintian.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lintian.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(report.lines().filter(line -> line.matches("[EWIPX]: .*"))).as(report).isEmpty();
        assertThat(lintian.exitValue()).as(report).isZero();
    }
}
