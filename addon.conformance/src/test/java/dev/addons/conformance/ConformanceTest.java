package dev.addons.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.addons.testsupport.NodeExecutable;

/**
 * Differential conformance: every area addon's observations through our runtime, compared line by line with
 * Node's (live where `node` is installed, else the committed Node output). See docs/conformance.md.
 *
 * <p>With -Dconformance.update=true the test writes Node's live output over src/test/resources/node-expected and
 * the table into docs/conformance.md instead of failing on them (the known differences are always edited by hand).
 */
class ConformanceTest {

    private static final boolean UPDATE = Boolean.getBoolean("conformance.update");
    private static final Optional<NodeDriver> NODE = NodeDriver.find();
    private static final JavaDriver JAVA = new JavaDriver();
    private static final Map<String, AreaRun> RUNS = new TreeMap<>();

    /** One area's outcome: the comparison, and what went wrong with Node's side (if anything). */
    record AreaRun(Comparison comparison, List<String> nodeSideProblems) {
    }

    static {
        if (NODE.isPresent()) {
            System.out.println("conformance: comparing with the live " + NODE.get().node() + " "
                    + NODE.get().version() + " (checked against the committed output in " + NodeExpected.DIRECTORY
                    + ")");
        } else {
            System.out.println("conformance: node not found: comparing with the committed Node 20 output in "
                    + NodeExpected.DIRECTORY);
        }
    }

    static synchronized AreaRun run(String area) {
        return RUNS.computeIfAbsent(area, ConformanceTest::compute);
    }

    private static AreaRun compute(String area) {
        List<String> problems = new ArrayList<>();
        Optional<List<String>> committed = NodeExpected.read(area);
        List<String> node;
        if (NODE.isPresent()) {
            node = NODE.get().run(area);
            if (UPDATE) {
                NodeExpected.write(area, node);
            } else if (committed.isEmpty()) {
                problems.add("no committed Node output " + NodeExpected.file(area) + "; write it with: "
                        + NodeExpected.UPDATE_COMMAND);
            } else if (!committed.get().equals(node)) {
                problems.add("Node " + NODE.get().version() + " prints other lines than the committed "
                        + NodeExpected.file(area) + " (Node or the addon changed; check `git diff` after refreshing"
                        + " it with: " + NodeExpected.UPDATE_COMMAND + ")\n" + firstDifference(committed.get(), node));
            }
        } else {
            // The committed output stands in for Node on a developer's machine, not where Node is required (CI).
            NodeExecutable.failIfRequired("addon.conformance's live comparison with Node");
            node = committed.orElseThrow(() -> new AssertionError("node not found and no committed Node output "
                    + NodeExpected.file(area) + ": install node and run " + NodeExpected.UPDATE_COMMAND));
        }
        List<String> ours = JAVA.run(area);
        writeOurs(area, ours);
        return new AreaRun(new Comparison(area, node, ours, KnownDifferences.read(area)), problems);
    }

    /** Our side's lines next to Node's cached ones (target/node-output), for diff(1) when a comparison fails. */
    private static void writeOurs(String area, List<String> ours) {
        try {
            Path dir = Path.of("target", "ours-output");
            Files.createDirectories(dir);
            Files.write(dir.resolve(area + ".txt"), ours);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String firstDifference(List<String> committed, List<String> live) {
        for (int i = 0; i < Math.max(committed.size(), live.size()); i++) {
            String c = i < committed.size() ? committed.get(i) : Comparison.MISSING;
            String l = i < live.size() ? live.get(i) : Comparison.MISSING;
            if (!c.equals(l)) {
                return "  first difference, line " + (i + 1) + ":\n  committed: " + c + "\n  live:      " + l;
            }
        }
        return "";
    }

    @TestFactory
    Stream<DynamicTest> everyAreaMatchesNodeExceptItsKnownDifferences() {
        List<String> areas = Areas.names();
        assertFalse(areas.isEmpty(), "no area addons built");
        return areas.stream().map(area -> DynamicTest.dynamicTest(area, () -> {
            AreaRun run = run(area);
            Comparison c = run.comparison();
            System.out.println("conformance: " + area + ": " + c.equal + " of " + c.observations
                    + " lines equal to Node, " + (c.differing() - c.unexpected.size()) + " known differences, "
                    + c.unexpected.size() + " unexpected, " + c.stale.size() + " listed but gone");
            List<String> failures = new ArrayList<>(run.nodeSideProblems());
            if (!c.passed()) {
                failures.add(c.failureMessage());
            }
            if (!failures.isEmpty()) {
                fail(String.join("\n", failures));
            }
        }));
    }

    @Test
    void docsTableIsCurrent() throws IOException {
        List<Comparison> comparisons = new ArrayList<>();
        for (String area : Areas.names()) {
            comparisons.add(run(area).comparison());
        }
        String table = ConformanceTable.render(comparisons);
        System.out.println("conformance table:\n" + table);
        Path doc = Path.of(System.getProperty("conformance.docs", "../docs/conformance.md"));
        String current = Files.readString(doc);
        String expected = ConformanceTable.replaceIn(current, table);
        if (UPDATE) {
            Files.writeString(doc, expected);
            return;
        }
        assertEquals(ConformanceTable.extract(expected), ConformanceTable.extract(current), doc
                + " shows another table than this run; update it with: " + NodeExpected.UPDATE_COMMAND
                + " (or paste the table printed above)");
    }
}
