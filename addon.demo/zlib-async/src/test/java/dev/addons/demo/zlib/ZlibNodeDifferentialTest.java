package dev.addons.demo.zlib;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;
import dev.addons.testsupport.NodeExecutable;
import dev.addons.testsupport.SameLines;

/**
 * compressFile (progress through a thread-safe function, the promise settled in its finalizer, errors with errno
 * codes) run by src/test/node/compress-file.js under Node and by the same steps here, on the same libzlib_async.so
 * and the same input file: every printed line must be equal. Compressed sizes are not compared: under Node the addon's
 * deflate calls bind to the zlib the node executable exports (another fork, other bytes), here to the system's libz.
 */
class ZlibNodeDifferentialTest {

    private static final Path SCRIPT = Path.of("src", "test", "node", "compress-file.js").toAbsolutePath();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(120);
    /** Three full 64 KiB chunks and a partial one, compressible but not trivially. */
    private static final int INPUT_SIZE = 3 * 65536 + 12345;

    @Test
    void nodeAndOurRuntimePrintTheSameLines(@TempDir Path dir) throws Exception {
        NodeExecutable node = NodeExecutable.require("ZlibNodeDifferentialTest (compressFile in Node and ours)");
        Path library = ZlibAsyncTest.library();
        Path input = Files.write(dir.resolve("input.bin"), sample(INPUT_SIZE));
        Path nodeDir = Files.createDirectories(dir.resolve("node"));
        Path ourDir = Files.createDirectories(dir.resolve("ours"));
        List<String> expected = node.runSuccessfully(NODE_TIMEOUT, SCRIPT.toString(), library.toString(),
                input.toString(), nodeDir.toString()).stdoutLines();
        List<String> ours = runOurs(library, input, ourDir);
        SameLines.assertSameLines("compressFile", expected, ours, Path.of("target", "differential"), "zlib");
    }

    /** The steps of compress-file.js, printed the way console.log prints them there. */
    private static List<String> runOurs(Path library, Path input, Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        AddonContext context = runtime.newContext("zlib-differential");
        try {
            Addon zlib = context.load(ModuleSpec.of("zlib_async", library));
            Path output = dir.resolve("out.z");
            List<long[]> seen = new ArrayList<>();
            Map<?, ?> summary = (Map<?, ?>) await(zlib.call("compressFile", input.toString(), output.toString(), 6,
                    (JavaFunction) (self, args) -> {
                        seen.add(new long[] {number(args[0]), number(args[1])});
                        lines.add("progress " + number(args[0]) + " " + number(args[1]));
                        return null;
                    }));
            lines.add("summary " + number(summary.get("bytesIn")) + " " + (number(summary.get("bytesOut")) > 0) + " "
                    + input.toString().equals(summary.get("input")) + " "
                    + output.toString().equals(summary.get("output")));
            long[] last = seen.get(seen.size() - 1);
            lines.add("progress calls " + seen.size() + " last " + last[0] + " " + last[1]);
            byte[] back = ZlibAsyncTest.inflate(Files.readAllBytes(output));
            lines.add("round trip " + Arrays.equals(back, Files.readAllBytes(input)) + " "
                    + (Files.size(output) == number(summary.get("bytesOut"))));
            Map<?, ?> noProgress = (Map<?, ?>) await(zlib.call("compressFile", input.toString(),
                    dir.resolve("again.z").toString()));
            lines.add("without onProgress " + number(noProgress.get("bytesIn")) + " "
                    + (number(noProgress.get("bytesOut")) == number(summary.get("bytesOut"))));
            Path empty = Files.write(dir.resolve("empty"), new byte[0]);
            Map<?, ?> emptySummary = (Map<?, ?>) await(zlib.call("compressFile", empty.toString(),
                    empty + ".z", (JavaFunction) (self, args) -> {
                        lines.add("empty progress " + number(args[0]) + " " + number(args[1]));
                        return null;
                    }));
            lines.add("empty summary " + number(emptySummary.get("bytesIn")) + " "
                    + number(emptySummary.get("bytesOut")));
            Path missingOutput = dir.resolve("missing.z");
            lines.add(rejection(zlib, "/nonexistent/in", missingOutput.toString(),
                    (JavaFunction) (self, args) -> lines.add("never")) + " " + Files.exists(missingOutput));
            lines.add(rejection(zlib, input.toString(), "/nonexistent/dir/out.z"));
            for (Object[] args : List.of(new Object[] {input.toString(), output.toString(), 12},
                    new Object[] {input.toString(), output.toString(), 6, "x"},
                    new Object[] {42, output.toString()}, new Object[] {input.toString()})) {
                try {
                    zlib.call("compressFile", args);
                    lines.add("no throw");
                } catch (AddonException e) {
                    lines.add("threw " + e.code() + " " + e.getMessage());
                }
            }
        } finally {
            context.close();
            runtime.close();
        }
        return lines;
    }

    private static String rejection(Addon zlib, Object... args) throws Exception {
        try {
            await(zlib.call("compressFile", args));
            return "resolved";
        } catch (ExecutionException e) {
            AddonException error = (AddonException) e.getCause();
            return "rejected " + error.code() + " " + error.getMessage();
        }
    }

    private static Object await(Object promise) throws Exception {
        return ((CompletableFuture<?>) promise).get(60, TimeUnit.SECONDS);
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static byte[] sample(int size) {
        byte[] data = new byte[size];
        long seed = 42;
        for (int i = 0; i < size; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            data[i] = (byte) ('a' + (int) ((seed >>> 60) & 7));
        }
        return data;
    }
}
