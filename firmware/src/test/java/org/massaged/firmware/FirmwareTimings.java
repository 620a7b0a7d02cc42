package org.massaged.firmware;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageType;

/**
 * The firmware's timings for docs/benchmarks/firmware.md, in simulated time on the simavr bench (run by hand,
 * never asserted): emergency-stop frame → motor relay pin low, and host silence → relay low by the lease.
 *
 * <pre>mvn -B -q -pl firmware -am test-compile &&
 * java -cp "$(cat firmware/target/test-classpath.txt):firmware/target/test-classes:firmware/target/classes" \
 *   -Dfirmware.build=firmware/target/c org.massaged.firmware.FirmwareTimings 200 50</pre>
 */
public final class FirmwareTimings {
    private static final Duration WITHIN = Duration.ofSeconds(2);

    private FirmwareTimings() {}

    public static void main(String[] args) throws Exception {
        int stops = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int silences = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long seed = 7;
        System.out.println("seed " + seed);
        Path directory = Files.createTempDirectory("firmware-timings");
        try (Bench bench = Bench.start(directory); ScriptedHost host = ScriptedHost.open(bench.pty())) {
            Random random = new Random(seed);
            Session session = new Session(bench, host);
            for (int i = 0; i < stops; i++) {
                session.drive();
                Thread.sleep(random.nextInt(20));
                host.write(LinkEndpoint.outOfBand(new Message.EmergencyStop(1)));
                session.acknowledgeNextFault();
                session.clear();
            }
            List<Long> stopMicros = new ArrayList<>(bench.emergencyStopLatencies());
            report("emergency stop frame -> relay low (µs, simulated)", stopMicros);

            List<Long> leaseMicros = new ArrayList<>();
            for (int i = 0; i < silences; i++) {
                session.drive();
                int beats = 2 + random.nextInt(4);
                for (int beat = 0; beat < beats; beat++) {
                    Thread.sleep(250);
                    session.heartbeat();
                }
                Thread.sleep(random.nextInt(250)); // then the host goes silent
                while (bench.relay()) {
                    Thread.sleep(20);
                }
                Map<String, String> state = bench.state();
                leaseMicros.add(Long.parseLong(state.get("relay_fell_us")) - Long.parseLong(state.get("last_from_host_us")));
                session.acknowledgeNextFault();
                session.clear();
            }
            report("host's last byte -> relay low by the lease of 1000 ms (µs, simulated)", leaseMicros);
        }
    }

    /** A configured board and a host that keeps its numbers. */
    private static final class Session {
        private final Bench bench;
        private final ScriptedHost host;
        private int seq = 1;
        private int ack;

        Session(Bench bench, ScriptedHost host) throws InterruptedException {
            this.bench = bench;
            this.host = host;
            host.send(new Message.Hello(1, 2, 0), seq, 0);
            ack = host.next(MessageType.IDENTIFY, WITHIN).seq();
            host.send(new Message.Configure(List.of(new Message.ZoneConfig(1000, 150, 400, 150, 90, 300, 2000)),
                    4000, 4250, 1000, 250, 0), nextSeq(), ack);
            host.next(MessageType.STATUS, WITHIN);
        }

        void drive() throws InterruptedException {
            host.send(new Message.Setpoint(1000, false, 0, List.of(600)), nextSeq(), ack);
            while (!bench.relay()) {
                Thread.sleep(5);
            }
        }

        void heartbeat() {
            host.send(new Message.Heartbeat(1000), 0, ack);
        }

        private int nextSeq() {
            seq = seq == 255 ? 1 : seq + 1;
            return seq;
        }

        /** The next FAULT not yet acknowledged (an earlier one may still be resent once). */
        void acknowledgeNextFault() throws InterruptedException {
            Frame fault;
            do {
                fault = host.next(MessageType.FAULT, WITHIN);
            } while (fault.seq() == ack);
            ack = fault.seq();
            host.send(new Message.Ack(), 0, ack);
        }

        void clear() throws InterruptedException {
            host.send(new Message.Setpoint(0, false, 0, List.of(0)), nextSeq(), ack);
            host.send(new Message.ClearFaults(), nextSeq(), ack);
            while (bench.latchedFault() != 0) {
                Thread.sleep(5);
            }
        }
    }

    private static void report(String what, List<Long> values) {
        Collections.sort(values);
        long median = values.get(values.size() / 2);
        long p99 = values.get(Math.min(values.size() - 1, (int) Math.ceil(values.size() * 0.99) - 1));
        System.out.printf("%s: n %d, min %d, median %d, p99 %d, max %d%n", what, values.size(), values.get(0),
                median, p99, values.get(values.size() - 1));
    }
}
