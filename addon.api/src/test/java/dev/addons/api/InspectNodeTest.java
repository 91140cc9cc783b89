package dev.addons.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.testsupport.NodeExecutable;

/**
 * Node is the oracle: each Java value of the table and the JavaScript value it stands for (docs/values.md) are
 * printed, by {@link Inspect#format} and by {@code util.inspect} in {@code node} (the PATH's, or -Daddon.node), and
 * the lines must be the same. Where there is no node: skipped with a message, or failed where node is required (CI;
 * see NodeExecutable).
 */
class InspectNodeTest {

    private static final String SEPARATOR = "--8<-- end of value --8<--";
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);

    private record Case(String js, Object java) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void add(String js, Object java) {
        cases.add(new Case(js, java));
    }

    @Test
    void everyValuePrintsAsNodePrintsIt(@TempDir Path dir) throws Exception {
        NodeExecutable node = NodeExecutable.require("InspectNodeTest (Inspect against util.inspect)");
        primitives();
        strings();
        arraysAndObjects();
        binary();
        dates();
        handles();

        StringBuilder script = new StringBuilder("const util = require('util');\nconst cases = [\n");
        for (Case c : cases) {
            script.append("  () => (").append(c.js()).append("),\n");
        }
        script.append("];\nfor (const c of cases) {\n  console.log(util.inspect(c()));\n  console.log('")
                .append(SEPARATOR).append("');\n}\n");
        Path file = dir.resolve("inspect-cases.js");
        Files.writeString(file, script);
        List<String> expected = splitCases(node.runSuccessfully(NODE_TIMEOUT, file.toString()).stdout());
        assertEquals(cases.size(), expected.size(), "one printed value per case from node");

        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String want = expected.get(i);
            checks.add(() -> assertEquals(want, Inspect.format(c.java()), "util.inspect(" + c.js() + ")"));
        }
        assertAll(checks);
    }

    private void primitives() {
        add("null", null);
        add("42", 42);
        add("-7", -7L);
        add("1.5", 1.5);
        add("-0", -0.0);
        add("0", 0.0);
        add("NaN", Double.NaN);
        add("Infinity", Double.POSITIVE_INFINITY);
        add("-Infinity", Double.NEGATIVE_INFINITY);
        add("0.1 + 0.2", 0.1 + 0.2);
        add("1e21", 1e21);
        add("1.5e-7", 1.5e-7);
        add("0.000001", 0.000001);
        add("123456789012345680000", 123456789012345680000d);
        add("5e-324", Double.MIN_VALUE);
        add("Number.MAX_VALUE", Double.MAX_VALUE);
        add("2 ** 53 + 2", 9007199254740994d);
        add("1 / 3", 1.0 / 3);
        add("Math.fround(1.1)", 1.1f);
        add("true", true);
        add("false", false);
        add("12n", BigInteger.valueOf(12));
        add("-(2n ** 100n)", BigInteger.TWO.pow(100).negate());
        add("[ 1n, -0, NaN, 2.5 ]", List.of(BigInteger.ONE, -0.0, Double.NaN, 2.5));
    }

    private void strings() {
        add("'hello'", "hello");
        add("''", "");
        add("\"it's\"", "it's");
        add("`a\"b'c`", "a\"b'c");
        add("'x`y\"z\\''", "x`y\"z'");
        add("'${x}\\'\"'", "${x}'\"");
        add("'back\\\\slash'", "back\\slash");
        add("'tab\\tnew\\nline\\r\\b\\f\\v'", "tab\tnew\nline\r\b\f\u000b");
        add("'\\0\\x1f\\x7f\\x85\\xa0'", "\u0000\u001f\u007f\u0085\u00a0");
        add("'a\\ud800b\\udc00'", "a\ud800b\udc00");
        add("'\\u{1F600} \u00e9 \u4e2d\u6587'", "\uD83D\uDE00 \u00e9 \u4e2d\u6587");
        add("'a'.repeat(100)", "a".repeat(100));
        add("'line one is here\\n'.repeat(6)", "line one is here\n".repeat(6));
        add("'x'.repeat(10005)", "x".repeat(10005));
        add("'x'.repeat(10001)", "x".repeat(10001));
        add("[ 'short', 'line one is here\\n'.repeat(3) ]", List.of("short", "line one is here\n".repeat(3)));
        add("{ text: 'word '.repeat(14) + '\\nnext line' }", map("text", "word ".repeat(14) + "\nnext line"));
    }

    private void arraysAndObjects() {
        add("[]", List.of());
        add("[ 1, 2, 3 ]", List.of(1, 2, 3));
        add("[ 'a', null, true ]", Arrays.asList("a", null, true));
        add("[ 'a', 1 ]", new Object[] {"a", 1});
        add("[ true, false ]", new boolean[] {true, false});
        add("({})", map());
        add("({ a: 1, 'b-c': 2 })", map("a", 1, "b-c", 2));
        add("({ 'a b': 1, \"it's\": 2, '': 3, _x9: 4, '9x': 5, 'é': 6 })",
                map("a b", 1, "it's", 2, "", 3, "_x9", 4, "9x", 5, "\u00e9", 6));
        add("({ b: 1, 10: 'ten', 2: 'two', 4294967295: 'not an index' })",
                map("b", 1, "10", "ten", "2", "two", "4294967295", "not an index"));
        add("JSON.parse('{\"__proto__\": 1, \"a\": 2}')", map("__proto__", 1, "a", 2));
        add("({ a: { b: { c: { d: 1 } } } })", map("a", map("b", map("c", map("d", 1)))));
        add("[ [ [ [ 1 ] ] ] ]", List.of(List.of(List.of(List.of(1)))));
        add("({ a: { b: { c: {}, d: [], e: [ 1 ] } } })",
                map("a", map("b", map("c", map(), "d", List.of(), "e", List.of(1)))));
        add("[ { a: 1, b: 'two' }, [ 1, [ 2, [ 3, [ 4 ] ] ] ] ]",
                List.of(map("a", 1, "b", "two"), List.of(1, List.of(2, List.of(3, List.of(4))))));
        add("Array.from({ length: 101 }, (_, i) => i + 1)", range(1, 101));
        add("Array.from({ length: 102 }, (_, i) => i * 37)", IntStream.range(0, 102).map(i -> i * 37).boxed()
                .toList());
        add("Array.from({ length: 26 }, (_, i) => i * i)", IntStream.range(0, 26).map(i -> i * i).boxed().toList());
        add("Array.from({ length: 30 }, (_, i) => 'w' + 'x'.repeat(i % 7))",
                IntStream.range(0, 30).mapToObj(i -> "w" + "x".repeat(i % 7)).toList());
        add("[ 'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta' ]",
                List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"));
        add("[ 1, 'a'.repeat(60), 2, 3, 4, 5, 6 ]", List.of(1, "a".repeat(60), 2, 3, 4, 5, 6));
        // 80 columns exactly, then one more: on one line, then one entry a line.
        add("[ 'a'.repeat(31), 'b'.repeat(30) ]", List.of("a".repeat(31), "b".repeat(30)));
        add("[ 'a'.repeat(31), 'b'.repeat(31) ]", List.of("a".repeat(31), "b".repeat(31)));
        add("({ k: 'a'.repeat(60), l: 1 })", map("k", "a".repeat(60), "l", 1));
        add("({ k: 'a'.repeat(61), l: 1 })", map("k", "a".repeat(61), "l", 1));
        add("[ 1.5, -2, 1e21, 3, 4, 5, 6, 7 ]", List.of(1.5, -2, 1e21, 3, 4, 5, 6, 7));
        add("({ alpha: 'x'.repeat(30), beta: 'y'.repeat(30), gamma: [ 1, 2, 3 ] })",
                map("alpha", "x".repeat(30), "beta", "y".repeat(30), "gamma", List.of(1, 2, 3)));
        add("Array.from({ length: 4 }, (_, i) => ({ id: i, name: 'item number ' + i, tags: [ 'a', 'b' ] }))",
                IntStream.range(0, 4).mapToObj(i -> map("id", i, "name", "item number " + i, "tags",
                        List.of("a", "b"))).toList());
        add("({ list: Array.from({ length: 30 }, (_, i) => i), nested: { deep: { deeper: [ 1 ] } } })",
                map("list", range(0, 29), "nested", map("deep", map("deeper", List.of(1)))));
        add("(() => { const o = { a: 1 }; o.self = o; o.list = [ o ]; return o; })()", selfContaining());
    }

    private void binary() {
        add("Buffer.from([ 0x78, 0xda ])", new byte[] {0x78, (byte) 0xda});
        add("Buffer.alloc(0)", new byte[0]);
        add("Buffer.from(Array.from({ length: 51 }, (_, i) => i))", bytes(51));
        add("Buffer.from(Array.from({ length: 60 }, (_, i) => i * 4))", scaledBytes(60, 4));
        add("Buffer.from([ 1, 2, 3 ])", ByteBuffer.wrap(new byte[] {0, 1, 2, 3}).position(1));
        add("new Int32Array(0)", new int[0]);
        add("new Int32Array([ 1, -2, 2147483647 ])", new int[] {1, -2, Integer.MAX_VALUE});
        add("new Float64Array([ 1, 2, 3 ])", new double[] {1, 2, 3});
        add("new Float64Array([ NaN, -0, 0.1, -Infinity ])", new double[] {Double.NaN, -0.0, 0.1,
            Double.NEGATIVE_INFINITY});
        add("new Float32Array([ 1.1, 0.5 ])", new float[] {1.1f, 0.5f});
        add("new Int16Array([ -1, 32767 ])", new short[] {-1, Short.MAX_VALUE});
        add("new Uint16Array([ 65535, 65 ])", new char[] {65535, 65});
        add("new BigInt64Array([ 1n, -2n ])", new long[] {1, -2});
        add("new Int32Array(Array.from({ length: 150 }, (_, i) => i * 1000))",
                IntStream.range(0, 150).map(i -> i * 1000).toArray());
        add("new Float64Array(Array.from({ length: 12 }, (_, i) => i / 4))",
                IntStream.range(0, 12).mapToDouble(i -> i / 4.0).toArray());
        add("new Uint8Array([ 1, 2, 255 ])", TypedArray.uint8(1, 2, 255));
        add("new Uint8ClampedArray([ 0, 255 ])", TypedArray.uint8Clamped(0, 255));
        add("new Int8Array([ -128, 127 ])", TypedArray.int8((byte) -128, (byte) 127));
        add("new Uint32Array([ 4294967295, 0 ])", TypedArray.uint32(4_294_967_295L, 0));
        add("new BigUint64Array([ 2n ** 64n - 1n, 0n ])",
                TypedArray.bigUint64(BigInteger.TWO.pow(64).subtract(BigInteger.ONE), BigInteger.ZERO));
        add("new Uint8Array(0)", TypedArray.uint8());
        add("new DataView(new Uint8Array([ 0, 1 ]).buffer)", TypedArray.dataView((byte) 0, (byte) 1));
        add("new DataView(new ArrayBuffer(0))", TypedArray.dataView());
        add("new DataView(new Uint8Array(Array.from({ length: 120 }, (_, i) => i)).buffer)",
                TypedArray.dataView(bytes(120)));
        add("({ a: { b: { i32: new Int32Array([ 1 ]), empty: new Int32Array(0), buf: Buffer.from([ 1 ]), "
                + "view: new DataView(new ArrayBuffer(1)) } } })",
                map("a", map("b", map("i32", new int[] {1}, "empty", new int[0], "buf", new byte[] {1},
                        "view", TypedArray.dataView((byte) 0)))));
        add("{ view: new DataView(new ArrayBuffer(1)) }", map("view", TypedArray.dataView((byte) 0)));
        add("[ { view: new DataView(new ArrayBuffer(1)) } ]", List.of(map("view", TypedArray.dataView((byte) 0))));
    }

    private void dates() {
        add("new Date('2017-07-14T02:40:00Z')", Instant.parse("2017-07-14T02:40:00Z"));
        add("new Date(-1)", Instant.ofEpochMilli(-1));
        add("new Date(-1e14)", Instant.ofEpochMilli(-100_000_000_000_000L));
        add("new Date(8.64e15)", Instant.ofEpochMilli(8_640_000_000_000_000L));
        add("new Date(-62198755200000)", Instant.ofEpochMilli(-62_198_755_200_000L));
        add("new Date(8.64e15 + 1)", Instant.ofEpochMilli(8_640_000_000_000_001L));
        add("new Date(NaN)", Instant.MAX);
        add("{ a: { b: { c: new Date(0) } } }", map("a", map("b", map("c", Instant.EPOCH))));
    }

    /** Objects the formatter does not know print as their toString(), as a [util.inspect.custom] string does. */
    private void handles() {
        add("[ undefined, null ]", Arrays.asList(printedAs("undefined"), null));
        add("{ f: function add() {}, s: Symbol('desc') }",
                map("f", printedAs("[Function: add]"), "s", printedAs("Symbol(desc)")));
        add("[ 'x', { [util.inspect.custom]() { return 'MyObject {\\n  value: 10\\n}'; } } ]",
                List.of("x", printedAs("MyObject {\n  value: 10\n}")));
    }

    private static Object printedAs(String text) {
        return new Object() {
            @Override
            public String toString() {
                return text;
            }
        };
    }

    private static LinkedHashMap<String, Object> map(Object... keysAndValues) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Object selfContaining() {
        LinkedHashMap<String, Object> o = map("a", 1);
        o.put("self", o);
        o.put("list", List.of(o));
        return o;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static byte[] bytes(int n) {
        return scaledBytes(n, 1);
    }

    private static byte[] scaledBytes(int n, int factor) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * factor);
        }
        return b;
    }

    private static List<String> splitCases(String output) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.equals(SEPARATOR)) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(current.length() == 0 ? "" : "\n").append(line);
            }
        }
        return values;
    }
}
