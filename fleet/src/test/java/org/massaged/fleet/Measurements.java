package org.massaged.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a fleet costs, taken while it runs: command round trips, state messages per second, and CPU and memory per
 * chair of the daemons' JVM (the daemons, their virtual massagers and the fleet client together: an upper bound for
 * a daemon) and of the broker process, read from {@code /proc}. Recorded, never asserted (docs/benchmarks/fleet.md).
 */
final class Measurements {

    /** Linux's USER_HZ: the unit of utime and stime in /proc/PID/stat. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private record Sample(long heapBytes, long jvmRssKb, int threads, long brokerRssKb) {}

    private final long brokerPid;
    private final int chairs;
    private final List<Long> roundTrips = Collections.synchronizedList(new ArrayList<>());
    private Sample before;
    private Sample up;
    private long jvmCpuNanos;
    private long brokerCpuTicks;
    private long wallNanos;
    private long stateMessages;
    private long startNanos = System.nanoTime();
    private double upSeconds;
    private String busiestThreads = "";

    Measurements(long brokerPid, int chairs) {
        this.brokerPid = brokerPid;
        this.chairs = chairs;
    }

    void baseline() throws IOException {
        startNanos = System.nanoTime();
        before = sample();
    }

    void chairsUp() throws IOException {
        upSeconds = (System.nanoTime() - startNanos) / 1e9;
        up = sample();
    }

    void sessionsBegin(long stateMessagesSoFar) throws IOException {
        jvmCpuNanos = jvmCpu();
        brokerCpuTicks = brokerCpu();
        wallNanos = System.nanoTime();
        stateMessages = stateMessagesSoFar;
    }

    void sessionsEnd(long stateMessagesSoFar) throws IOException {
        jvmCpuNanos = jvmCpu() - jvmCpuNanos;
        brokerCpuTicks = brokerCpu() - brokerCpuTicks;
        wallNanos = System.nanoTime() - wallNanos;
        stateMessages = stateMessagesSoFar - stateMessages;
        busiestThreads = cpuByThreadKind();
    }

    void roundTrip(long nanos) {
        roundTrips.add(nanos);
    }

    /** CPU time by kind of thread (the name without its numbers), busiest first. */
    static String cpuByThreadKind() {
        var threads = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                byKind.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
            }
        }
        StringBuilder text = new StringBuilder();
        byKind.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(entry -> text.append(String.format(Locale.ROOT, "%8.1f s  %s%n", entry.getValue() / 1e9,
                        entry.getKey())));
        return text.toString();
    }

    /** Writes the table (and prints it, so that a CI log keeps it too). */
    void write(Path file) throws IOException {
        List<Long> sorted = new ArrayList<>(roundTrips);
        Collections.sort(sorted);
        double seconds = wallNanos / 1e9;
        String table = String.format(Locale.ROOT, """
                | what | value |
                |---|---|
                | chairs (daemon + virtual massager each, one JVM) | %d |
                | all chairs up and idle on the broker | %.1f s |
                | commands answered | %d |
                | command round trip, median | %.1f ms |
                | command round trip, p99 | %.1f ms |
                | command round trip, max | %.1f ms |
                | state messages per second (whole fleet, %.0f s of sessions) | %.0f |
                | JVM CPU per chair (daemon + simulator + fleet client) | %.2f %% of a core |
                | broker CPU per chair | %.3f %% of a core |
                | JVM heap per chair (live, after GC) | %.0f KiB |
                | JVM resident memory per chair | %.0f KiB |
                | JVM threads per chair | %.1f |
                | broker resident memory per chair | %.1f KiB |
                | machine | %d cores (%s), %s, Java %s, %s |
                """, chairs, upSeconds, sorted.size(), percentile(sorted, 0.5), percentile(sorted, 0.99),
                percentile(sorted, 1.0), seconds, stateMessages / seconds,
                100.0 * jvmCpuNanos / 1e9 / seconds / chairs,
                100.0 * brokerCpuTicks / CLOCK_TICKS_PER_SECOND / seconds / chairs,
                (up.heapBytes() - before.heapBytes()) / 1024.0 / chairs,
                (double) (up.jvmRssKb() - before.jvmRssKb()) / chairs,
                (double) (up.threads() - before.threads()) / chairs,
                (double) (up.brokerRssKb() - before.brokerRssKb()) / chairs,
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name") + " "
                        + System.getProperty("os.version"), System.getProperty("java.version"), mosquittoVersion());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, table);
        System.out.println("Fleet measurements (" + file + "):\n" + table + "\nCPU since the JVM started, by kind of thread:\n" + busiestThreads);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    private Sample sample() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Sample(memory.getUsed(), residentKb(ProcessHandle.current().pid()), Thread.activeCount(),
                residentKb(brokerPid));
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long brokerCpu() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(brokerPid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException unreadable) {
            return "unknown CPU";
        }
    }

    private static String mosquittoVersion() {
        try {
            Process help = new ProcessBuilder(org.massaged.testing.Mosquitto.executable(), "-h")
                    .redirectErrorStream(true).start();
            String first = new String(help.getInputStream().readAllBytes()).lines().findFirst().orElse("mosquitto");
            help.waitFor();
            return first.trim();
        } catch (IOException | InterruptedException unknown) {
            return "mosquitto";
        }
    }
}
