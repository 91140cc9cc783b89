package dev.addons.demo.naa;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.addons.core.AddonRuntimeCore;
import dev.addons.testsupport.NodeExecutable;

/**
 * The node-addon-api example addon, the same library, driven the same way in Node (src/test/node/driver.js) and in
 * our runtime (ExamplesDriver): the lines must be equal, line by line, as in addon.conformance. Without `node`:
 * skipped, saying so, or failed where node is required (CI; see NodeExecutable).
 */
class NodeAddonApiDifferentialTest {

    private static final Path DRIVER = Path.of("src", "test", "node", "driver.js").toAbsolutePath();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void nodeAndOurRuntimePrintTheSameLines() throws IOException {
        NodeExecutable node = NodeExecutable.require("NodeAddonApiDifferentialTest (naa_examples in Node and ours)");
        Path library = NodeAddonApiTest.library();
        List<String> expected = node.runSuccessfully(NODE_TIMEOUT, DRIVER.toString(), library.toString())
                .stdoutLines();
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
}
