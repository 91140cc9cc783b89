package dev.addons.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this module once (JMH, one fork per benchmark, iterations as annotated: about four
 * minutes on 2 cores), then the RSS harness in its own JVM and, if {@code node} is on the PATH, a Node Worker
 * cycle and Node's per-call times on the same addon file ({@link NodeCalls}) for comparison, and prints the
 * results as Markdown tables whose ratios all come from this one run.
 *
 * <pre>
 * java -jar addon.bench/target/benchmarks.jar [--quick] [--out FILE] [--no-rss] [--no-node]
 * </pre>
 * {@code --quick}: one short iteration each (a minute; numbers are rough, for trying the command).
 * {@code --no-node}: no Node measurements (the Worker cycle and the per-call comparison).
 * Any other JMH use: {@code java -cp addon.bench/target/benchmarks.jar org.openjdk.jmh.Main -h}.
 */
public final class Report {

    private static final String PKG = "dev.addons.bench.";

    private final Map<String, RunResult> results = new HashMap<>();
    private List<RssHarness.Result> rss = List.of();
    private Optional<NodeWorkerCycle.Result> node = Optional.empty();
    private Optional<NodeCalls.Result> nodeCalls = Optional.empty();
    /** Why the per-call comparison with Node has no figures (no node, not run, the driver failed). */
    private String nodeCallsMissing = "not run (`--no-node`)";

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean runRss = true;
        boolean runNode = true;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-rss" -> runRss = false;
                case "--no-node" -> runNode = false;
                case "--out" -> out = Paths.get(args[++i]);
                default -> {
                    System.err.println("usage: java -jar benchmarks.jar [--quick] [--out FILE] [--no-rss] [--no-node]"
                            + "\n(for JMH's own options: java -cp benchmarks.jar org.openjdk.jmh.Main -h)");
                    System.exit(2);
                }
            }
        }
        Report report = new Report();
        long[] cpuBefore = cpuJiffies();
        long wallBefore = System.nanoTime();
        String header = report.machine();
        System.out.println(header);
        report.runJmh(quick);
        if (runRss) {
            int cycles = quick ? 2_000 : 10_000;
            int warmup = quick ? 200 : 1_000;
            List<RssHarness.Result> rss = new ArrayList<>(runRssHarness(cycles, warmup, List.of(), "", "call,shared,bind"));
            rss.addAll(runRssHarness(cycles, warmup, List.of("-XX:TieredStopAtLevel=1"), "-c1", "call"));
            report.rss = rss;
        }
        if (runNode) {
            report.node = NodeWorkerCycle.measure(quick ? 20 : 100, quick ? 5 : 20);
            report.measureNodeCalls("node", quick);
        }
        String markdown = header + "\n" + report.tables() + "\nLoad average after the run: " + loadAverage() + ". "
                + othersCpu(cpuBefore, cpuJiffies(), System.nanoTime() - wallBefore) + "\n";
        System.out.println();
        System.out.println(markdown);
        if (out != null) {
            Files.writeString(out, markdown);
            System.out.println("(written to " + out.toAbsolutePath() + ")");
        }
    }

    /** Node's per-call times; a missing node or a failing driver leaves a note instead (the run goes on). */
    void measureNodeCalls(String nodeExecutable, boolean quick) {
        try {
            nodeCalls = quick ? NodeCalls.measure(nodeExecutable, 200_000, 5, 2)
                    : NodeCalls.measure(nodeExecutable, 1_000_000, 25, 5);
            nodeCallsMissing = "skipped: cannot start `" + nodeExecutable + "` (no node on the PATH)";
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            nodeCallsMissing = "**failed**: " + e.getMessage().lines().findFirst().orElse("");
        }
        if (nodeCalls.isEmpty()) {
            System.out.println("# Node per-call comparison " + nodeCallsMissing);
        }
    }

    private void runJmh(boolean quick) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + PKG.replace(".", "\\.")
                        + "(Call|Breakdown|Context|Felix|Throughput|Async|Tsfn)Benchmark\\.")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(500));
        }
        Collection<RunResult> run = new Runner(options.build()).run();
        for (RunResult r : run) {
            results.put(r.getParams().getBenchmark().substring(PKG.length()), r);
        }
    }

    /** The harness in its own JVM, with a fixed pre-touched heap so that only non-heap growth shows. */
    static List<RssHarness.Result> runRssHarness(int cycles, int warmup, List<String> jvmFlags, String suffix,
            String variants) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RssHarness.class.getName(),
                Integer.toString(cycles), Integer.toString(warmup), suffix.isEmpty() ? "-" : suffix, variants));
        System.out.println("# RSS harness: " + String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("RSS harness failed:\n" + out);
        }
        System.out.print(out);
        List<RssHarness.Result> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("RSS-RESULT ")) {
                Map<String, String> kv = new HashMap<>();
                for (String part : line.substring("RSS-RESULT ".length()).trim().split(" ")) {
                    int eq = part.indexOf('=');
                    kv.put(part.substring(0, eq), part.substring(eq + 1));
                }
                list.add(new RssHarness.Result(kv.get("variant"), Integer.parseInt(kv.get("warmup")),
                        Integer.parseInt(kv.get("cycles")), Long.parseLong(kv.get("rssBefore")),
                        Long.parseLong(kv.get("rssAfter")), Long.parseLong(kv.get("mallocBefore")),
                        Long.parseLong(kv.get("mallocAfter")), Long.parseLong(kv.get("heldBefore")),
                        Long.parseLong(kv.get("heldAfter")), Boolean.parseBoolean(kv.get("mapped")),
                        Integer.parseInt(kv.get("contextsLeft")), Integer.parseInt(kv.get("librariesLeft")),
                        Double.parseDouble(kv.get("usPerCycle"))));
            }
        }
        return list;
    }

    // ---- Formatting ------------------------------------------------------------------------------------------

    private double score(String benchmark) {
        RunResult r = results.get(benchmark);
        return r == null ? Double.NaN : r.getPrimaryResult().getScore();
    }

    private String measured(String benchmark) {
        RunResult r = results.get(benchmark);
        if (r == null) {
            return "not run";
        }
        Result<?> p = r.getPrimaryResult();
        String unit = p.getScoreUnit().replace("/op", "").replace("ops/s", "calls/s").replace("us", "µs");
        double error = p.getScoreError();
        String value = unit.equals("calls/s") ? String.format(Locale.ROOT, "%,.0f", p.getScore()) : num(p.getScore());
        String err = Double.isNaN(error) ? "" : " ± " + (unit.equals("calls/s")
                ? String.format(Locale.ROOT, "%,.0f", error) : num(error));
        return value + err + " " + unit;
    }

    /** The median of the measurement iterations' scores (JMH's score is their mean). */
    private double median(String benchmark) {
        RunResult r = results.get(benchmark);
        if (r == null) {
            return Double.NaN;
        }
        List<Double> scores = new ArrayList<>();
        for (org.openjdk.jmh.results.BenchmarkResult b : r.getBenchmarkResults()) {
            for (org.openjdk.jmh.results.IterationResult i : b.getIterationResults()) {
                scores.add(i.getPrimaryResult().getScore());
            }
        }
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        java.util.Collections.sort(scores);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    /** The measurement iterations' scores, in order: shows a trend the mean hides. */
    private String iterations(String benchmark) {
        RunResult r = results.get(benchmark);
        if (r == null) {
            return "n/a";
        }
        List<String> scores = new ArrayList<>();
        for (org.openjdk.jmh.results.BenchmarkResult b : r.getBenchmarkResults()) {
            for (org.openjdk.jmh.results.IterationResult i : b.getIterationResults()) {
                scores.add(String.format(Locale.ROOT, "%.0f", i.getPrimaryResult().getScore()));
            }
        }
        return String.join(" ", scores);
    }

    /** What `call("add", 20, 22)` must allocate: its varargs array (16 B header with the length, 2 × 4 B). */
    static final int CALL_BOXES_BYTES = 24;

    /** JMH's gc.alloc.rate.norm of a benchmark, NaN if not run or not profiled. */
    private double allocatedBytes(String benchmark) {
        RunResult r = results.get(benchmark);
        if (r != null) {
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    return e.getValue().getScore();
                }
            }
        }
        return Double.NaN;
    }

    private String allocation(String benchmark) {
        if (results.get(benchmark) == null) {
            return "not run";
        }
        double bytes = allocatedBytes(benchmark);
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.1f B/op", bytes);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
    }

    static String met(double value, boolean lowerIsBetter, double goal) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return (lowerIsBetter ? value <= goal : value >= goal) ? "yes" : "**no**";
    }

    String tables() {
        StringBuilder s = new StringBuilder();
        double raw = score("CallBenchmark.rawJni");
        double bound = score("CallBenchmark.bound");
        double call = score("CallBenchmark.call");
        double shared = score("ContextBenchmark.sharedMapping");
        double first = score("ContextBenchmark.firstMapping");
        double isolated = score("ContextBenchmark.isolated");
        double felixAddon = score("FelixBenchmark.addonBundleCycle");
        double felixJni = score("FelixBenchmark.jniBundleCycle");
        double one = score("ThroughputBenchmark.boundOneThread");
        double two = score("ThroughputBenchmark.boundTwoThreads");
        double nodeUs = node.map(NodeWorkerCycle.Result::micros).orElse(Double.NaN);

        s.append("| measure | result | goal | met? |\n|---|---|---|---|\n");
        row(s, "addon call through a bound interface (`int add(int, int)`) / raw JNI call of the same C function",
                ratio(bound / raw) + " (" + measured("CallBenchmark.bound") + " vs " + measured("CallBenchmark.rawJni")
                        + ")", "≤ 1.5×", met(bound / raw, true, 1.5));
        row(s, "the same through `call(\"add\", a, b)` / raw JNI",
                ratio(call / raw) + " (" + measured("CallBenchmark.call") + ")", "report", "—");
        double callBytes = allocatedBytes("CallBenchmark.call");
        row(s, "allocated per `call(\"add\", 20, 22)` (JMH `-prof gc`, bytes per call)",
                allocation("CallBenchmark.call"),
                "≤ " + CALL_BOXES_BYTES + " B: the arguments' boxes and the result only (here the varargs"
                        + " `Object[2]`; 20, 22 and 42 are cached `Integer`s)",
                Double.isNaN(callBytes) ? "n/a" : met(callBytes, true, CALL_BOXES_BYTES + 0.5));
        String nodeText = node.map(n -> String.format(Locale.ROOT, "a Node %s Worker cycle with the same addon "
                + "file: %,.0f µs", n.version(), n.micros())).orElse("no `node` on the PATH to compare with");
        row(s, "context create + load + init + close, sharing the module's mapping with another context",
                measured("ContextBenchmark.sharedMapping") + "; " + nodeText
                        + (Double.isNaN(nodeUs) ? "" : " (" + ratio(nodeUs / shared) + " longer)"),
                "report µs; far below a Node Worker cycle", Double.isNaN(nodeUs) ? "n/a"
                        : met(shared, true, nodeUs / 10) + (shared <= nodeUs / 10 ? " (< 1/10)" : ""));
        row(s, "the same plus `bind(BenchAddon.class)` and one bound call (a worker's first use of the module)",
                measured("ContextBenchmark.sharedMappingBound"), "report", "—");
        row(s, "the same, first context of the module (`dlopen` + `dlclose` each cycle)",
                measured("ContextBenchmark.firstMapping")
                        + (Double.isNaN(nodeUs) ? "" : " (" + ratio(nodeUs / first) + " below Node)"),
                "report", "—");
        row(s, "the same with `withIsolation(true)` (file copy + `dlopen` + `dlclose` + delete each cycle)",
                measured("ContextBenchmark.isolated")
                        + (Double.isNaN(nodeUs) ? "" : " (" + ratio(nodeUs / isolated) + " below Node)"),
                "report", "—");
        double felixMedians = median("FelixBenchmark.addonBundleCycle") / median("FelixBenchmark.jniBundleCycle");
        row(s, "Felix install→start→call→stop→uninstall→refresh: addon bundle / plain JNI `Bundle-NativeCode` bundle",
                ratio(felixAddon / felixJni) + " by means, " + ratio(felixMedians) + " by medians ("
                        + measured("FelixBenchmark.addonBundleCycle") + " vs "
                        + measured("FelixBenchmark.jniBundleCycle") + "; per iteration, in run order: addon "
                        + iterations("FelixBenchmark.addonBundleCycle") + ", JNI "
                        + iterations("FelixBenchmark.jniBundleCycle") + ")",
                "≤ 1.2×", met(Math.max(felixAddon / felixJni, felixMedians), true, 1.2));
        row(s, "2 threads on 2 contexts / 1 thread on 1 context, bound `add` calls per second",
                ratio(two / one) + " (" + measured("ThroughputBenchmark.boundTwoThreads") + " vs "
                        + measured("ThroughputBenchmark.boundOneThread") + "; raw JNI on this machine: "
                        + ratio(score("ThroughputBenchmark.rawJniTwoThreads")
                                / score("ThroughputBenchmark.rawJniOneThread"))
                        + "; through `call`: " + ratio(score("ThroughputBenchmark.callTwoThreads")
                                / score("ThroughputBenchmark.callOneThread")) + ")",
                "≥ 1.8×", met(two / one, false, 1.8));
        RssHarness.Result main = rss("call");
        RssHarness.Result c1 = rss("call-c1");
        if (main == null) {
            row(s, "RSS growth over 10,000 load/unload cycles", "not run", "≤ 2 MiB, no mapping left", "n/a");
        } else {
            boolean clean = !main.mapped() && main.contextsLeft() == 0 && main.librariesLeft() == 0;
            String verdict = main.growthMiB() <= 2 && clean ? "yes"
                    : clean && c1 != null && c1.growthMiB() <= 2 && !c1.mapped()
                            ? "no by VmRSS with C2; yes for the runtime (C1 line, note)" : "**no**";
            row(s, String.format(Locale.ROOT, "RSS growth over %,d cycles (create + load + `call` + close, no other "
                    + "context: each maps and unmaps), after %,d warm-up cycles, default JIT", main.cycles(),
                    main.warmup()), rssText(main), "≤ 2 MiB, no mapping left", verdict);
        }
        if (c1 != null) {
            row(s, "the same with C1 only (`-XX:TieredStopAtLevel=1`: no C2 compiling during the cycles)", rssText(c1),
                    "report", "—");
        }
        RssHarness.Result kept = rss("shared");
        if (kept != null) {
            row(s, String.format(Locale.ROOT, "the same while another context keeps the module mapped (%,d "
                    + "cycles, no dlopen/dlclose)", kept.cycles()), rssText(kept), "report", "—");
        }
        RssHarness.Result bind = rss("bind");
        if (bind != null) {
            row(s, String.format(Locale.ROOT, "the same as the first, binding the interface in every cycle "
                    + "(%,d cycles)", bind.cycles()), rssText(bind), "report", "—");
        }
        againstNode(s);
        s.append("\nWhere a bound call's time goes (same run; each line removes pieces of the bound call):\n\n");
        s.append("| variant | time per call | allocated per call |\n|---|---|---|\n");
        breakdown(s, "raw JNI: `static native int add(int, int)`", "CallBenchmark.rawJni");
        breakdown(s, "Java side of the fast path around the raw JNI call (state check, context lock, counters)",
                "BreakdownBenchmark.lockAndRawJni");
        breakdown(s, "bound call of `noop()`: the whole fast path with no Node-API work", "BreakdownBenchmark.boundNoop");
        breakdown(s, "Node-API work of one `add`, looped in C (no JNI, no lock): napi_call_function with two "
                + "new numbers in a handle scope", "BreakdownBenchmark.napiOnly");
        breakdown(s, "bound call of `add(20, 22)`", "CallBenchmark.bound");
        breakdown(s, "`call(\"add\", 20, 22)`", "CallBenchmark.call");
        asyncBreakdown(s);
        return s.toString();
    }

    /** Our per-call times beside Node's on the same addon file, with the ratios and their goals. */
    private void againstNode(StringBuilder s) {
        if (nodeCalls.isEmpty()) {
            s.append("\nAgainst Node (the same `libbenchaddon.so` in `node`): ").append(nodeCallsMissing)
                    .append(".\n");
            return;
        }
        NodeCalls.Result n = nodeCalls.get();
        s.append(String.format(Locale.ROOT, "%nAgainst Node %s: the same `libbenchaddon.so` loaded with "
                + "`process.dlopen` and called from a JS loop (Node: median of %d samples of %,d calls, the three "
                + "measures interleaved, after %d warm-up rounds, fastest–slowest sample in brackets; ours: JMH "
                + "mean ± error):%n%n", n.version(), n.samples(), n.calls(), n.warmup()));
        s.append("| measure | ours | Node | ours / Node | goal | met? |\n|---|---|---|---|---|---|\n");
        nodeRow(s, "bound `add(20, 22)` / Node `add(20, 22)`", "CallBenchmark.bound", n.add(), 0.5);
        nodeRow(s, "bound `noop()` / Node `noop()`", "BreakdownBenchmark.boundNoop", n.noop(), 0.75);
        nodeRow(s, "`napiOnly` / Node `addLoop`: the addon's C loop calling `add` through `napi_call_function`, "
                + "per call", "BreakdownBenchmark.napiOnly", n.addLoop(), 0.2);
        nodeRow(s, "`call(\"add\", 20, 22)` / Node `add(20, 22)`", "CallBenchmark.call", n.add(), 1.5);
        asyncAgainstNode(s, n);
        tsfnAgainstNode(s, n);
    }

    /** Thread-safe functions: calls delivered per second from one native thread, ours beside Node's. */
    private void tsfnAgainstNode(StringBuilder s, NodeCalls.Result n) {
        s.append(String.format(Locale.ROOT, "%nThread-safe functions against Node %s, the same file: one native "
                + "thread makes %,d blocking calls and releases, the promise resolves when the finalizer ran (Node: "
                + "`await` in a loop, median of %d samples; ours: JMH mean ± error); per call delivered, and calls "
                + "per second:%n%n", n.version(), NodeCalls.TSFN_CALLS, n.samples()));
        s.append("| measure | ours | Node | ours / Node (time per call) | goal | met? |\n|---|---|---|---|---|---|\n");
        nodeRow(s, "call_js calling a function with the call's number: `tsfnCalls(n, javaFunction).join()` / Node "
                + "`await tsfnCalls(n, fn)`", "TsfnBenchmark.javaFunction", n.tsfnCalls(), 1);
        nodeRow(s, "call_js counting in C, no function: `tsfnCallsNative(n).join()` / Node "
                + "`await tsfnCallsNative(n)`", "TsfnBenchmark.nativeOnly", n.tsfnCallsNative(), 1);
        s.append(String.format(Locale.ROOT, "%nCalls per second (goal: ours ≥ Node's, i.e. a time ratio ≤ 1×): "
                + "with a function %s (Node %s), C only %s (Node %s).%n",
                perSecond(score("TsfnBenchmark.javaFunction")), perSecond(n.tsfnCalls().medianNs()),
                perSecond(score("TsfnBenchmark.nativeOnly")), perSecond(n.tsfnCallsNative().medianNs())));
    }

    private static String perSecond(double nsPerCall) {
        return String.format(Locale.ROOT, "%,.0f", 1e9 / nsPerCall);
    }

    /** Asynchrony: the bound async exports joined, beside Node awaiting the same exports. */
    private void asyncAgainstNode(StringBuilder s, NodeCalls.Result n) {
        s.append(String.format(Locale.ROOT, "%nAsynchrony against Node %s, the same file (Node: `await` in a loop, "
                + "median of %d samples of %,d round trips or works; ours: a bound method answering a "
                + "`CompletableFuture`, `join()`ed, one thread, JMH mean ± error):%n%n", n.version(), n.samples(),
                n.asyncCalls()));
        s.append("| measure | ours | Node | ours / Node | goal | met? |\n|---|---|---|---|---|---|\n");
        nodeRow(s, "round trip of one async work: `addAsync(1, 2).join()` / Node `await addAsync(1, 2)`",
                "AsyncBenchmark.roundTrip", n.addAsync(), 1);
        nodeRow(s, "throughput: `addAsyncMany(1000).join()` / Node `await addAsyncMany(1000)`, per work",
                "AsyncBenchmark.manyWorks", n.addAsyncMany(), Double.NaN);
        nodeRow(s, "a promise resolved within the call: `addNow(1, 2).join()` / Node `await addNow(1, 2)`",
                "AsyncBenchmark.settledPromise", n.addNow(), Double.NaN);
    }

    /** The async round trip beside the thread hand-offs it is made of, measured without an addon. */
    private void asyncBreakdown(StringBuilder s) {
        s.append("\nWhere an async round trip's time goes (same run; thread hand-offs without an addon beside the "
                + "addon's futures that make as many):\n\n");
        s.append("| variant | time per round trip | allocated per round trip |\n|---|---|---|\n");
        breakdown(s, "Java only: caller → executor thread → caller (`supplyAsync(…, executor).join()`)",
                "AsyncBenchmark.javaOneHop");
        breakdown(s, "`addNow(1, 2).join()`: promise settled in the call, drained on the caller's thread as the "
                + "call leaves the context: no hand-off", "AsyncBenchmark.settledPromise");
        breakdown(s, "Java only: caller → executor thread → second executor thread → caller",
                "AsyncBenchmark.javaTwoHops");
        breakdown(s, "`addAsync(1, 2).join()`: caller → pool thread (execute, upcall, drain, complete) → caller",
                "AsyncBenchmark.roundTrip");
    }

    /** A row of ours beside Node's; a NaN goal is "report" (no goal). Both in ns. */
    private void nodeRow(StringBuilder s, String label, String benchmark, NodeCalls.Spread node, double goal) {
        double r = score(benchmark) / node.medianNs();
        s.append("| ").append(label).append(" | ").append(measured(benchmark)).append(" | ")
                .append(num(node.medianNs())).append(" ns (").append(num(node.minNs())).append("–")
                .append(num(node.maxNs())).append(") | ").append(ratio(r)).append(" | ");
        if (Double.isNaN(goal)) {
            s.append("report | — |\n");
            return;
        }
        s.append("≤ ").append(java.math.BigDecimal.valueOf(goal).stripTrailingZeros().toPlainString())
                .append("× | ").append(met(r, true, goal)).append(" |\n");
    }

    private RssHarness.Result rss(String variant) {
        return rss.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
    }

    private static String rssText(RssHarness.Result r) {
        return String.format(Locale.ROOT, "%+.2f MiB (VmRSS %.1f → %.1f MiB); C heap in use %+.2f MiB (%+.0f B per "
                + "cycle), held from the system %+.2f MiB; file still mapped: %s; contexts left: %d, libraries "
                + "left: %d; %.0f µs per cycle",
                r.growthMiB(), r.rssBefore() / 1048576.0, r.rssAfter() / 1048576.0,
                (r.mallocAfter() - r.mallocBefore()) / 1048576.0, r.mallocBytesPerCycle(),
                (r.heldAfter() - r.heldBefore()) / 1048576.0, r.mapped() ? "**yes**" : "no", r.contextsLeft(),
                r.librariesLeft(), r.microsPerCycle());
    }

    private void breakdown(StringBuilder s, String label, String benchmark) {
        s.append("| ").append(label).append(" | ").append(measured(benchmark)).append(" | ")
                .append(allocation(benchmark)).append(" |\n");
    }

    private static void row(StringBuilder s, String measure, String result, String goal, String met) {
        s.append("| ").append(measure).append(" | ").append(result).append(" | ").append(goal).append(" | ")
                .append(met).append(" |\n");
    }

    // ---- The machine ------------------------------------------------------------------------------------------

    String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // keep "unknown"
        }
        String load = loadAverage();
        return String.format(Locale.ROOT, "Benchmarks of %s on %s, %d cores, %s, JDK %s (%s), load average %s.%n"
                + "Command: java -jar addon.bench/target/benchmarks.jar (JVM flags: %s)%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), load,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    /**
     * {busy jiffies of the whole machine, jiffies of this process and its finished children (the JMH forks, the RSS
     * harness, node)}, from /proc/stat and /proc/self/stat; null where not readable.
     */
    static long[] cpuJiffies() {
        try {
            String[] cpu = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                busy += Long.parseLong(cpu[i]);
            }
            String stat = Files.readString(Paths.get("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long self = 0;
            for (int i = 11; i <= 14; i++) { // utime stime cutime cstime (fields 14-17 of the file)
                self += Long.parseLong(f[i]);
            }
            return new long[] {busy, self};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** How much CPU other processes took while the benchmarks ran: the noise the figures carry. */
    static String othersCpu(long[] before, long[] after, long wallNanos) {
        if (before == null || after == null) {
            return "";
        }
        double jiffiesPerSecond = 100.0; // USER_HZ on Linux
        double others = ((after[0] - before[0]) - (after[1] - before[1])) / jiffiesPerSecond;
        double seconds = wallNanos / 1e9;
        return String.format(Locale.ROOT, "Other processes used %.0f%% of one core on average during the %.0f s run "
                + "(%s).", Math.max(0, 100 * others / seconds), seconds, others / seconds < 0.05 ? "a quiet machine"
                        : "**not a quiet machine**: the figures carry that noise, the two-thread ratio most; rerun");
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "? ? ?";
        }
    }
}
