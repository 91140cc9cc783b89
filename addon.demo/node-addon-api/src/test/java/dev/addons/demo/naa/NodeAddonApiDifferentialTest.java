package dev.addons.demo.naa;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.addons.core.AddonRuntimeCore;

/**
 * The node-addon-api example addon, the same library, driven the same way in Node (src/test/node/driver.js) and in
 * our runtime (ExamplesDriver): the lines must be equal, line by line, as in addon.conformance. Skipped, saying
 * so, where `node` is not on the PATH.
 */
class NodeAddonApiDifferentialTest {

    private static final Path DRIVER = Path.of("src", "test", "node", "driver.js").toAbsolutePath();

    @Test
    void nodeAndOurRuntimePrintTheSameLines() throws IOException {
        Optional<Path> node = nodeOnPath();
        assumeTrue(node.isPresent(), "node not found on the PATH: the differential test of naa_examples is skipped");
        Path library = NodeAddonApiTest.library();
        List<String> expected = exec(List.of(node.get().toString(), DRIVER.toString(), library.toString()));
        List<String> ours = ExamplesDriver.run(new AddonRuntimeCore(), library);
        Path dir = Path.of("target", "differential");
        Files.createDirectories(dir);
        Files.write(dir.resolve("node.txt"), expected);
        Files.write(dir.resolve("ours.txt"), ours);
        StringBuilder differences = new StringBuilder();
        for (int i = 0; i < Math.max(expected.size(), ours.size()); i++) {
            String n = i < expected.size() ? expected.get(i) : "<no line>";
            String o = i < ours.size() ? ours.get(i) : "<no line>";
            if (!n.equals(o)) {
                differences.append("line ").append(i + 1).append("\n  node: ").append(n).append("\n  ours: ")
                        .append(o).append('\n');
            }
        }
        if (differences.length() > 0) {
            fail("naa_examples prints other lines in our runtime than in Node " + library
                    + " (both in target/differential):\n" + differences);
        }
    }

    private static Optional<Path> nodeOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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
}
