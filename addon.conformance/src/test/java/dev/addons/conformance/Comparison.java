package dev.addons.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One area's comparison, line by line: Node's lines against ours, the known differences taken into account. It
 * passes when every differing line is a listed difference and every listed difference still occurs.
 */
final class Comparison {

    static final String MISSING = "<no line>";

    final String area;
    final int observations;
    final int equal;
    /** Known differences that occurred, counted by reason (in the order of the file). */
    final Map<String, Integer> differingByReason = new LinkedHashMap<>();
    /** Differing lines that are not listed, as the node/ours pairs to add. */
    final List<String[]> unexpected = new ArrayList<>();
    /** Listed differences that no longer occur. */
    final List<KnownDifferences.Entry> stale = new ArrayList<>();

    Comparison(String area, List<String> node, List<String> ours, List<KnownDifferences.Entry> known) {
        this.area = area;
        List<KnownDifferences.Entry> unmatched = new ArrayList<>(known);
        int n = Math.max(node.size(), ours.size());
        int same = 0;
        for (int i = 0; i < n; i++) {
            String expected = i < node.size() ? node.get(i) : MISSING;
            String actual = i < ours.size() ? ours.get(i) : MISSING;
            if (expected.equals(actual)) {
                same++;
                continue;
            }
            KnownDifferences.Entry entry = find(unmatched, expected, actual);
            if (entry == null) {
                unexpected.add(new String[] {expected, actual});
            } else {
                unmatched.remove(entry);
                differingByReason.merge(entry.reason(), 1, Integer::sum);
            }
        }
        stale.addAll(unmatched);
        this.observations = n;
        this.equal = same;
    }

    private static KnownDifferences.Entry find(List<KnownDifferences.Entry> entries, String node, String ours) {
        for (KnownDifferences.Entry e : entries) {
            if (e.node().equals(node) && e.ours().equals(ours)) {
                return e;
            }
        }
        return null;
    }

    boolean passed() {
        return unexpected.isEmpty() && stale.isEmpty();
    }

    int differing() {
        return observations - equal;
    }

    /** What to change in the known-differences file, spelled out so that it can be acted on directly. */
    String failureMessage() {
        StringBuilder b = new StringBuilder();
        String file = "addon.conformance/" + KnownDifferences.file(area);
        b.append("area ").append(area).append(": ").append(equal).append(" of ").append(observations)
                .append(" lines equal to Node\n");
        if (!unexpected.isEmpty()) {
            b.append(unexpected.size()).append(" line(s) differ from Node and are not listed in ").append(file)
                    .append(". Fix the runtime, or add (with the true reason):\n");
            for (String[] pair : unexpected) {
                b.append("reason: TODO\nnode: ").append(pair[0]).append("\nours: ").append(pair[1]).append('\n');
            }
        }
        if (!stale.isEmpty()) {
            b.append(stale.size()).append(" listed difference(s) no longer occur (the runtime now matches Node, or")
                    .append(" prints something else). Delete these lines from ").append(file).append(":\n");
            for (KnownDifferences.Entry e : stale) {
                b.append("  line ").append(e.nodeLine()).append(": node: ").append(e.node()).append('\n');
                b.append("  line ").append(e.oursLine()).append(": ours: ").append(e.ours()).append('\n');
            }
        }
        return b.toString();
    }
}
