package dev.addons.shell.cycle;

import dev.addons.api.proc.ProcSelf;

/** The figures of a run that are measured, not counted: resident set size and cycle times. */
final class Measures {

    private Measures() {
    }

    /**
     * The resident set size once the garbage is collected and the collector has given the freed heap back to the
     * system (G1 does that in the background after a full collection): what is still in use, not garbage that
     * happens not to be collected yet. At most about 2 s.
     */
    static long settledResidentBytes() {
        System.gc();
        long rss = ProcSelf.residentBytes();
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long next = ProcSelf.residentBytes();
            if (next >= rss) {
                return next;
            }
            rss = next;
        }
        return rss;
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
