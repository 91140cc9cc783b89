package dev.addons.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Node's output per area as committed, src/test/resources/node-expected/AREA.txt: what the comparison uses where
 * `node` is missing, and what a live Node run is checked against (so that a change of Node shows).
 */
final class NodeExpected {

    static final Path DIRECTORY = Path.of("src", "test", "resources", "node-expected");
    static final String UPDATE_COMMAND = "mvn -B -ntp -pl addon.conformance -am verify -Dconformance.update=true";

    private NodeExpected() {
    }

    static Path file(String area) {
        return DIRECTORY.resolve(area + ".txt");
    }

    static Optional<List<String>> read(String area) {
        Path file = file(area);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllLines(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static void write(String area, List<String> lines) {
        try {
            Files.createDirectories(DIRECTORY);
            Files.write(file(area), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(file(area) + ": " + e.getMessage(), e);
        }
    }
}
