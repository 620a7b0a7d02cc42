package org.massaged.controller.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the daemon takes to read its journal at start-up, in a fresh JVM with the launcher's flags (so the
 * reading runs cold, in the client compiler, under the small heap): docs/benchmarks/journal.md. Run by hand:
 * {@code java -cp <test class path> org.massaged.controller.session.JournalReadBenchmark [runs]}.
 */
public final class JournalReadBenchmark {

    private static final Pattern READ = Pattern.compile("read in (\\d+) ms, heap used (\\d+) MB");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Path directory = Files.createTempDirectory("journal-bench");
        // just under the rotation size (the most one file holds at start-up), and a 32 MB one from before rotation
        measure(directory.resolve("8mb.jsonl"), 365, 5_000, runs);
        measure(directory.resolve("32mb.jsonl"), 365, 30_000, runs);
    }

    private static void measure(Path file, int days, int floodLines, int runs) throws Exception {
        JournalSizeTest.write(file, days, floodLines);
        long bytes = Files.size(file);
        List<Long> millis = new ArrayList<>();
        long heap = 0;
        for (int run = 0; run < runs; run++) {
            JournalSizeTest.Result result = JournalSizeTest.java(JournalSizeTest.OpenAsTheDaemonDoes.class.getName(),
                    file.toString());
            Matcher read = READ.matcher(result.output());
            if (result.code() != 0 || !read.find()) {
                throw new IllegalStateException(result.output());
            }
            millis.add(Long.parseLong(read.group(1)));
            heap = Math.max(heap, Long.parseLong(read.group(2)));
        }
        Collections.sort(millis);
        System.out.printf("%s: %.1f MB, %d runs: median %d ms, p99 %d ms, heap used at most %d MB%n",
                file.getFileName(), bytes / 1e6, runs, millis.get(runs / 2),
                millis.get(Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)), heap);
    }
}
