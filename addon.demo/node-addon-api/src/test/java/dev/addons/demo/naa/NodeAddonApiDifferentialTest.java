package dev.addons.demo.naa;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.addons.core.AddonRuntimeCore;
import dev.addons.testsupport.NodeExecutable;
import dev.addons.testsupport.SameLines;

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
        SameLines.assertSameLines("naa_examples (" + library + ")", expected, ours,
                Path.of("target", "differential"), "naa");
    }
}
