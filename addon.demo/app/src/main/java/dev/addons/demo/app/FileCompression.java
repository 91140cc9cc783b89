package dev.addons.demo.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.addons.api.Addon;
import dev.addons.api.JavaFunction;

/**
 * Part 4 of the scenario: the zlib-async bundle's {@code compressFile} deflates a file on the async pool and reports
 * its progress through a thread-safe function to a Java function, which prints a line per 64 KiB chunk; the
 * CompletableFuture of its promise answers the summary, and java.util.zip inflates the output back to the input.
 */
final class FileCompression {

    static final String MODULE = "zlib_async";
    static final int SIZE = 512 * 1024;

    private final PrintStream out;

    FileCompression(PrintStream out) {
        this.out = out;
    }

    /** Compresses a sample file in a temporary directory; null if all went well, else what went wrong. */
    String run(Addon zlib) throws Exception {
        Path dir = Files.createTempDirectory("addon-demo-zlib");
        Path input = dir.resolve("sample.txt");
        Path output = dir.resolve("sample.txt.z");
        try {
            byte[] data = sample();
            Files.write(input, data);
            AtomicLong lastDone = new AtomicLong(-1);
            AtomicLong lastTotal = new AtomicLong(-1);
            // Called on a loop thread of the context, once per chunk, in order; the promise settles after the last.
            JavaFunction onProgress = (self, args) -> {
                long done = ((Number) args[0]).longValue();
                long total = ((Number) args[1]).longValue();
                lastDone.set(done);
                lastTotal.set(total);
                out.println(String.format(Locale.ROOT, "  progress %3d%%  %,d of %,d bytes", total == 0 ? 100
                        : 100 * done / total, done, total));
                return null;
            };
            long start = System.nanoTime();
            CompletableFuture<?> promise = (CompletableFuture<?>) zlib.call("compressFile", input.toString(),
                    output.toString(), 6, onProgress);
            Map<?, ?> summary = (Map<?, ?>) promise.get(30, TimeUnit.SECONDS);
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            long bytesOut = ((Number) summary.get("bytesOut")).longValue();
            out.println(String.format(Locale.ROOT, "compressFile answered %s: %,d -> %,d bytes in %.1f ms",
                    summary.get("output"), ((Number) summary.get("bytesIn")).longValue(), bytesOut, micros / 1000.0));
            boolean same = Arrays.equals(data, inflate(Files.readAllBytes(output)));
            out.println("inflated with java.util.zip: " + (same ? "the same bytes as the input" : "DIFFERENT bytes"));
            if (!same) {
                return "the compressed file does not inflate to the input";
            }
            if (lastDone.get() != data.length || lastTotal.get() != data.length) {
                return "the last progress call was " + lastDone + " of " + lastTotal + ", expected " + data.length;
            }
            return null;
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(input);
            Files.deleteIfExists(dir);
        }
    }

    /** Text lines, SIZE bytes: compressible, as most files are. */
    private static byte[] sample() {
        StringBuilder text = new StringBuilder(SIZE + 64);
        for (int i = 0; text.length() < SIZE; i++) {
            text.append("line ").append(i).append(": the demo compresses this file on the async pool\n");
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), SIZE);
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException, IOException {
        Inflater inflater = new Inflater();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            inflater.setInput(compressed);
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && inflater.needsInput() && !inflater.finished()) {
                    throw new DataFormatException("the zlib stream ends early");
                }
                bytes.write(chunk, 0, n);
            }
            return bytes.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
