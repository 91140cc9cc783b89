package dev.addons.conformance;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Node's side: runs src/test/node/driver.js on an area addon with the `node` found on the PATH. The output is cached
 * in target/node-output/AREA.txt, keyed by the SHA-256 of the library and of the driver and by Node's version, so
 * that an unchanged addon is not run again.
 */
final class NodeDriver {

    private static final Path DRIVER = Path.of("src", "test", "node", "driver.js").toAbsolutePath();
    private static final Path CACHE = Path.of("target", "node-output").toAbsolutePath();

    private final Path node;
    private final String version;

    private NodeDriver(Path node, String version) {
        this.node = node;
        this.version = version;
    }

    /** The node on the PATH, or empty when there is none. */
    static Optional<NodeDriver> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                List<String> out = exec(List.of(candidate.toString(), "--version"));
                return Optional.of(new NodeDriver(candidate, out.isEmpty() ? "?" : out.get(0).trim()));
            }
        }
        return Optional.empty();
    }

    String version() {
        return version;
    }

    Path node() {
        return node;
    }

    List<String> run(String area) {
        Path library = Areas.library(area);
        try {
            String key = sha256(library) + " " + sha256(DRIVER) + " " + version;
            Path output = CACHE.resolve(area + ".txt");
            Path keyFile = CACHE.resolve(area + ".key");
            if (Files.exists(output) && Files.exists(keyFile) && Files.readString(keyFile).equals(key)) {
                return Files.readAllLines(output);
            }
            List<String> lines = exec(List.of(node.toString(), DRIVER.toString(), library.toString()));
            Files.createDirectories(CACHE);
            Files.write(output, lines);
            Files.writeString(keyFile, key);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("node " + DRIVER + " " + library + ": " + e.getMessage(), e);
        }
    }

    private static List<String> exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not exit");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + ", output:\n" + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " interrupted", e);
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
