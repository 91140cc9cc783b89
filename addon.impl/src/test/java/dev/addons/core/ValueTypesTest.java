package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JsSymbol;

/** BigInts, Dates, typed arrays and symbols on their way to Java (docs/values.md; typed arrays: TypedArraysTest). */
class ValueTypesTest {

    static AddonContext context;
    static Addon addon;

    @BeforeAll
    static void load() {
        context = new AddonRuntimeCore().newContext("valuetypes-test");
        addon = context.load(Fixtures.spec("valuetypes"));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @Test
    void valueTypesArriveAsJavaTypes() {
        assertEquals(BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5)).negate(), addon.call("makeBigInt"));
        assertEquals(Instant.ofEpochMilli(1_500_000_000_000L), addon.call("makeDate"));
        assertArrayEquals(new short[] {-2, 300}, (short[]) addon.call("makeInt16Array"),
                "the two elements the view shows, as an Int16Array's short[]");
        JsSymbol symbol = (JsSymbol) addon.call("makeSymbol"); // a handle to the symbol (docs/object-model.md)
        assertEquals("tag", symbol.description());
        assertEquals("Symbol(tag)", symbol.toString());
    }

    @Test
    void bigIntegersAndInstantsCrossToTheAddon() {
        BigInteger big = new BigInteger("-123456789012345678901234567890");
        assertEquals(List.of(9, big), addon.call("echoType", big)); // 9: napi_bigint
        assertEquals(List.of(9, BigInteger.ZERO), addon.call("echoType", BigInteger.ZERO));
        Instant when = Instant.ofEpochMilli(86_400_000L);
        assertEquals(List.of(100, when), addon.call("echoType", when)); // 100: napi_is_date
    }

    @Test
    void thrownNumbersReadAsJavaScriptWritesThem() {
        assertEquals("0.1", assertThrows(AddonException.class, () -> addon.call("throwValue", 0.1)).getMessage());
        assertEquals("NaN",
                assertThrows(AddonException.class, () -> addon.call("throwValue", Double.NaN)).getMessage());
        assertEquals("-Infinity", assertThrows(AddonException.class,
                () -> addon.call("throwValue", Double.NEGATIVE_INFINITY)).getMessage());
    }

    @Test
    void aCallStartsWithNoLastError() {
        addon.call("failQuietly");
        assertEquals(0, addon.call("lastErrorAtEntry"));
    }
}
