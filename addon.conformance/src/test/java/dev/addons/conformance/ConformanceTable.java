package dev.addons.conformance;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** The table of docs/conformance.md: per area, the observations, how many equal Node's, the differing ones by reason. */
final class ConformanceTable {

    static final String BEGIN = "<!-- conformance-table:begin (written by ConformanceTest, see above) -->";
    static final String END = "<!-- conformance-table:end -->";

    private ConformanceTable() {
    }

    static String render(Collection<Comparison> comparisons) {
        StringBuilder b = new StringBuilder();
        b.append("| area | observations | equal to Node | differing (reason) |\n");
        b.append("|---|---:|---:|---|\n");
        int total = 0;
        int equal = 0;
        for (Comparison c : comparisons) {
            total += c.observations;
            equal += c.equal;
            b.append("| ").append(c.area).append(" | ").append(c.observations).append(" | ").append(c.equal)
                    .append(" | ").append(reasons(c.differingByReason)).append(" |\n");
        }
        b.append("| **all** | ").append(total).append(" | ").append(equal).append(" | ").append(total - equal)
                .append(" |\n");
        return b.toString();
    }

    private static String reasons(Map<String, Integer> byReason) {
        if (byReason.isEmpty()) {
            return "0";
        }
        // The reason's headline (up to its first colon); the known-differences files give the whole reason.
        Map<String, Integer> byHeadline = new java.util.LinkedHashMap<>();
        byReason.forEach((reason, count) -> byHeadline.merge(reason.split(":", 2)[0], count, Integer::sum));
        return byHeadline.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().replace("|", "\\|"))
                .collect(Collectors.joining("; "));
    }

    /** The table of a document (the text between the markers). */
    static String extract(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("docs/conformance.md lacks the markers " + BEGIN + " and " + END);
        }
        return document.substring(begin + BEGIN.length(), end);
    }

    /** The document with its table replaced by {@code table}. */
    static String replaceIn(String document, String table) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("docs/conformance.md lacks the markers " + BEGIN + " and " + END);
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + table + document.substring(end);
    }
}
