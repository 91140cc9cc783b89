package dev.addons.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The yardstick for a context cycle: a Node.js Worker that loads the same bench addon file
 * ({@code process.dlopen}; our headers are ABI-identical to Node's, so the file loads in Node as it is), calls
 * {@code add(20, 22)}, posts the result and is terminated. Measured with the {@code node} found on the PATH, if
 * any; the report says so when there is none.
 */
public final class NodeWorkerCycle {

    private static final String SCRIPT = String.join("\n",
            "const { Worker } = require('worker_threads');",
            "const file = process.argv[2], n = Number(process.argv[3]), warmup = Number(process.argv[4]);",
            "const src = \"const { parentPort, workerData } = require('worker_threads');\"",
            "  + \"const m = { exports: {} }; process.dlopen(m, workerData);\"",
            "  + \"parentPort.postMessage(m.exports.add(20, 22));\";",
            "function cycle() {",
            "  return new Promise((resolve, reject) => {",
            "    const w = new Worker(src, { eval: true, workerData: file });",
            "    w.once('error', reject);",
            "    w.once('message', v => { w.terminate().then(() => resolve(v)); });",
            "  });",
            "}",
            "(async () => {",
            "  for (let i = 0; i < warmup; i++) await cycle();",
            "  const t0 = process.hrtime.bigint();",
            "  let v;",
            "  for (let i = 0; i < n; i++) v = await cycle();",
            "  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;",
            "  if (v !== 42) throw new Error('add answered ' + v);",
            "  console.log('NODE-WORKER-US ' + us + ' ' + process.version);",
            "})().catch(e => { console.error(e); process.exit(1); });",
            "");

    /** What was measured: microseconds per Worker cycle and the Node version; empty if node is not there. */
    public record Result(double micros, String version) {
    }

    private NodeWorkerCycle() {
    }

    public static java.util.Optional<Result> measure(int cycles, int warmup) {
        Path script = null;
        try {
            script = Files.createTempFile("addon-bench-worker", ".js");
            Files.writeString(script, SCRIPT);
            Process p = new ProcessBuilder("node", script.toString(), BenchFiles.benchAddon().toString(),
                    Integer.toString(cycles), Integer.toString(warmup)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                System.err.println("node Worker cycle failed: " + out.strip());
                return java.util.Optional.empty();
            }
            for (String line : out.split("\n")) {
                if (line.startsWith("NODE-WORKER-US ")) {
                    String[] parts = line.trim().split(" ");
                    return java.util.Optional.of(new Result(Double.parseDouble(parts[1]), parts[2]));
                }
            }
            System.err.println("node Worker cycle printed no result: " + out.strip());
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty(); // no node on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } finally {
            if (script != null) {
                script.toFile().delete();
            }
        }
    }
}
