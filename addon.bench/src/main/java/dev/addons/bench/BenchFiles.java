package dev.addons.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmark's native files and bundles are resources of its jar; native files are copied out once per JVM
 * into a private temporary directory (deleted at exit) so that they can be loaded.
 */
public final class BenchFiles {

    /** The platform folder the build puts the benchmark's native files in. */
    public static final String PLATFORM = "linux_x86_64";

    private static Path dir;

    private BenchFiles() {
    }

    /** The bench addon (Node-API): {@code add}, {@code noop}, {@code addLoop}. */
    public static Path benchAddon() {
        return extract("bench-native/" + PLATFORM + "/libbenchaddon.so", "libbenchaddon.so");
    }

    /** The raw JNI library of {@link RawJni} and of the plain JNI bundle. */
    public static Path rawJniLibrary() {
        return extract("bench-native/" + PLATFORM + "/libaddonbench_rawjni.so", "libaddonbench_rawjni.so");
    }

    /** The Node.js driver of the per-call comparison ({@link NodeCalls}), {@code src/main/node/node-calls.js}. */
    public static Path nodeCallsDriver() {
        return extract("node/node-calls.js", "node-calls.js");
    }

    /** The bytes of a resource of this jar. */
    public static byte[] bytes(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BenchFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("resource " + resource + " is not in the benchmark jar (built with "
                    + "mvn install? the benchmarks run from addon.bench/target/benchmarks.jar)");
        }
        return in;
    }

    private static synchronized Path extract(String resource, String fileName) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("addon-bench");
                Path created = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
            }
            Path target = dir.resolve(fileName);
            if (!Files.exists(target)) {
                try (InputStream in = open(resource)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort, at exit
        }
    }
}
