package dev.addons.shell.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The figures and the verdict of a cycle report. */
class CycleReportTest {

    @Test
    void percentilesByNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, Measures.percentile(sorted, 50));
        assertEquals(99, Measures.percentile(sorted, 99));
        assertEquals(7, Measures.percentile(new long[] {7}, 99));
        assertEquals(0, Measures.percentile(new long[0], 50));
    }

    @Test
    void theVerdict() {
        CycleReport clean = report(3, 3, 0, 0);
        assertFalse(clean.leaked());
        assertTrue(clean.ok());
        assertTrue(clean.format().endsWith("verdict:                               no leak"), clean.format());
        assertTrue(report(3, 2, 0, 0).leaked(), "a context created but not closed");
        assertTrue(report(3, 3, 1, 0).leaked(), "a file left mapped");
        assertTrue(report(3, 3, 0, 1).leaked(), "a finalizer not run or run twice");
    }

    private static CycleReport report(long created, long closed, int mappedAfterStop, int otherFinalizers) {
        return new CycleReport("b 1.0", "test", List.of("m"), 3, 3, 3, created, closed, 0, 0, 3, 0, 1, true, 0,
                otherFinalizers, 0, 3, mappedAfterStop, 0, 0, 1 << 20, 2 << 20, 1000, 2000, 3000,
                Map.of("m.f() -> 1", 3),
                otherFinalizers + mappedAfterStop > 0 || created != closed ? List.of("problem") : List.of());
    }
}
