package dev.addons.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One area's comparison, line by line (aligned as diff(1) would): Node's lines against ours, the known differences taken into account. It
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
        List<String[]> pairs = align(node, ours);
        int same = 0;
        for (String[] pair : pairs) {
            if (pair[0].equals(pair[1])) {
                same++;
                continue;
            }
            KnownDifferences.Entry entry = find(unmatched, pair[0], pair[1]);
            if (entry == null) {
                unexpected.add(pair);
            } else {
                unmatched.remove(entry);
                differingByReason.merge(entry.reason(), 1, Integer::sum);
            }
        }
        stale.addAll(unmatched);
        this.observations = pairs.size();
        this.equal = same;
    }

    /**
     * Node's lines and ours as pairs: equal lines paired by a longest common subsequence (so that a line one side
     * has and the other has not does not shift every line after it), the lines between two equal ones paired
     * by label, and a line without a counterpart paired with {@link #MISSING}.
     */
    static List<String[]> align(List<String> node, List<String> ours) {
        int n = node.size();
        int m = ours.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = node.get(i).equals(ours.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String[]> pairs = new ArrayList<>();
        List<String> onlyNode = new ArrayList<>();
        List<String> onlyOurs = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && node.get(i).equals(ours.get(j))) {
                flush(pairs, onlyNode, onlyOurs);
                pairs.add(new String[] {node.get(i++), ours.get(j++)});
            } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                onlyNode.add(node.get(i++));
            } else {
                onlyOurs.add(ours.get(j++));
            }
        }
        flush(pairs, onlyNode, onlyOurs);
        return pairs;
    }

    /** Pairs a run of differing lines: by label (the text before the first ": ") where both sides have it. */
    private static void flush(List<String[]> pairs, List<String> onlyNode, List<String> onlyOurs) {
        List<String> left = new ArrayList<>(onlyOurs);
        for (String line : onlyNode) {
            String counterpart = MISSING;
            for (String candidate : left) {
                if (label(candidate).equals(label(line))) {
                    counterpart = candidate;
                    break;
                }
            }
            left.remove(counterpart);
            pairs.add(new String[] {line, counterpart});
        }
        for (String line : left) {
            pairs.add(new String[] {MISSING, line});
        }
        onlyNode.clear();
        onlyOurs.clear();
    }

    private static String label(String line) {
        int colon = line.indexOf(": ");
        return colon < 0 ? line : line.substring(0, colon);
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
