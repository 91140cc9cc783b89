package dev.addons.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import dev.addons.api.JavaFunction;

/**
 * Process CPU time (all threads: the native caller, the loop threads, the JIT and GC too) and wall time per
 * thread-safe call delivered, for the two runs of {@link TsfnBenchmark}: for comparing two builds, or this runtime
 * with Node ({@code src/main/node/node-tsfn-cpu.js}, the same figures from {@code process.cpuUsage}), on a machine
 * that other work keeps busy, where wall-clock means swing by several times. The work spans threads, so it is the
 * process's CPU time, not one thread's, over all rounds (the JVM reads it in 10 ms ticks: too coarse for the fastest
 * round of the C-only run); the wall time is the fastest round's. Not part of the report. Usage:
 * {@code java --enable-native-access=ALL-UNNAMED -cp addon.bench/target/benchmarks.jar
 * dev.addons.bench.TsfnCpuTime [runs of 10,000 calls per round [rounds]]}.
 */
public final class TsfnCpuTime {

    private static long seen;

    private TsfnCpuTime() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        JavaFunction count = (self, a) -> {
            seen += (Integer) a[0];
            return null;
        };
        try (BenchRuntime bench = new BenchRuntime("tsfn-cpu-time")) {
            TsfnBenchAddon tsfn = bench.addon.bind(TsfnBenchAddon.class);
            long calls = (long) runs * TsfnBenchmark.CALLS;
            // Twice over: the first pass warms both paths up with the other compiled too.
            for (int pass = 0; pass < 2; pass++) {
                for (String what : new String[] {"javaFunction", "nativeOnly"}) {
                    double wall = Double.MAX_VALUE;
                    long cpu0 = os.getProcessCpuTime();
                    for (int round = 0; round < rounds; round++) {
                        long wall0 = System.nanoTime();
                        for (int r = 0; r < runs; r++) {
                            Object delivered = what.equals("javaFunction")
                                    ? tsfn.tsfnCalls(TsfnBenchmark.CALLS, count).join()
                                    : tsfn.tsfnCallsNative(TsfnBenchmark.CALLS).join();
                            BenchRuntime.check(Integer.valueOf(TsfnBenchmark.CALLS).equals(delivered),
                                    what + " did not deliver every call");
                        }
                        wall = Math.min(wall, (System.nanoTime() - wall0) / (double) calls);
                    }
                    double cpu = (os.getProcessCpuTime() - cpu0) / (double) (calls * rounds);
                    if (pass == 1) {
                        System.out.printf(Locale.ROOT, "%s: %.1f ns CPU (mean), %.1f ns wall (fastest round) per "
                                + "call delivered, %d rounds of %,d%n", what, cpu, wall, rounds, calls);
                    }
                }
            }
        }
    }
}
