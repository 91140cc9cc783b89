package dev.addons.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.addons.api.Undefined;

class ValuesTest {

    @Test
    void consoleWordsBecomeAddonValues() {
        assertEquals(42, Values.parse("42"));
        assertEquals(-7, Values.parse("-7"));
        assertEquals(5_000_000_000L, Values.parse("5000000000"));
        assertEquals(1.5, Values.parse("1.5"));
        assertEquals(Boolean.TRUE, Values.parse("true"));
        assertNull(Values.parse("null"));
        assertSame(Undefined.INSTANCE, Values.parse("undefined"), "undefined is not null");
        assertEquals("hello", Values.parse("hello"));
        assertEquals(List.of(1L), Values.parse(List.of(1L)), "non-strings pass through");
    }

    @Test
    void resultsPrintLikeNode() {
        assertEquals("1", Values.format(1));
        assertEquals("'it\\'s'", Values.format("it's"));
        assertEquals("null", Values.format(null));
        assertEquals("undefined", Values.format(Undefined.INSTANCE));
        assertEquals("[undefined, null]", Values.format(java.util.Arrays.asList(Undefined.INSTANCE, null)));
        assertEquals("[1, 'a']", Values.format(List.of(1, "a")));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", 1);
        map.put("y", List.of());
        assertEquals("{ x: 1, y: [] }", Values.format(map));
        assertEquals("{}", Values.format(Map.of()));
        assertEquals("1, 'two'", Values.formatArguments(new Object[] {1, "two"}));
    }
}
