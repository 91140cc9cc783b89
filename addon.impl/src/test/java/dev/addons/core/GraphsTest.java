package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;

/**
 * Values that are not trees, through the "graphs" fixture: cycles are errors naming function and path, shared
 * sub-values cross once (the same Java object each time they are referenced), and a value past the depth limit
 * is an error naming the limit. Without that the encoder copies every path: {@code o.a = o.b = o} doubles at
 * each level until memory runs out, and holds the context's lock all the while. The timeout only turns such a
 * hang into a failure; each test uses its own context so that one stuck call does not block the others.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GraphsTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    @Test
    void aResultContainingItselfIsAnErrorAndTheContextGoesOn() {
        AddonContext context = runtime.newContext("self cycle");
        Addon graphs = context.load(Fixtures.spec("graphs"));
        AddonException e = assertThrows(AddonException.class, () -> graphs.call("selfCycle"));
        assertTrue(e.getMessage().contains("function 'selfCycle' of module 'graphs' returned a cyclic value"),
                e.getMessage());
        assertTrue(e.getMessage().contains("result.a refers back to result"), e.getMessage());
        assertEquals(1, ((Map<?, ?>) ((Map<?, ?>) graphs.call("shared")).get("x")).get("n"),
                "the context still answers");
        context.close();
        assertEquals(AddonContext.State.CLOSED, context.state());
    }

    @Test
    void aCycleBelowTheResultNamesWhereItCloses() {
        try (AddonContext context = runtime.newContext("cycle below")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("cycleBelow"));
            assertTrue(e.getMessage().contains("result.list[1].back refers back to result.list"), e.getMessage());
        }
    }

    @Test
    void aCyclicExportIsAnErrorNamingTheExport() {
        try (AddonContext context = runtime.newContext("cyclic export")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            AddonException e = assertThrows(AddonException.class, () -> graphs.get("cyclic"));
            assertTrue(e.getMessage().contains("export 'cyclic' of module 'graphs' is a cyclic value"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("cyclic.self refers back to cyclic"), e.getMessage());
        }
    }

    @Test
    void aSharedSubObjectIsOneJavaObject() {
        try (AddonContext context = runtime.newContext("shared")) {
            Map<?, ?> result = (Map<?, ?>) context.load(Fixtures.spec("graphs")).call("shared");
            Object x = result.get("x");
            assertEquals(Map.of("n", 1), x);
            assertSame(x, result.get("y"));
            List<?> list = (List<?>) result.get("list");
            assertSame(x, list.get(0));
            assertSame(x, list.get(1));
        }
    }

    @Test
    void sharedStringsAndBuffersCrossOnce() {
        try (AddonContext context = runtime.newContext("shared leaves")) {
            List<?> list = (List<?>) context.load(Fixtures.spec("graphs")).call("sharedLeaves");
            assertEquals("a string long enough to be sent only once", list.get(0));
            assertSame(list.get(0), list.get(1));
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) list.get(2));
            assertSame(list.get(2), list.get(3));
            Map<?, ?> inner = (Map<?, ?>) list.get(4);
            assertSame(list.get(0), inner.get("text"));
            assertSame(list.get(2), inner.get("bytes"));
        }
    }

    @Test
    void aDiamondLatticeIsConvertedOncePerObject() {
        try (AddonContext context = runtime.newContext("lattice")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            for (int depth : new int[] {20, 60}) {
                // 2^depth paths but depth + 1 objects: each level's two edges lead to one Java map.
                Object node = graphs.call("lattice", depth);
                for (int level = depth; level > 0; level--) {
                    Map<?, ?> map = (Map<?, ?>) node;
                    assertSame(map.get("l"), map.get("r"), "level " + level + " of lattice(" + depth + ")");
                    node = map.get("l");
                }
                assertEquals(Map.of("v", 0), node);
            }
        }
    }

    @Test
    void aResultNestedBeyondTheDepthLimitIsAnErrorNamingTheLimit() {
        try (AddonContext context = runtime.newContext("too deep")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("deep", 100));
            assertTrue(e.getMessage().contains("function 'deep' of module 'graphs' returned a value nested more than"
                    + " 64 levels deep"), e.getMessage());
            assertTrue(e.getMessage().contains("addon.convert.maxDepth"), e.getMessage());
            assertTrue(e.getMessage().contains("result.next.next."), e.getMessage());
            Object node = graphs.call("deep", 64);
            for (int level = 0; level < 64; level++) {
                node = ((Map<?, ?>) node).get("next");
            }
            assertEquals(Map.of(), node, "64 levels are allowed");
        }
    }

    @Test
    void aJavaValuePassedTwiceIsOneNapiValue() {
        try (AddonContext context = runtime.newContext("shared arguments")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            Map<String, Object> s = Map.of("n", 1);
            assertEquals(true, graphs.call("same", s, s));
            assertEquals(false, graphs.call("same", s, Map.of("n", 1)));
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("x", s);
            both.put("y", s);
            Map<?, ?> back = (Map<?, ?>) graphs.call("echo", both);
            assertEquals(both, back);
            assertSame(back.get("x"), back.get("y"), "shared there, shared back");
        }
    }

    @Test
    void aJavaLatticeArgumentIsEncodedOncePerObject() {
        try (AddonContext context = runtime.newContext("lattice argument")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            Object node = Map.of("v", 0);
            for (int level = 0; level < 60; level++) {
                node = Map.of("l", node, "r", node);
            }
            Object back = graphs.call("echo", node);
            for (int level = 0; level < 60; level++) {
                Map<?, ?> map = (Map<?, ?>) back;
                assertSame(map.get("l"), map.get("r"));
                back = map.get("l");
            }
            assertEquals(Map.of("v", 0), back);
        }
    }

    @Test
    void aJavaArgumentContainingItselfIsRefusedWithItsPath() {
        try (AddonContext context = runtime.newContext("cyclic argument")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            Map<String, Object> map = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            map.put("list", list);
            list.add(map);
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("echo", 1, map));
            assertTrue(e.getMessage().contains("argument 1.list[0] contains itself"), e.getMessage());
            assertEquals(true, graphs.call("same", 2, 2), "the context still answers");
        }
    }
}
