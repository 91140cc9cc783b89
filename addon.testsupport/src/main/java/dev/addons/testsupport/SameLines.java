package dev.addons.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The verdict of a differential test: Node's lines and ours, written side by side for a reader, and every line that
 * differs named in the failure.
 */
public final class SameLines {

    private static final String MISSING = "<no line>";

    private SameLines() {
    }

    /**
     * Writes {@code <name>-node.txt} and {@code <name>-ours.txt} into {@code reportDirectory}, then fails naming each
     * differing line (a line one side lacks shows as {@value #MISSING}) unless both lists are equal.
     */
    public static void assertSameLines(String what, List<String> node, List<String> ours, Path reportDirectory,
            String name) {
        try {
            Files.createDirectories(reportDirectory);
            Files.write(reportDirectory.resolve(name + "-node.txt"), node);
            Files.write(reportDirectory.resolve(name + "-ours.txt"), ours);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the differential report into " + reportDirectory, e);
        }
        String differences = differences(node, ours);
        if (!differences.isEmpty()) {
            fail(what + " prints other lines in our runtime than in Node (both in " + reportDirectory + "):\n"
                    + differences);
        }
    }

    /** Each differing line as "line N", Node's and ours; empty when the lists are equal. */
    public static String differences(List<String> node, List<String> ours) {
        StringBuilder differences = new StringBuilder();
        for (int i = 0; i < Math.max(node.size(), ours.size()); i++) {
            String n = i < node.size() ? node.get(i) : MISSING;
            String o = i < ours.size() ? ours.get(i) : MISSING;
            if (!n.equals(o)) {
                differences.append("line ").append(i + 1).append("\n  node: ").append(n).append("\n  ours: ")
                        .append(o).append('\n');
            }
        }
        return differences.toString();
    }
}
