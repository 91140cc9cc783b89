package dev.addons.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.addons.testsupport.NodeExecutable;

/**
 * Node's side: runs src/test/node/driver.js on an area addon with the `node` NodeExecutable finds (the PATH's, or
 * -Daddon.node). The output is cached in target/node-output/AREA.txt, keyed by the SHA-256 of the library and of
 * the driver and by Node's version, so that an unchanged addon is not run again.
 */
final class NodeDriver {

    private static final Path DRIVER = Path.of("src", "test", "node", "driver.js").toAbsolutePath();
    private static final Path CACHE = Path.of("target", "node-output").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final NodeExecutable node;

    private NodeDriver(NodeExecutable node) {
        this.node = node;
    }

    /** The node NodeExecutable finds, or empty when there is none. */
    static Optional<NodeDriver> find() {
        return NodeExecutable.find().map(NodeDriver::new);
    }

    String version() {
        return node.version();
    }

    Path node() {
        return node.path();
    }

    List<String> run(String area) {
        Path library = Areas.library(area);
        try {
            String key = sha256(library) + " " + sha256(DRIVER) + " " + version();
            Path output = CACHE.resolve(area + ".txt");
            Path keyFile = CACHE.resolve(area + ".key");
            if (Files.exists(output) && Files.exists(keyFile) && Files.readString(keyFile).equals(key)) {
                return Files.readAllLines(output);
            }
            List<String> lines = node.runSuccessfully(TIMEOUT, DRIVER.toString(), library.toString()).stdoutLines();
            Files.createDirectories(CACHE);
            Files.write(output, lines);
            Files.writeString(keyFile, key);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("node " + DRIVER + " " + library + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
