package dev.addons.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.addons.api.AddonException;

class ValuesTest {

    @Test
    void consoleWordsBecomeAddonValues() {
        assertEquals(42, Values.parse("42"));
        assertEquals(-7, Values.parse("-7"));
        assertEquals(5_000_000_000L, Values.parse("5000000000"));
        assertEquals(1.5, Values.parse("1.5"));
        assertEquals(Boolean.TRUE, Values.parse("true"));
        assertNull(Values.parse("null"));
        assertEquals("hello", Values.parse("hello"));
        assertEquals(List.of(1L), Values.parse(List.of(1L)), "non-strings pass through");
    }

    @Test
    void resultsPrintLikeNode() {
        assertEquals("1", Values.format(1));
        assertEquals("'it\\'s'", Values.format("it's"));
        assertEquals("null", Values.format(null));
        assertEquals("[1, 'a']", Values.format(List.of(1, "a")));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", 1);
        map.put("y", List.of());
        assertEquals("{ x: 1, y: [] }", Values.format(map));
        assertEquals("{}", Values.format(Map.of()));
        assertEquals("1, 'two'", Values.formatArguments(new Object[] {1, "two"}));
        assertEquals("<Buffer 68 69 ff>", Values.format(new byte[] {'h', 'i', (byte) 0xff}));
        assertEquals("<Buffer>", Values.format(new byte[0]));
        assertEquals("<Buffer " + "00 ".repeat(49) + "00 ... 10 more bytes>", Values.format(new byte[60]));
    }

    @Test
    void promisesAreAwaitedRejectionsThrownAndWaitingIsBounded() {
        assertEquals(5, Awaited.value(5, "m.f", Duration.ofSeconds(1)), "not a promise: as is");
        assertEquals("done", Awaited.value(CompletableFuture.completedFuture("done"), "m.f", Duration.ofSeconds(1)));
        AddonException rejection = new AddonException("no disk");
        assertSame(rejection, assertThrows(AddonException.class,
                () -> Awaited.value(CompletableFuture.failedFuture(rejection), "m.f", Duration.ofSeconds(1))));
        IllegalStateException timeout = assertThrows(IllegalStateException.class,
                () -> Awaited.value(new CompletableFuture<>(), "m.f", Duration.ZERO));
        assertTrue(timeout.getMessage().startsWith("m.f: the promise was not settled"), timeout.getMessage());
    }
}
