package org.massaged.firmware;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simavr bench as a process: the real firmware.elf on a simulated ATmega328P, its UART on a
 * pseudo-terminal at {@link #pty()}, and the control channel that injects faults and reads the pins.
 */
final class Bench implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final Pattern READY = Pattern.compile("bench ready pty=(\\S+) control=(\\d+)");

    private final Process process;
    private final Path pty;
    private final Path log;
    private final Socket control;
    private final BufferedReader answers;
    private final PrintWriter commands;

    private Bench(Process process, Path pty, Path log, int port) throws IOException {
        this.process = process;
        this.pty = pty;
        this.log = log;
        this.control = new Socket(InetAddress.getLoopbackAddress(), port);
        this.answers = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(control.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts the bench in real time (a simulated millisecond per real one), with a fresh pty path. */
    static Bench start(Path directory) throws IOException {
        Path pty = Path.of("/tmp/ttyNANO-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet());
        Path log = directory.resolve("bench-" + COUNT.get() + ".log");
        Process process = new ProcessBuilder(FirmwareBuild.bench().toString(),
                "--firmware", FirmwareBuild.firmware().toString(), "--pty", pty.toString(), "--control", "0",
                "--seed", Long.toString(System.nanoTime() & 0x7FFFFFFF))
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                Thread drain = new Thread(() -> drain(out), "bench-stdout");
                drain.setDaemon(true);
                drain.start();
                return new Bench(process, pty, log, Integer.parseInt(ready.group(2)));
            }
        }
        throw new IllegalStateException("the bench did not start: " + Files.readString(log));
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // simavr's own chatter
            }
        } catch (IOException ignored) {
            // the bench is gone
        }
    }

    Path pty() {
        return pty;
    }

    /** One command, its `ok …` answer without the `ok`; an `error: …` answer throws. */
    synchronized String command(String line) {
        commands.println(line);
        try {
            String answer = answers.readLine();
            if (answer == null || !answer.startsWith("ok")) {
                throw new IllegalStateException("bench: " + line + " -> " + answer + " (log: " + log() + ")");
            }
            return answer.substring(2).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String pair : command("state").split(" ")) {
            int equals = pair.indexOf('=');
            state.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return state;
    }

    /** What the motor gets, 0..1: the relay times the PWM duty. */
    double motor() {
        return Double.parseDouble(state().get("duty"));
    }

    boolean relay() {
        return state().get("relay").equals("1");
    }

    boolean heater() {
        return state().get("heater").equals("1");
    }

    double rpm() {
        return Double.parseDouble(state().get("rpm"));
    }

    /** The latched fault code in the firmware's last STATUS (0 = none). */
    int latchedFault() {
        return Integer.parseInt(state().get("latched"));
    }

    long timeMicros() {
        return Long.parseLong(command("time"));
    }

    /** Every emergency stop so far: its frame's last byte into the UART → the motor relay pin low, µs. */
    List<Long> emergencyStopLatencies() {
        String answer = command("estop-latency");
        List<Long> values = new ArrayList<>();
        if (!answer.isEmpty()) {
            Arrays.stream(answer.split(" ")).map(Long::parseLong).forEach(values::add);
        }
        return values;
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (process.isAlive()) {
                command("quit");
            }
        } catch (RuntimeException gone) {
            // already stopped
        }
        control.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(pty);
    }
}
