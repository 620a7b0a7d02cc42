package org.massaged.controller.app.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;

/** Lists the .deb the build made and checks what it installs, where, and with which rights. */
class DebianPackageIT {

    private static DebArchive deb;

    @BeforeAll
    static void readPackage() throws Exception {
        Path file = Path.of(System.getProperty("massaged.deb", "target/massaged_0.1.0~SNAPSHOT_all.deb"));
        assertThat(file).as("the build makes the package in 'package'").exists();
        deb = DebArchive.read(file);
    }

    @Test
    void everyFileIsWhereDebianPolicyPutsIt() {
        List<String> allowed = List.of("/usr/share/massaged/", "/usr/share/doc/massaged/", "/usr/bin/massaged",
                "/lib/systemd/system/massaged.service", "/etc/massaged/config.yaml",
                "/usr/share/man/man1/massaged.1.gz", "/usr/share/lintian/overrides/massaged");
        List<String> files = deb.data().values().stream().filter(entry -> !entry.directory())
                .map(DebArchive.Entry::path).toList();

        assertThat(files).isNotEmpty().allSatisfy(path -> assertThat(allowed).anySatisfy(root ->
                assertThat(path.equals(root) || (root.endsWith("/") && path.startsWith(root))).as(path).isTrue()));
        assertThat(deb.data().keySet()).contains("/usr/share/massaged/massaged.jar", "/usr/bin/massaged",
                "/lib/systemd/system/massaged.service", "/etc/massaged/config.yaml",
                "/usr/share/massaged/config.example.yaml", "/usr/share/doc/massaged/copyright",
                "/usr/share/doc/massaged/changelog.gz", "/usr/share/man/man1/massaged.1.gz");
    }

    /** The configuration is shipped 0644 (Debian's rule for files); postinst makes it 0640 for group massaged. */
    @Test
    void everythingIsOwnedByRootAndOnlyTheLauncherIsExecutable() {
        for (DebArchive.Entry entry : deb.data().values()) {
            assertThat(entry.owner()).as(entry.path()).isEqualTo("root");
            assertThat(entry.group()).as(entry.path()).isEqualTo("root");
            if (!entry.directory()) {
                int expected = entry.path().equals("/usr/bin/massaged") ? 0755 : 0644;
                assertThat(Integer.toOctalString(entry.mode())).as(entry.path()).isEqualTo(Integer.toOctalString(expected));
            }
        }
    }

    @Test
    void everyLibraryTheJarNeedsIsInstalled() throws Exception {
        Path jar = Path.of(System.getProperty("massaged.jar", "target/massaged.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.massaged.controller.app.Main");
            assertThat(Arrays.stream(classPath.split(" ")).map(entry -> "/usr/share/massaged/" + entry))
                    .isNotEmpty().allSatisfy(library -> assertThat(deb.data()).containsKey(library));
        }
    }

    /**
     * A signed jar is verified class by class at every start and left out of class-data sharing, which costs the
     * daemon its memory budget (docs/benchmarks/footprint.md): controller/pom.xml strips the signatures it knows of.
     */
    @Test
    void noInstalledLibraryIsSigned() throws Exception {
        try (var libraries = Files.list(Path.of("target", "lib"))) {
            List<Path> jars = libraries.filter(path -> path.toString().endsWith(".jar")).toList();
            assertThat(jars).isNotEmpty();
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    assertThat(file.stream().map(java.util.zip.ZipEntry::getName))
                            .as(jar + " is signed: strip its signature files in controller/pom.xml")
                            .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
                }
            }
        }
    }

    @Test
    void theControlFileDescribesAnArchitectureIndependentPackageNeedingJava17() {
        String control = deb.control().get("/control").text();

        assertThat(control).contains("Package: massaged\n", "Architecture: all\n", "Version: 0.1.0~SNAPSHOT\n")
                .containsPattern("Depends: .*openjdk-17-jre-headless.*adduser.*passwd.*systemd");
        assertThat(deb.control().get("/conffiles").text()).isEqualTo("/etc/massaged/config.yaml\n");
    }

    @Test
    void theChangelogDescribesThisVersion() throws Exception {
        String changelog;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(
                deb.data().get("/usr/share/doc/massaged/changelog.gz").content()))) {
            changelog = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String version = deb.control().get("/control").text().lines().filter(line -> line.startsWith("Version: "))
                .findFirst().orElseThrow().substring("Version: ".length());

        assertThat(changelog.lines().findFirst().orElseThrow()).startsWith("massaged (" + version + ") ");
    }

    @Test
    void theMaintainerScriptsCreateTheUserInTheDeviceGroupsAndNeverStartTheMotorOnFirstInstall() {
        String postinst = deb.control().get("/postinst").text();

        assertThat(Integer.toOctalString(deb.control().get("/postinst").mode())).isEqualTo("755");
        assertThat(postinst).contains("adduser --quiet --system --ingroup massaged", "adduser --quiet massaged dialout",
                "adduser --quiet massaged gpio", "install -d -m 0750 /var/lib/massaged",
                "chown massaged:massaged /var/lib/massaged", "chmod 640 /etc/massaged/config.yaml",
                "deb-systemd-invoke try-restart")
                .doesNotContain("systemctl start", "enable --now", "deb-systemd-helper enable");
        assertThat(deb.control().get("/prerm").text()).contains("deb-systemd-invoke stop massaged.service");
        assertThat(deb.control().get("/postrm").text()).contains("purge", "userdel massaged", "package-created-groups");
    }

    @Test
    void theUnitIsANotifyServiceWithAWatchdogRestartsAndHardening() {
        String unit = deb.data().get("/lib/systemd/system/massaged.service").text();

        assertThat(unit.lines().map(String::strip).toList()).contains("Type=notify", "NotifyAccess=all",
                "ExecStart=/usr/bin/massaged run", "WatchdogSec=10s", "Restart=on-failure",
                "RestartPreventExitStatus=3", "User=massaged", "SupplementaryGroups=dialout gpio",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "CapabilityBoundingSet=",
                "RuntimeDirectory=massaged", "StateDirectory=massaged", "WantedBy=multi-user.target");
    }

    @Test
    void theShippedConfigurationIsValidAndListensOnNoNetworkPort() throws Exception {
        Path config = Files.createTempFile("config", ".yaml");
        Files.write(config, deb.data().get("/etc/massaged/config.yaml").content());

        DaemonConfig loaded = new ConfigLoader(Map.of()).load(config);

        assertThat(loaded.profile()).isEqualTo("body-massager-serial");
        assertThat(loaded.mqtt()).isEmpty();
        assertThat(loaded.localControl().socket()).isEqualTo(Path.of("/run/massaged/control.sock"));
        assertThat(loaded.journal()).isEqualTo(Path.of("/var/lib/massaged/journal.jsonl"));
        assertThat(Optional.of(loaded.allowHighIntensity())).contains(false);
        Files.delete(config);
    }
}
