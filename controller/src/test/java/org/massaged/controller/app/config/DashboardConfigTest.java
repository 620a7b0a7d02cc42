package org.massaged.controller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dashboard:} section: off unless configured, loopback by default, never on the network without a token. */
class DashboardConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @TempDir
    Path directory;

    private DaemonConfig parse(String yaml) throws ConfigException {
        return loader.parse(directory.resolve("config.yaml"), yaml, Optional.empty());
    }

    private ConfigProblem onlyProblem(String yaml) {
        ConfigException error = catchThrowableOfType(() -> parse(yaml), ConfigException.class);
        assertThat(error).as("refused").isNotNull();
        assertThat(error.problems()).hasSize(1);
        return error.problems().get(0);
    }

    @Test
    void withoutTheSectionThereIsNoDashboard() throws Exception {
        assertThat(parse("profile: p\n").dashboard()).isEqualTo(DaemonConfig.Dashboard.off());
    }

    @Test
    void anEmptySectionIsTheDashboardOnLoopback() throws Exception {
        assertThat(parse("profile: p\ndashboard: {}\n").dashboard())
                .isEqualTo(new DaemonConfig.Dashboard(true, "127.0.0.1", 8088, Optional.empty()));
    }

    @Test
    void aNetworkAddressWithoutATokenIsRefusedNamingTheField() {
        ConfigProblem problem = onlyProblem("profile: p\ndashboard:\n  bind: 0.0.0.0\n");

        assertThat(problem.field()).isEqualTo("dashboard.bind");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.reason()).contains("dashboard.token").contains("reachable from the network");
    }

    @Test
    void aNetworkAddressWithATokenIsAccepted() throws Exception {
        Path tokenFile = Files.writeString(directory.resolve("token"), "0123456789abcdef0123\n");

        DaemonConfig.Dashboard inline = parse("profile: p\ndashboard:\n  bind: 0.0.0.0\n  port: 8443\n"
                + "  token: fedcba9876543210fedcba\n").dashboard();
        DaemonConfig.Dashboard fromFile = parse("profile: p\ndashboard:\n  bind: 0.0.0.0\n  tokenFile: token\n")
                .dashboard();

        assertThat(inline).isEqualTo(new DaemonConfig.Dashboard(true, "0.0.0.0", 8443,
                Optional.of("fedcba9876543210fedcba")));
        assertThat(fromFile.token()).contains("0123456789abcdef0123");
    }

    @Test
    void aShortTokenAnUnknownAddressAndABadPortAreRefused() {
        assertThat(onlyProblem("profile: p\ndashboard:\n  token: short\n").field()).isEqualTo("dashboard.token");
        assertThat(onlyProblem("profile: p\ndashboard:\n  bind: not-an-address.invalid\n").field())
                .isEqualTo("dashboard.bind");
        assertThat(onlyProblem("profile: p\ndashboard:\n  port: 70000\n").field()).isEqualTo("dashboard.port");
        assertThat(onlyProblem("profile: p\ndashboard:\n  color: blue\n").field()).isEqualTo("dashboard.color");
    }

    /** The token goes into a cookie and an Authorization header: printable ASCII without separators only. */
    @Test
    void aTokenWithSpacesQuotesOrSemicolonsIsRefusedNamingTheField() throws Exception {
        for (String token : List.of("'0123456789 abcdef0123'", "'0123456789abcdef;0123'", "'\"0123456789abcdef0123\"'",
                "0123456789abcdef\\\\0123", "'0123456789abcdef,0123'", "0123456789abcdefé0123")) {
            ConfigProblem problem = onlyProblem("profile: p\ndashboard:\n  token: " + token + "\n");
            assertThat(problem.field()).as(token).isEqualTo("dashboard.token");
            assertThat(problem.reason()).as(token).contains("printable ASCII");
        }
        Files.writeString(directory.resolve("token"), "0123456789 abcdef0123\n");
        assertThat(onlyProblem("profile: p\ndashboard:\n  tokenFile: token\n").field())
                .isEqualTo("dashboard.tokenFile");
        assertThat(parse("profile: p\ndashboard:\n  token: A-z0_9.~+/=!#$%&*^|abc\n").dashboard().token())
                .contains("A-z0_9.~+/=!#$%&*^|abc");
    }
}
