package dev.addons.shell.cycle;

import java.nio.file.Paths;
import java.util.List;

import dev.addons.api.proc.ProcSelf;

/**
 * The memory-map checks of the cycles: each module file of a copy is not mapped before the copy starts, is mapped
 * while it is active, and is gone when {@code stop()} returns and after uninstall and refresh. Two snapshots are
 * reused for every cycle, so that checking does not grow the heap being measured.
 */
final class MappedFileChecks {

    private final ProcSelf beforeStart = new ProcSelf();
    private final ProcSelf now = new ProcSelf();
    private final Problems problems;
    int mappedBeforeStart;
    int mappedWhileStarted;
    int mappedAfterStop;
    int mappedAfterRefresh;

    MappedFileChecks(Problems problems) {
        this.problems = problems;
    }

    /** Before the copy is installed: what the map holds already. */
    void beforeStart() {
        beforeStart.snapshot();
    }

    void whileStarted(int cycle, List<String> files) {
        now.snapshot();
        for (String file : files) {
            if (beforeStart.maps(Paths.get(file))) {
                mappedBeforeStart++;
                problems.add("cycle " + cycle + ": " + file + " was mapped before the bundle started");
            }
            if (now.maps(Paths.get(file))) {
                mappedWhileStarted++;
            } else {
                problems.add("cycle " + cycle + ": " + file + " is not mapped while the bundle is active");
            }
        }
    }

    void afterStop(int cycle, List<String> files) {
        mappedAfterStop += stillMapped(cycle, files, "after stop()");
    }

    void afterRefresh(int cycle, List<String> files) {
        mappedAfterRefresh += stillMapped(cycle, files, "after uninstall and refresh");
    }

    /** How many of {@code files} are mapped now, each a problem: they should be gone {@code when}. */
    private int stillMapped(int cycle, List<String> files, String when) {
        now.snapshot();
        int mapped = 0;
        for (String file : files) {
            if (now.maps(Paths.get(file))) {
                mapped++;
                problems.add("cycle " + cycle + ": " + file + " is still mapped " + when);
            }
        }
        return mapped;
    }
}
