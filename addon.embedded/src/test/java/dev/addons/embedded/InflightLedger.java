package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines the inflight fixture's instance-data finalizer (the last callback of a context) appends to a ledger
 * file: what one context queued, created and started, against what completed, was finalized and was joined. The
 * library is unloaded with its context, so this file is where its counts outlive it.
 */
record InflightLedger(List<Entry> entries) {

    /** One context's counts. */
    record Entry(long works, long completed, long ok, long cancelled, int tsfns, int finalized, int threads,
            int joined) {
    }

    private static final Pattern LINE = Pattern.compile("works (\\d+) completed (\\d+) ok (\\d+) cancelled (\\d+) "
            + "tsfns (\\d+) finalized (\\d+) threads (\\d+) joined (\\d+)");

    static InflightLedger read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), file + ": not a ledger line: " + line);
                entries.add(new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8))));
            }
        }
        return new InflightLedger(entries);
    }

    /** Every work got its complete callback, every function its finalizer, every producer thread was joined. */
    void assertNothingLeaked() {
        for (Entry e : entries) {
            assertEquals(e.works(), e.completed(), "works queued == works completed (ok or cancelled): " + e);
            assertEquals(e.completed(), e.ok() + e.cancelled(), "every completion ok or cancelled: " + e);
            assertEquals(e.tsfns(), e.finalized(), "thread-safe functions created == finalized: " + e);
            assertEquals(e.threads(), e.joined(), "producer threads started == joined: " + e);
        }
    }

    long total(java.util.function.ToLongFunction<Entry> count) {
        return entries.stream().mapToLong(count).sum();
    }
}
