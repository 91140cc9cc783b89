package dev.addons.demo.zlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * The zlib_async example addon in our runtime: compression and decompression on the async pool, awaited through the
 * CompletableFuture each call answers; the JDK's own zlib (java.util.zip) checks the bytes both ways.
 */
class ZlibAsyncTest {

    private static AddonRuntimeCore runtime;
    private static AddonContext context;
    private static Addon zlib;

    static Path library() {
        Path library = Path.of(System.getProperty("zlib.library",
                "target/classes/native/linux_x86_64/libzlib_async.so"));
        assertTrue(Files.isRegularFile(library), "no " + library + ": build the module (mvn verify) first");
        return library;
    }

    /** A bound method declared to return CompletableFuture gets the promise's future. */
    interface Zlib {
        CompletableFuture<byte[]> compress(byte[] data, int level);

        CompletableFuture<byte[]> decompress(byte[] data);
    }

    @BeforeAll
    static void load() {
        runtime = new AddonRuntimeCore();
        context = runtime.newContext("zlib-test");
        zlib = context.load(ModuleSpec.of("zlib_async", library()));
    }

    @AfterAll
    static void close() {
        context.close();
        runtime.close();
    }

    private static Object await(Object promise) throws Exception {
        return assertInstanceOf(CompletableFuture.class, promise).get(60, TimeUnit.SECONDS);
    }

