package dev.addons.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Thread CPU time per call of {@code call("add", 20, 22)}, bound {@code add} and bound {@code noop}: for comparing
 * two builds on a machine that other work keeps busy, where JMH's wall-clock means swing by several times. Time
 * the thread spent descheduled is not counted (caches shared with the other work still are), and each figure is
 * the fastest of its rounds. Not part of the report. Usage:
 * {@code java --enable-native-access=ALL-UNNAMED -cp addon.bench/target/benchmarks.jar
 * dev.addons.bench.CpuTimePerCall [calls per round [rounds]]}.
 */
public final class CpuTimePerCall {

    private static volatile int sink;
    // Fields, not constants: the JIT must not fold the arguments.
    private static int a = 20;
    private static int b = 22;

    private CpuTimePerCall() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (BenchRuntime bench = new BenchRuntime("cpu-time-per-call")) {
            // Twice over: the first pass warms every path up with the others compiled too.
            for (int pass = 0; pass < 2; pass++) {
                for (String what : new String[] {"call", "bound", "noop"}) {
                    double fastest = Double.MAX_VALUE;
                    for (int round = 0; round < rounds; round++) {
                        long start = threads.getCurrentThreadCpuTime();
                        sink = run(bench, what, calls);
                        fastest = Math.min(fastest, (threads.getCurrentThreadCpuTime() - start) / (double) calls);
                    }
                    if (pass == 1) {
                        System.out.printf(Locale.ROOT, "%s: %.1f ns CPU per call (fastest of %d rounds of %,d)%n",
                                what, fastest, rounds, calls);
                    }
                }
            }
        }
    }

    private static int run(BenchRuntime bench, String what, int calls) {
        int sum = 0;
        switch (what) {
            case "call":
                for (int i = 0; i < calls; i++) {
                    sum += (Integer) bench.addon.call("add", a, b);
                }
                break;
            case "bound":
                for (int i = 0; i < calls; i++) {
                    sum += bench.bound.add(a, b);
                }
                break;
            default:
                for (int i = 0; i < calls; i++) {
                    bench.bound.noop();
                }
        }
        return sum;
    }
}
