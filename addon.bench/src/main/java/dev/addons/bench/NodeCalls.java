package dev.addons.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node's per-call times on the same bench addon file, the yardstick of the report's "against Node" table: runs the
 * driver {@code src/main/node/node-calls.js} (shipped in the jar as {@code node/node-calls.js}) with the
 * {@code node} found on the PATH. The driver {@code process.dlopen}s {@code libbenchaddon.so} and times
 * {@code add(20, 22)} and {@code noop()} called from a JS loop and the addon's own C loop {@code addLoop} (the one
 * {@link BreakdownBenchmark#napiOnly} runs in our runtime), and the asynchronous exports awaited in a loop
 * ({@code addAsync}, {@code addAsyncMany}, {@code addNow}: the yardsticks of {@link AsyncBenchmark}) and the
 * thread-safe function runs ({@code tsfnCalls}, {@code tsfnCallsNative}: those of {@link TsfnBenchmark}), one
 * sample of each per round, and prints one JSON line of medians.
 */
public final class NodeCalls {

    /** The inner calls of one {@code addLoop} call, the same in both runtimes. */
    static final int LOOP = BreakdownBenchmark.LOOP;

    /** The works of one {@code addAsyncMany} call, the same in both runtimes. */
    static final int MANY = AsyncBenchmark.MANY;

    /** The calls of one {@code tsfnCalls} run, the same in both runtimes. */
    static final int TSFN_CALLS = TsfnBenchmark.CALLS;

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|[-+0-9.eE]+)");

    /** Nanoseconds per call: the median sample and the fastest and slowest sample. */
    public record Spread(double medianNs, double minNs, double maxNs) {
    }

    /**
     * What the driver measured, with how (calls per sample, samples per measure, warm-up rounds; round trips or
     * works per sample of the async measures). {@code addAsync} and {@code addNow} are per awaited round trip,
     * {@code addAsyncMany} per work, {@code tsfnCalls} and {@code tsfnCallsNative} per thread-safe call delivered.
     */
    public record Result(String version, int calls, int samples, int warmup, Spread add, Spread noop,
            Spread addLoop, int asyncCalls, Spread addAsync, Spread addAsyncMany, Spread addNow, Spread tsfnCalls,
            Spread tsfnCallsNative) {
    }

    private NodeCalls() {
    }

    /**
     * Runs the driver with {@code node} from the PATH.
     *
     * @return empty if there is no {@code node} to run (the caller skips the comparison and says so)
     * @throws IllegalStateException if node ran but the driver failed or printed no result
     */
    public static Optional<Result> measure(int callsPerSample, int samples, int warmupSamples) {
        return measure("node", callsPerSample, samples, warmupSamples);
    }

    /** The same with a given node executable (a name looked up on the PATH, or a path). */
    public static Optional<Result> measure(String node, int callsPerSample, int samples, int warmupSamples) {
        Path driver = BenchFiles.nodeCallsDriver();
        Path addon = BenchFiles.benchAddon();
        List<String> command = List.of(node, driver.toString(), addon.toString(), Integer.toString(callsPerSample),
                Integer.toString(samples), Integer.toString(warmupSamples));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty(); // no such executable: nothing to compare with
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("node per-call driver " + driver + " did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("node per-call driver " + driver + " on " + addon + " exited with "
                        + p.exitValue() + ": " + out.strip());
            }
            return Optional.of(parse(out).orElseThrow(() -> new IllegalStateException("node per-call driver "
                    + driver + " printed no result line: " + out.strip())));
        } catch (IOException e) {
            throw new IllegalStateException("reading the output of node per-call driver " + driver + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while node per-call driver " + driver + " ran", e);
        }
    }

    /** The driver's result line: one flat JSON object with {@code "kind":"node-calls"}; empty if there is none. */
    static Optional<Result> parse(String output) {
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("{") || !l.contains("\"kind\":\"node-calls\"")) {
                continue;
            }
            Map<String, String> f = new HashMap<>();
            Matcher m = FIELD.matcher(l);
            while (m.find()) {
                f.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
            }
            if (number(f, "loop") != LOOP) {
                throw new IllegalStateException("node per-call driver's addLoop ran " + f.get("loop")
                        + " inner calls, BreakdownBenchmark.napiOnly runs " + LOOP + ": not the identical loop");
            }
            if (number(f, "many") != MANY) {
                throw new IllegalStateException("node per-call driver's addAsyncMany queued " + f.get("many")
                        + " works, AsyncBenchmark.manyWorks queues " + MANY + ": not the same measure");
            }
            if (number(f, "tsfnCalls") != TSFN_CALLS) {
                throw new IllegalStateException("node per-call driver's tsfnCalls made " + f.get("tsfnCalls")
                        + " calls per run, TsfnBenchmark makes " + TSFN_CALLS + ": not the same measure");
            }
            return Optional.of(new Result(f.get("node"), Integer.parseInt(f.get("calls")),
                    Integer.parseInt(f.get("samples")), Integer.parseInt(f.get("warmup")), spread(f, "add"),
                    spread(f, "noop"), spread(f, "addLoop"), Integer.parseInt(f.get("asyncCalls")),
                    spread(f, "addAsync"), spread(f, "addAsyncMany"), spread(f, "addNow"), spread(f, "tsfnCalls"),
                    spread(f, "tsfnCallsNative")));
        }
        return Optional.empty();
    }

    private static Spread spread(Map<String, String> f, String measure) {
        return new Spread(number(f, measure + "Ns"), number(f, measure + "MinNs"), number(f, measure + "MaxNs"));
    }

    private static double number(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalStateException("node per-call driver printed no \"" + key + "\"");
        }
        return Double.parseDouble(v);
    }
}
