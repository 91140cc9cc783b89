package dev.addons.core;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A module instance's export names, shared by the instances of one library whose init made the same exports. Every
 * context that loads a module keeps its names for its life; an idle context costs about a kilobyte less when the
 * strings, the list and the set are the first instance's (docs/async.md, "Cost and limits").
 */
record ExportNames(List<String> list, Set<String> set) {

    static final ExportNames NONE = of(List.of());

    static ExportNames of(List<String> names) {
        List<String> list = List.copyOf(names);
        return new ExportNames(list, Collections.unmodifiableSet(new LinkedHashSet<>(list)));
    }

    /**
     * These names if {@code names} are the same in the same order, else new ones: an init may export differently
     * from one context to the next (it may read instance data or the environment).
     */
    ExportNames shareWith(List<String> names) {
        return list.equals(names) ? this : of(names);
    }
}
