package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;

/** addon.convert.maxDepth and addon.convert.maxValues: read from properties, applied in both directions. */
class ConversionLimitsTest {

    private final AddonRuntimeCore runtime =
            new AddonRuntimeCore(RuntimeConfig.defaults().withConversion(new ConversionLimits(5, 1000)));

    @Test
    void aResultWithMoreValuesThanTheLimitIsAnErrorNamingTheLimit() {
        try (AddonContext context = runtime.newContext("wide")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            assertEquals(999, ((List<?>) graphs.call("wide", 999)).size(), "the array and 999 numbers: 1000 values");
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("wide", 1000));
            assertTrue(e.getMessage().contains("function 'wide' of module 'graphs' returned more than 1000 values"
                    + " (limit: addon.convert.maxValues); the limit was reached at result[999]"), e.getMessage());
            e = assertThrows(AddonException.class, () -> graphs.call("wide", 100_000));
            assertTrue(e.getMessage().contains("more than 1000 values"), e.getMessage());
            assertEquals(3, ((List<?>) graphs.call("wide", 3)).size(), "the context still answers");
        }
    }

    @Test
    void aResultDeeperThanTheConfiguredDepthIsAnError() {
        try (AddonContext context = runtime.newContext("deep")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            graphs.call("deep", 5);
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("deep", 6));
            assertTrue(e.getMessage().contains("returned a value nested more than 5 levels deep (limit:"
                    + " addon.convert.maxDepth) at result.next.next.next.next.next.next"), e.getMessage());
        }
    }

    @Test
    void sharedValuesCountOncePerReference() {
        // lattice(20): 21 objects, 20 references and one number, though it has 2^20 paths.
        AddonRuntimeCore small = new AddonRuntimeCore(
                RuntimeConfig.defaults().withConversion(new ConversionLimits(64, 42)));
        try (AddonContext context = small.newContext("lattice")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            assertTrue(graphs.call("lattice", 20) instanceof Map<?, ?>);
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("lattice", 21));
            assertTrue(e.getMessage().contains("more than 42 values"), e.getMessage());
        }
    }

    @Test
    void argumentsPastTheLimitsAreRefusedBeforeTheCall() {
        try (AddonContext context = runtime.newContext("arguments")) {
            Addon graphs = context.load(Fixtures.spec("graphs"));
            List<Integer> wide = new ArrayList<>(Collections.nCopies(999, 7));
            assertEquals(wide, graphs.call("echo", wide));
            wide.add(7);
            AddonException e = assertThrows(AddonException.class, () -> graphs.call("echo", wide));
            assertTrue(e.getMessage().contains("function 'echo' of module 'graphs': argument 0[999] is past the limit"
                    + " of 1000 values in one call (set by addon.convert.maxValues)"), e.getMessage());
            Object deep = List.of();
            for (int i = 0; i < 6; i++) {
                deep = List.of(deep);
            }
            Object tooDeep = deep;
            e = assertThrows(AddonException.class, () -> graphs.call("echo", tooDeep));
            assertTrue(e.getMessage().contains("argument 0[0][0][0][0][0][0] is nested more than 5 levels deep"),
                    e.getMessage());
        }
    }

    @Test
    void theDeepestConfigurableValueFitsASmallThreadStack() throws Exception {
        AddonRuntimeCore deepest = new AddonRuntimeCore(RuntimeConfig.defaults()
                .withConversion(new ConversionLimits(ConversionLimits.DEPTH_CEILING, 1_000_000)));
        Object[] results = new Object[2];
        Throwable[] failure = new Throwable[1];
        // Conversion recurses on the caller's stack, in C and in Java: 1000 levels must fit 512 KiB.
        Thread caller = new Thread(null, () -> {
            try (AddonContext context = deepest.newContext("deepest")) {
                Addon graphs = context.load(Fixtures.spec("graphs"));
                results[0] = graphs.call("deep", ConversionLimits.DEPTH_CEILING);
                Object nested = List.of();
                for (int i = 0; i < ConversionLimits.DEPTH_CEILING; i++) {
                    nested = List.of(nested);
                }
                results[1] = graphs.call("echo", nested);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "small stack", 512 * 1024);
        caller.start();
        caller.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        Object node = results[0];
        for (int level = 0; level < ConversionLimits.DEPTH_CEILING; level++) {
            node = ((Map<?, ?>) node).get("next");
        }
        assertEquals(Map.of(), node);
        node = results[1];
        for (int level = 0; level < ConversionLimits.DEPTH_CEILING; level++) {
            node = ((List<?>) node).get(0);
        }
        assertEquals(List.of(), node);
    }

    @Test
    void propertiesSetTheLimitsAndBadValuesNameTheProperty() {
        assertEquals(ConversionLimits.defaults(), ConversionLimits.fromProperties(name -> null));
        assertEquals(new ConversionLimits(10, 50), ConversionLimits.fromProperties(
                Map.of("addon.convert.maxDepth", "10", "addon.convert.maxValues", " 50 ")::get));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConversionLimits.fromProperties(Map.of("addon.convert.maxValues", "lots")::get));
        assertEquals("addon.convert.maxValues must be a whole number, was 'lots'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConversionLimits.fromProperties(Map.of("addon.convert.maxDepth", "5000")::get));
        assertEquals("addon.convert.maxDepth must be between 1 and 1000, was 5000", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConversionLimits.fromProperties(Map.of("addon.convert.maxValues", "0")::get));
        assertEquals("addon.convert.maxValues must be at least 1, was 0", e.getMessage());
        assertEquals(ConversionLimits.defaults(), RuntimeConfig.defaults().conversion());
        RuntimeConfig config = RuntimeConfig.fromProperty("7").withConversion(new ConversionLimits(3, 4));
        assertEquals(7, config.asyncWaitMillis());
        assertEquals(new ConversionLimits(3, 4), config.withWorkDirectory(null).conversion());
    }
}
