package org.massaged.controller.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throw-away CA, a broker certificate for 127.0.0.1 and a client certificate, made with openssl. */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                        Path otherCaCert) {

    public static boolean opensslInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    public static TestCertificates create(Path directory) throws IOException, InterruptedException {
        Path ext = directory.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(directory, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=massaged test CA",
                "-keyout", "ca.key", "-out", "ca.pem");
        run(directory, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr");
        run(directory, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem");
        run(directory, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=massaged-chair1",
                "-keyout", "client.key", "-out", "client.csr");
        run(directory, "openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-out", "client.pem");
        run(directory, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=someone else",
                "-keyout", "other.key", "-out", "other.pem");
        // Mosquitto started as root drops to its own user, which must be able to read these.
        readableByAll(directory.getParent());
        readableByAll(directory);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                readableByAll(file);
            }
        }
        return new TestCertificates(directory.resolve("ca.pem"), directory.resolve("server.pem"),
                directory.resolve("server.key"), directory.resolve("client.pem"), directory.resolve("client.key"),
                directory.resolve("other.pem"));
    }

    public List<String> mosquittoConfig() {
        return List.of("cafile " + caCert, "certfile " + serverCert, "keyfile " + serverKey,
                "require_certificate true", "tls_version tlsv1.2");
    }

    private static void readableByAll(Path path) throws IOException {
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
