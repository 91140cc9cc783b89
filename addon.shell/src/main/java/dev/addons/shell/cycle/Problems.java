package dev.addons.shell.cycle;

import java.util.ArrayList;
import java.util.List;

/** What went wrong in a run, one line each; past {@value #MAX} lines they are only counted. */
final class Problems {

    /** Problems kept in a report. */
    static final int MAX = 200;

    private final List<String> listed = new ArrayList<>();
    private int unlisted;

    void add(String message) {
        if (listed.size() < MAX) {
            listed.add(message);
        } else {
            unlisted++;
        }
    }

    /** The problems for the report, with a last line counting those not listed. */
    List<String> list() {
        List<String> all = new ArrayList<>(listed);
        if (unlisted > 0) {
            all.add("... and " + unlisted + " more problems, not listed");
        }
        return all;
    }
}
