package dev.addons.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.addons.testsupport.NodeExecutable;

/**
 * Runs each benchmark's body a few times, outside JMH, so that the normal build catches a benchmark that no longer
 * works (a few seconds; the real run is {@code java -jar target/benchmarks.jar}).
 */
class BenchmarkSmokeTest {

    /**
     * The bench addon's exports: add, noop, addLoop, addAsync, addAsyncMany, addNow, addLater, tsfnCalls,
     * tsfnCallsNative.
     */
    private static final int EXPORTS = 9;

    @Test
    void theThreeWaysOfCallingAddAgree() {
        CallBenchmark b = new CallBenchmark();
        b.setUp();
        try {
            assertEquals(42, b.rawJni());
            assertEquals(42, b.bound());
            assertEquals(42, b.call());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void breakdownPiecesWork() {
        BreakdownBenchmark b = new BreakdownBenchmark();
        b.setUp();
        try {
            assertEquals(42, b.lockAndRawJni());
            b.boundNoop();
            // sum of (i + 1) for i < 1000
            assertEquals(BreakdownBenchmark.LOOP * (BreakdownBenchmark.LOOP + 1) / 2, b.napiOnly());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void asyncExportsAnswerFuturesThatComplete() {
        AsyncBenchmark b = new AsyncBenchmark();
        b.setUp();
        try {
            for (int i = 0; i < 20; i++) {
                assertEquals(3, b.roundTrip());
                assertEquals(3, b.settledPromise());
                assertEquals(3, b.javaOneHop());
                assertEquals(3, b.javaTwoHops());
            }
            assertEquals(AsyncBenchmark.MANY * (AsyncBenchmark.MANY + 1) / 2, b.manyWorks());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void threadSafeFunctionRunsDeliverEveryCall() {
        TsfnBenchmark b = new TsfnBenchmark();
        b.setUp(); // checks that each call reached the Java function once
        try {
            assertEquals(TsfnBenchmark.CALLS, b.javaFunction());
            assertEquals(TsfnBenchmark.CALLS, b.nativeOnly());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void contextCyclesLeaveNothingOpen() {
        // One runtime at a time: two runtimes loading the same file share the loader's mapping of it.
        ContextBenchmark b = new ContextBenchmark();
        ContextBenchmark.Shared shared = new ContextBenchmark.Shared();
        shared.setUp();
        try {
            for (int i = 0; i < 20; i++) {
                assertEquals(EXPORTS, b.sharedMapping(shared));
                assertEquals(42, b.sharedMappingBound(shared));
            }
            assertEquals(1, shared.runtime.contexts().size()); // the keeper
        } finally {
            shared.tearDown();
        }
        ContextBenchmark.Empty empty = new ContextBenchmark.Empty();
        empty.setUp();
        try {
            for (int i = 0; i < 20; i++) {
                assertEquals(EXPORTS, b.firstMapping(empty));
                assertEquals(EXPORTS, b.isolated(empty));
            }
            assertTrue(empty.runtime.libraries().isEmpty());
            assertEquals(0, empty.runtime.inspector().counters().modulesLeftMapped());
        } finally {
            empty.tearDown();
        }
    }

    @Test
    void throughputStatesWork() {
        ThroughputBenchmark b = new ThroughputBenchmark();
        ThroughputBenchmark.Runtime r = new ThroughputBenchmark.Runtime();
        r.setUp();
        try {
            ThroughputBenchmark.PerThread t = new ThroughputBenchmark.PerThread();
            t.setUp(r);
            assertEquals(42, b.boundOneThread(t));
            assertEquals(42, b.callOneThread(t));
            assertEquals(42, b.rawJniOneThread(t));
        } finally {
            r.tearDown();
        }
    }

    @Test
    void felixCyclesOfBothBundles() throws Exception {
        try (FelixHost host = new FelixHost()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(1, host.addonBundleCycle(), "a fresh context in every cycle");
                assertEquals(42, host.jniBundleCycle());
            }
        }
    }

    @Test
    void rssHarnessUnmapsTheModule() throws InterruptedException {
        System.setProperty("rss.settle.ms", "0");
        for (int variant = 0; variant < 3; variant++) {
            RssHarness.Result r = RssHarness.run("smoke", 200, 20, variant == 1, variant == 2);
            assertFalse(r.mapped(), "the bench addon is still mapped after its last context closed");
            assertEquals(0, r.contextsLeft());
            assertEquals(0, r.librariesLeft());
        }
    }

    @Test
    void nodeRunsTheSameAddonThroughTheDriver() {
        // One sample of one addLoop call's worth of calls: checks that node loads libbenchaddon.so, that the
        // driver's answers are right (it checks them) and that its line parses, not how fast anything is.
        // Without node: skipped, saying so, or failed where node is required (CI; see NodeExecutable).
        NodeExecutable node = NodeExecutable.require("BenchmarkSmokeTest (the benchmark's Node driver)");
        NodeCalls.Result r = NodeCalls.measure(node.path().toString(), NodeCalls.LOOP, 1, 0)
                .orElseThrow(() -> new AssertionError(node + " could not be started"));
        assertTrue(r.version().startsWith("v"), "node version " + r.version());
        assertEquals(NodeCalls.LOOP, r.calls());
        assertEquals(1, r.samples());
        for (NodeCalls.Spread spread : new NodeCalls.Spread[] {r.add(), r.noop(), r.addLoop(), r.addAsync(),
                r.addAsyncMany(), r.addNow(), r.tsfnCalls(), r.tsfnCallsNative()}) {
            assertTrue(spread.medianNs() > 0 && Double.isFinite(spread.medianNs()), spread.toString());
            assertTrue(spread.minNs() <= spread.medianNs() && spread.medianNs() <= spread.maxNs(), spread.toString());
        }
    }

    @Test
    void withoutNodeTheComparisonIsSkippedNotFailed() {
        assertTrue(NodeCalls.measure("/nonexistent/addon-bench/node", NodeCalls.LOOP, 1, 0).isEmpty());
    }

    @Test
    void withoutNodeTheReportSaysItSkippedTheComparison() {
        Report report = new Report();
        report.measureNodeCalls("/nonexistent/addon-bench/node", true);
        String tables = report.tables();
        assertTrue(tables.contains("Against Node (the same `libbenchaddon.so` in `node`): skipped: cannot start "
                + "`/nonexistent/addon-bench/node` (no node on the PATH)."), tables);
    }

    @Test
    void jmhFoundEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String name : new String[] {"CallBenchmark.rawJni", "CallBenchmark.bound", "CallBenchmark.call",
                "BreakdownBenchmark.lockAndRawJni", "BreakdownBenchmark.boundNoop", "BreakdownBenchmark.napiOnly",
                "ContextBenchmark.sharedMapping", "ContextBenchmark.sharedMappingBound",
                "ContextBenchmark.firstMapping", "ContextBenchmark.isolated",
                "FelixBenchmark.addonBundleCycle", "FelixBenchmark.jniBundleCycle",
                "ThroughputBenchmark.boundOneThread", "ThroughputBenchmark.boundTwoThreads",
                "ThroughputBenchmark.callOneThread", "ThroughputBenchmark.callTwoThreads",
                "ThroughputBenchmark.rawJniOneThread", "ThroughputBenchmark.rawJniTwoThreads",
                "AsyncBenchmark.roundTrip", "AsyncBenchmark.manyWorks", "AsyncBenchmark.settledPromise",
                "AsyncBenchmark.javaOneHop", "AsyncBenchmark.javaTwoHops", "TsfnBenchmark.javaFunction",
                "TsfnBenchmark.nativeOnly"}) {
            String generated = "dev.addons.bench.jmh_generated." + name.replace('.', '_') + "_jmhTest";
            assertTrue(list.contains(generated), name + " is not in META-INF/BenchmarkList");
        }
    }
}
