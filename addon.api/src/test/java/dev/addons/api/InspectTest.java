package dev.addons.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A few of Node's answers written down, so that the formatter is checked where there is no node too
 * ({@link InspectNodeTest} asks node itself, over many more values).
 */
class InspectTest {

    @Test
    void printsWhatNodePrints() {
        assertEquals("<Buffer 78 da>", Inspect.format(new byte[] {0x78, (byte) 0xda}));
        assertEquals("Float64Array(3) [ 1, 2, 3 ]", Inspect.format(new double[] {1, 2, 3}));
        assertEquals("Int32Array(0) []", Inspect.format(new int[0]));
        assertEquals("DataView {\n  byteLength: 2,\n  byteOffset: 0,\n"
                + "  buffer: ArrayBuffer { [Uint8Contents]: <00 01>, byteLength: 2 }\n}",
                Inspect.format(TypedArray.dataView((byte) 0, (byte) 1)));
        assertEquals("12n", Inspect.format(BigInteger.valueOf(12)));
        assertEquals("-0", Inspect.format(-0.0));
        assertEquals("[ `it's \"quoted\"`, \"it's\" ]", Inspect.format(List.of("it's \"quoted\"", "it's")));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b-c", Map.of("d", Map.of("e", Map.of("f", 1))));
        assertEquals("{ a: 1, 'b-c': { d: { e: [Object] } } }", Inspect.format(map));
        assertEquals("2017-07-14T02:40:00.000Z", Inspect.format(Instant.parse("2017-07-14T02:40:00Z")));
        assertEquals("Invalid Date", Inspect.format(Instant.MAX));
    }

    @Test
    void unknownObjectsPrintAsTheirTextIndentedWhereTheyStand() {
        Object handle = new Object() {
            @Override
            public String toString() {
                return "MyObject {\n  value: 10\n}";
            }
        };
        assertEquals("{\n  x: MyObject {\n    value: 10\n  }\n}", Inspect.format(Map.of("x", handle)));
    }

    @Test
    void numbersAreJavaScriptNumbers() {
        assertEquals("0.30000000000000004", Inspect.jsNumber(0.1 + 0.2));
        assertEquals("1e+21", Inspect.jsNumber(1e21));
        assertEquals("1e-7", Inspect.jsNumber(1e-7));
        assertEquals("0.000001", Inspect.jsNumber(1e-6));
        assertEquals("1.7976931348623157e+308", Inspect.jsNumber(Double.MAX_VALUE));
        assertEquals("5e-324", Inspect.jsNumber(Double.MIN_VALUE));
        assertEquals("1.100000023841858", Inspect.format(1.1f));
    }
}