    private static byte[] sample(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) ("lorem ipsum dolor ".charAt(i % 18) + (i / 997) % 3);
        }
        return data;
    }

    @Test
    void compressedBytesInflateWithTheJdksZlib() throws Exception {
        byte[] data = sample(200_000);
        byte[] compressed = (byte[]) await(zlib.call("compress", data));
        assertTrue(compressed.length < data.length / 10, "compressed to " + compressed.length);
        assertArrayEquals(data, inflate(compressed));
    }

    @Test
    void bytesTheJdkDeflatedDecompress() throws Exception {
        byte[] data = sample(1_000_000);
        assertArrayEquals(data, zlib.bind(Zlib.class).decompress(deflate(data)).get(60, TimeUnit.SECONDS));
    }

    @Test
    void textAndEmptyInputRoundTrip() throws Exception {
        byte[] text = (byte[]) await(zlib.call("decompress", await(zlib.call("compress", "grüße, async"))));
        assertEquals("grüße, async", new String(text, StandardCharsets.UTF_8));
        assertEquals(0, ((byte[]) await(zlib.call("decompress", await(zlib.call("compress", new byte[0]))))).length);
    }

    @Test
    void manyWorksAtOnceAllComplete() throws Exception {
        Zlib bound = zlib.bind(Zlib.class);
        List<byte[]> inputs = new ArrayList<>();
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] data = Arrays.copyOf(sample(50_000 + i), 50_000 + i);
            inputs.add(data);
            futures.add(bound.compress(data, i % 10).thenCompose(bound::decompress));
        }
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(inputs.get(i), futures.get(i).get(60, TimeUnit.SECONDS), "work " + i);
        }
    }

    @Test
    void corruptAndTruncatedStreamsRejectWithZlibsCode() throws Exception {
        ExecutionException corrupt = assertThrows(ExecutionException.class,
                () -> await(zlib.call("decompress", "not zlib".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("Z_DATA_ERROR", assertInstanceOf(AddonException.class, corrupt.getCause()).code());
        byte[] compressed = deflate(sample(10_000));
        ExecutionException truncated = assertThrows(ExecutionException.class,
                () -> await(zlib.call("decompress", Arrays.copyOf(compressed, compressed.length / 2))));
        assertEquals("ERR_ZLIB_TRUNCATED", assertInstanceOf(AddonException.class, truncated.getCause()).code());
    }

    /**
     * compressFile calls onProgress (a Java function, through the addon's thread-safe function) after each 64 KiB
     * chunk, on a loop thread; the promise is settled after the last call, so that the list is complete when the
     * future is.
     */
    @Test
    void aFileCompressesWithProgressEndingAtItsSize(@TempDir Path dir) throws Exception {
        byte[] data = sample(1_000_000);
        Path input = Files.write(dir.resolve("in.txt"), data);
        Path output = dir.resolve("out.z");
        List<long[]> progress = new CopyOnWriteArrayList<>();
        JavaFunction onProgress = (self, args) -> {
            progress.add(new long[] {((Number) args[0]).longValue(), ((Number) args[1]).longValue()});
            return null;
        };
        Map<?, ?> summary = assertInstanceOf(Map.class,
                await(zlib.call("compressFile", input.toString(), output.toString(), 6, onProgress)));
        assertEquals(1_000_000 / (64 * 1024) + 1, progress.size(), "a call per 64 KiB chunk");
        long previous = 0;
        for (long[] point : progress) {
            assertTrue(point[0] > previous, "bytes done grow: " + point[0] + " after " + previous);
            assertEquals(data.length, point[1], "bytes total");
            previous = point[0];
        }
        assertEquals(data.length, previous, "the last call is 100%");
        byte[] compressed = Files.readAllBytes(output);
        assertEquals(Map.of("input", input.toString(), "output", output.toString()),
                Map.of("input", summary.get("input"), "output", summary.get("output")));
        assertEquals(data.length, ((Number) summary.get("bytesIn")).longValue());
        assertEquals(compressed.length, ((Number) summary.get("bytesOut")).longValue());
        assertArrayEquals(data, inflate(compressed));
    }

    /** The read after the last full chunk finds the end of the file: it is not reported again. */
    @Test
    void aFileOfWholeChunksReportsEachChunkOnce(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.bin"), sample(2 * 64 * 1024));
        List<Object> progress = new CopyOnWriteArrayList<>();
        await(zlib.call("compressFile", input.toString(), dir.resolve("out.z").toString(), 1,
                (JavaFunction) (self, args) -> progress.add(List.of(args))));
        assertEquals(List.of(List.of(65536, 131072), List.of(131072, 131072)), progress);
    }

    @Test
    void anEmptyFileReportsZeroOfZeroAndCompressesWithoutProgress(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        List<Object> progress = new CopyOnWriteArrayList<>();
        await(zlib.call("compressFile", empty.toString(), dir.resolve("empty.z").toString(),
                (JavaFunction) (self, args) -> progress.add(List.of(args))));
        assertEquals(List.of(List.of(0, 0)), progress, "level left out: the function is the third argument");
        assertArrayEquals(new byte[0], inflate(Files.readAllBytes(dir.resolve("empty.z"))));
        Map<?, ?> summary = (Map<?, ?>) await(zlib.call("compressFile", empty.toString(),
                dir.resolve("again.z").toString()));
        assertEquals(0, ((Number) summary.get("bytesIn")).intValue(), "without onProgress");
    }

    @Test
    void aMissingFileRejectsNamingThePath(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("no-such-file").toString();
        Path output = dir.resolve("out.z");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(zlib.call("compressFile", missing, output.toString(), 6,
                        (JavaFunction) (self, args) -> null)));
        AddonException error = assertInstanceOf(AddonException.class, e.getCause());
        assertEquals("ENOENT", error.code());
        assertTrue(error.getMessage().contains("'" + missing + "'"), error.getMessage());
        assertTrue(error.getMessage().contains("No such file or directory"), error.getMessage());
        Map<?, ?> rejection = assertInstanceOf(Map.class, error.value(), "the error's own properties, as in Node");
        assertEquals(missing, rejection.get("path"));
        assertEquals("open", rejection.get("syscall"));
        assertTrue(Files.notExists(output), "nothing written");
    }

    @Test
    void theSameFileAsInputAndOutputIsRefusedAndLeftAsItWas(@TempDir Path dir) throws Exception {
        byte[] data = sample(1000);
        Path file = Files.write(dir.resolve("in.txt"), data);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(zlib.call("compressFile", file.toString(), dir.resolve(".").resolve("in.txt").toString())));
        assertEquals("ERR_SAME_FILE", assertInstanceOf(AddonException.class, e.getCause()).code());
        assertArrayEquals(data, Files.readAllBytes(file), "not emptied");
    }

    @Test
    void aDirectoryAsInputRejectsAndLeavesNoOutput(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.z");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(zlib.call("compressFile", dir.toString(), output.toString())));
        AddonException error = assertInstanceOf(AddonException.class, e.getCause());
        assertEquals("EISDIR", error.code());
        assertTrue(error.getMessage().contains("cannot read input file '" + dir + "'"), error.getMessage());
        assertTrue(Files.notExists(output), "the partial output file is removed");
    }

    @Test
    void badArgumentsThrowAtTheCall() {
        AddonException level = assertThrows(AddonException.class, () -> zlib.call("compress", "x", 12));
        assertEquals("ERR_OUT_OF_RANGE", level.code());
        AddonException type = assertThrows(AddonException.class, () -> zlib.call("compress", 42));
        assertEquals("ERR_INVALID_ARG_TYPE", type.code());
        assertTrue(((String) zlib.call("version")).startsWith("1."));
        AddonException callback = assertThrows(AddonException.class,
                () -> zlib.call("compressFile", "in", "out", 6, "not a function"));
        assertEquals("ERR_INVALID_ARG_TYPE", callback.code());
        assertThrows(AddonException.class, () -> zlib.call("compressFile", "in"), "an output path is required");
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(chunk);
            if (n == 0 && inflater.needsInput() && !inflater.finished()) { // the empty stream finishes with 0
                throw new DataFormatException("truncated");
            }
            out.write(chunk, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
