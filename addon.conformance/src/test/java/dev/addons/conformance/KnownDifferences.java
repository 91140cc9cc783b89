package dev.addons.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed list of an area's lines where our runtime is known to differ from Node,
 * src/test/resources/known-differences/AREA.txt. Entries are blocks of three lines:
 *
 * <pre>
 * reason: why the two differ (e.g. "not implemented yet")
 * node: the line as Node prints it
 * ours: the line as our runtime prints it
 * </pre>
 *
 * A "reason:" line applies to every node/ours pair after it until the next "reason:". Lines starting with # and
 * blank lines are comments.
 */
final class KnownDifferences {

    static final Path DIRECTORY = Path.of("src", "test", "resources", "known-differences");

    record Entry(String reason, String node, String ours, int nodeLine, int oursLine) {
    }

    private KnownDifferences() {
    }

    static Path file(String area) {
        return DIRECTORY.resolve(area + ".txt");
    }

    static List<Entry> read(String area) {
        Path file = file(area);
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        String reason = null;
        String node = null;
        int nodeLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("reason: ")) {
                reason = line.substring("reason: ".length());
            } else if (line.startsWith("node: ") && node == null) {
                node = line.substring("node: ".length());
                nodeLine = i + 1;
            } else if (line.startsWith("ours: ") && node != null) {
                if (reason == null) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": a difference without a reason");
                }
                entries.add(new Entry(reason, node, line.substring("ours: ".length()), nodeLine, i + 1));
                node = null;
            } else {
                throw new IllegalStateException(file + ":" + (i + 1) + ": expected 'reason: ', 'node: ' or 'ours: '"
                        + " (in that order), found: " + line);
            }
        }
        if (node != null) {
            throw new IllegalStateException(file + ":" + nodeLine + ": a 'node: ' line without its 'ours: ' line");
        }
        return entries;
    }
}
