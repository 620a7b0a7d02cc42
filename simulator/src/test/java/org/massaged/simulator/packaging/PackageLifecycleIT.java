package org.massaged.simulator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.cli.OrdinaryUser;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;

/**
 * The Debian package's life, with the real dpkg and the real maintainer scripts: install, doctor as the install
 * guide has it, the daemon run the way its unit runs it (its user and groups, its runtime directory, its umask)
 * against the simulated microcontroller over TCP, the command line as a member of group massaged and as a
 * stranger, a controlled stop, purge; then install and purge again on a machine that already had a gpio group.
 *
 * <p>It runs in a private mount namespace whose /etc, /usr and /var are overlays (src/test/resources/packaging/
 * lifecycle.sh), so the machine running the tests is left exactly as it was. That takes root: as an ordinary
 * user the test is skipped, and the package's contents are still checked by the controller's DebianPackageIT and
 * LintianIT. What it does not exercise is systemd itself (there is none in the namespace): the unit's sandboxing,
 * watchdog and notify are covered by the controller's systemd tests.
 */
class PackageLifecycleIT {

    private static final List<String> DEPENDENCIES = List.of("openjdk-17-jre-headless", "adduser", "passwd",
            "systemd");

    private Path work;
    private VirtualMassager massager;

    @BeforeEach
    void machine() throws Exception {
        assumeTrue(OrdinaryUser.testsRunAsRoot(), "installs the package with dpkg inside a private mount namespace, "
                + "which needs root; DebianPackageIT and LintianIT check the package's contents without it");
        for (String tool : List.of("/usr/bin/unshare", "/usr/bin/dpkg", "/usr/sbin/runuser", "/usr/sbin/useradd")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is missing");
        }
        for (String dependency : DEPENDENCIES) {
            assumeTrue(installed(dependency), "the package depends on " + dependency + ", which is not installed");
        }
        work = Files.createTempDirectory("massaged-lifecycle");
        massager = VirtualMassager.start(ProfileCatalogue.builtIn().find("body-massager-serial").orElseThrow(),
                SimulatorOptions.defaults());
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (massager != null) {
            massager.close();
        }
        if (work != null) {
            OrdinaryUser.delete(work);
        }
    }

    @Test
    void installDoctorRunAndPurgeLeaveTheMachineAsItWas() throws Exception {
        Path script = work.resolve("lifecycle.sh");
        try (InputStream in = getClass().getResourceAsStream("/packaging/lifecycle.sh")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh",
                script.toString()).redirectErrorStream(true).redirectOutput(work.resolve("lifecycle.log").toFile());
        builder.environment().put("DEB", deb().toString());
        builder.environment().put("WORK", work.toString());
        builder.environment().put("PORT", Integer.toString(massager.tcpPort()));
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Process lifecycle = builder.start();
        assertThat(lifecycle.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(lifecycle.exitValue()).as(read("lifecycle.log")).isZero();
        boolean gpioBefore = code("gpio-before") == 0;

        assertThat(code("install")).as(read("install.out")).isZero();
        assertThat(read("install.out")).as("install says nothing but dpkg's own lines")
                .doesNotContainIgnoringCase("warning").doesNotContain("adduser", "home dir");
        assertThat(read("state-directory.out").strip()).isEqualTo("massaged massaged 750");

        assertThat(code("doctor")).as(read("doctor.out")).isZero();
        assertThat(read("doctor.out")).contains("OK    journal", "SKIP  pwm", "SKIP  gpio", "Ready.");

        assertThat(code("simulate")).as(read("simulate.out")).isEqualTo(3);
        assertThat(read("simulate.out")).contains("simulate: true", "no simulator", "Remove the line");

        assertThat(read("run.out")).as("the daemon's ready line")
                .contains("massaged is ready: body-massager-serial, device the serial bridge at 127.0.0.1:"
                        + massager.tcpPort() + ", broker none, control socket /run/massaged/control.sock, journal "
                        + "/var/lib/massaged/journal.jsonl");
        assertThat(code("member-status")).as(read("member-status.out")).isZero();
        assertThat(read("member-status.out")).contains("phase    idle");
        assertThat(code("stranger-status")).as(read("stranger-status.out")).isEqualTo(4);
        assertThat(read("stranger-status.out")).contains("/run/massaged", "only members of group 'massaged'",
                "sudo usermod -aG massaged \"$USER\", then log in again").doesNotContain("not running");
        assertThat(code("stranger-journal")).as(read("stranger-journal.out")).isEqualTo(3);
        assertThat(read("stranger-journal.out")).contains("/etc/massaged/config.yaml",
                "only members of group 'massaged'", "sudo usermod -aG massaged \"$USER\"").doesNotContain("chmod");
        assertThat(code("member-start")).as(read("member-start.out")).isZero();

        assertThat(code("run")).as("SIGTERM is a controlled stop:\n" + read("run.out")).isZero();
        assertThat(read("run.out")).doesNotContain("Exception", "\tat ");
        JsonNode journal = new ObjectMapper().readTree(read("member-journal.out"));
        assertThat(journal.get("sessions")).hasSize(1);
        assertThat(journal.get("sessions").get(0).get("cause").asText()).doesNotContain("unfinished");

        assertThat(code("purge")).as(read("purge.out")).isZero();
        assertThat(read("purge.out")).doesNotContain("crontab", "deluser", "not executed", "could not remove")
                .doesNotContainIgnoringCase("warning");
        assertThat(code("after-user")).as("the user is gone: " + read("after-user.out")).isEqualTo(2);
        assertThat(code("after-group")).as("the group is gone: " + read("after-group.out")).isEqualTo(2);
        assertThat(code("after-gpio")).as("gpio is removed only if the package made it: " + read("after-gpio.out"))
                .isEqualTo(gpioBefore ? 0 : 2);
        assertThat(read("after-files").lines()).as("every file is gone").hasSize(5)
                .allMatch(line -> line.contains("No such file"));
        assertThat(read("after-dpkg").strip()).as("dpkg knows nothing of it any more")
                .doesNotMatch("installed|config-files|half-installed|unpacked|half-configured");

        assertThat(code("second-install")).as(read("second-install.out")).isZero();
        assertThat(code("second-purge")).as(read("second-purge.out")).isZero();
        assertThat(code("second-gpio")).as("a gpio group that was there before stays").isZero();
    }

    private Path deb() throws IOException {
        try (Stream<Path> built = Files.list(Path.of("../controller/target"))) {
            return built.filter(file -> file.getFileName().toString().matches("massaged_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the package first (mvn package)"))
                    .toAbsolutePath();
        }
    }

    private int code(String step) throws IOException {
        return Integer.parseInt(Files.readString(work.resolve(step + ".rc")).strip());
    }

    private String read(String name) throws IOException {
        Path file = work.resolve(name.contains(".") ? name : name + ".out");
        return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
    }

    private static boolean installed(String debianPackage) throws IOException, InterruptedException {
        Process query = new ProcessBuilder("dpkg-query", "-W", "-f=${db:Status-Status}", debianPackage)
                .redirectErrorStream(true).start();
        String status = new String(query.getInputStream().readAllBytes()).strip();
        return query.waitFor() == 0 && status.equals("installed");
    }
}
