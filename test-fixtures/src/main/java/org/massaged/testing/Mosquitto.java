package org.massaged.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Mosquitto process on a free port of 127.0.0.1, with a generated config; killed by {@link #stop()}. The one
 * Mosquitto launcher of the tests: plain (anonymous), with extra settings, or as a shipped file configures it
 * ({@link ShippedMosquitto}).
 */
public final class Mosquitto implements Broker {

    private final Path directory;
    private final int port;
    private final String scheme;
    private final List<String> extraConfig;
    private Process process;

    public Mosquitto(Path directory) throws IOException {
        this(directory, "tcp", List.of());
    }

    public Mosquitto(Path directory, String scheme, List<String> extraConfig) throws IOException {
        this.directory = directory;
        this.port = freePort();
        this.scheme = scheme;
        this.extraConfig = List.copyOf(extraConfig);
    }

    /**
     * A Mosquitto that lets in only these users (password: the user name + {@code -secret}, as
     * {@link ShippedMosquitto#login} gives it), on a free port; not yet started.
     */
    public static Mosquitto withLogins(Path directory, String... users) throws IOException, InterruptedException {
        Path passwords = Logins.passwordFile(directory, directory.resolve("secrets"), List.of(users));
        return new Mosquitto(directory, "tcp", List.of("allow_anonymous false", "password_file " + passwords));
    }

    /** As {@link #withLogins}, and each login is its own client id, as the packaged broker binds them. */
    public static Mosquitto withLoginsAsClientIds(Path directory, String... users)
            throws IOException, InterruptedException {
        Path passwords = Logins.passwordFile(directory, directory.resolve("secrets"), List.of(users));
        return new Mosquitto(directory, "tcp", List.of("allow_anonymous false", "password_file " + passwords,
                "use_username_as_clientid true"));
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
    }

    public static String executable() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The broker's process id, for signals (SIGSTOP freezes the broker with every connection left open). */
    public long pid() {
        return process.pid();
    }

    /** The broker's own log: what it accepted, refused and dropped. */
    public String log() throws IOException {
        return Files.readString(directory.resolve("mosquitto-" + port + ".log"));
    }

    @Override
    public String uri() {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public void start() throws IOException {
        Path conf = directory.resolve("mosquitto-" + port + ".conf");
        StringBuilder text = new StringBuilder();
        text.append("listener ").append(port).append(" 127.0.0.1\n");
        if (extraConfig.stream().noneMatch(line -> line.startsWith("allow_anonymous"))) {
            text.append("allow_anonymous true\n");
        }
        text.append("persistence false\n");
        extraConfig.forEach(line -> text.append(line).append('\n'));
        Files.writeString(conf, text);
        Path log = directory.resolve("mosquitto-" + port + ".log");
        process = new ProcessBuilder(executable(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
                    }
                    return accepts();
                });
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
