package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;
import dev.addons.api.Undefined;

/**
 * Calls of Java functions whose receiver and arguments are all scalars (undefined, null, booleans, numbers) and at
 * most {@link NativeContract#SCALAR_MAX_ARGS}: they take the scalar upcall (JavaFunctions.invokeScalar, bridge.c
 * call_java_scalar), and scalar answers come back as one long. Each case checks that Java sees, and the addon gets,
 * exactly what the encoded path gives (the "callbacks" fixture: callWith, callOn, catchFrom).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScalarJavaFunctionCallsTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();
    private final AddonContext context = runtime.newContext("scalar-calls");
    private final Addon addon = context.load(Fixtures.spec("callbacks"));

    @AfterEach
    void close() {
        context.close();
    }

    /** The arguments a Java function saw when the addon called it with {@code args} (through callWith). */
    private List<Object> argumentsSeen(Object... args) {
        AtomicReference<Object[]> seen = new AtomicReference<>();
        Object[] call = new Object[args.length + 1];
        call[0] = (JavaFunction) (self, a) -> {
            seen.set(a);
            return null;
        };
        System.arraycopy(args, 0, call, 1, args.length);
        addon.call("callWith", call);
        return Arrays.asList(seen.get());
    }

    /** What the addon made of {@code answer}, returned by a Java function, on its way back to Java. */
    private Object answered(Object answer) {
        return addon.call("callWith", (JavaFunction) (self, a) -> answer);
    }

    @Test
    void numbersArriveAsTheCodecDecodesThem() {
        assertEquals(List.of(0, -1, Integer.MAX_VALUE), argumentsSeen(0, -1, Integer.MAX_VALUE));
        // An integral double is an int32 on the native side, so Java sees an Integer, as on the encoded path.
        assertEquals(List.of(3, Integer.MIN_VALUE), argumentsSeen(3.0, (double) Integer.MIN_VALUE));
        // Integral beyond int32: Long while exact; fractions, NaN, infinities: Double.
        assertEquals(List.of(2147483648L, 1L << 40, -(1L << 53) + 1),
                argumentsSeen(2147483648.0, (double) (1L << 40), (double) (-(1L << 53) + 1)));
        List<Object> doubles = argumentsSeen(2.5, Double.NaN, Double.NEGATIVE_INFINITY);
        assertEquals(List.of(2.5, Double.NaN, Double.NEGATIVE_INFINITY), doubles);
        assertTrue(doubles.stream().allMatch(d -> d instanceof Double), doubles.toString());
        assertEquals(List.of(9007199254740992.0), argumentsSeen(9007199254740992.0), "2^53 is past exact: Double");
    }

    @Test
    void negativeZeroStaysADouble() {
        Object zero = argumentsSeen(-0.0).get(0);
        assertEquals(Double.valueOf(-0.0), zero, "-0 is not the int32 0");
        assertEquals(List.of(0), argumentsSeen(0.0));
    }

    @Test
    void booleansNullAndUndefinedArriveAsThemselves() {
        List<Object> seen = argumentsSeen(true, false, null);
        assertEquals(Arrays.asList(true, false, null), seen);
        assertSame(Undefined.INSTANCE, argumentsSeen(Undefined.INSTANCE).get(0));
        assertEquals(List.of(), argumentsSeen(), "no arguments: an empty array");
    }

    @Test
    void theReceiverMayBeAnyScalar() {
        AtomicReference<Object> self = new AtomicReference<>();
        JavaFunction f = (thisArg, a) -> {
            self.set(thisArg);
            return a.length;
        };
        for (Object receiver : new Object[] {5, 2.5, true, Undefined.INSTANCE}) {
            assertEquals(1, addon.call("callOn", receiver, f, 1));
            assertEquals(receiver, self.get(), "strict: the receiver as passed");
        }
        assertEquals(0, addon.call("callOn", null, f));
        assertNull(self.get());
    }

    @Test
    void callsPastTheScalarPathTakeTheEncodedOne() {
        // More arguments than the scalar upcall takes, and scalars beside a string or an object: same values.
        assertEquals(List.of(1, 2, 3, 4), argumentsSeen(1, 2, 3, 4));
        assertEquals(Arrays.asList(1, "two", null), argumentsSeen(1, "two", null));
        assertEquals(List.of(1.5, Map.of("k", 1)), argumentsSeen(1.5, Map.of("k", 1)));
        AtomicReference<Object> self = new AtomicReference<>();
        addon.call("callOn", "me", (JavaFunction) (thisArg, a) -> {
            self.set(thisArg);
            return null;
        }, 1);
        assertEquals("me", self.get());
    }

    @Test
    void scalarAnswersReachTheAddonAsTheEncodedOnesDid() {
        assertEquals(42, answered(42));
        assertEquals(Integer.MIN_VALUE, answered(Integer.MIN_VALUE));
        assertEquals(1.5, answered(1.5));
        assertEquals(3, answered(3.0), "an integral double is a number like any other: Integer back in Java");
        assertEquals(Double.NaN, answered(Double.NaN));
        assertEquals(Double.POSITIVE_INFINITY, answered(Double.POSITIVE_INFINITY));
        assertEquals(Double.valueOf(-0.0), answered(-0.0));
        assertEquals(true, answered(true));
        assertEquals(false, answered(false));
        assertNull(answered(null));
        assertSame(Undefined.INSTANCE, answered(Undefined.INSTANCE));
    }

    @Test
    void otherAnswersAreEncodedAndTaken() {
        assertEquals(1L << 40, answered(1L << 40), "a Long crosses encoded");
        assertEquals(2.5, answered(2.5f));
        assertEquals("text", answered("text"));
        String large = "y".repeat(5000);
        assertEquals(large, answered(large), "past the trampoline's stack buffer");
        assertEquals(Map.of("list", List.of(1, "x")), answered(Map.of("list", List.of(1, "x"))));
        AddonException e = assertThrows(AddonException.class, () -> answered(1L << 60));
        assertTrue(e.getMessage().contains("a Java function returned a value that cannot be converted"),
                e.getMessage());
        assertEquals(7, answered(7), "the context goes on, nothing left over from the answer before");
    }

    @Test
    void anExceptionIsAnErrorTheAddonCanCatch() {
        Map<?, ?> answer = (Map<?, ?>) addon.call("catchFrom", (JavaFunction) (self, a) -> {
            throw new AddonException("refused " + a[0] + " " + a[1], "E_SCALAR");
        }, 1, true);
        assertEquals(true, answer.get("caught"));
        Map<?, ?> error = (Map<?, ?>) answer.get("error");
        assertEquals("refused 1 true", error.get("message"));
        assertEquals("E_SCALAR", error.get("code"));
        AddonException uncaught = assertThrows(AddonException.class, () -> addon.call("callWith",
                (JavaFunction) (self, a) -> {
                    throw new IllegalStateException("no " + a[0]);
                }, 2.5));
        assertEquals("no 2.5", uncaught.getMessage());
    }

    @Test
    void nestedCallsKeepTheirOwnAnswers() {
        // Each level calls into the addon again, whose call of the next Java function answers in bytes (a string)
        // or as a long, before the level's own answer (in bytes) is taken: no level may see another's.
        JavaFunction[] level = new JavaFunction[1];
        level[0] = (self, a) -> {
            int depth = (Integer) a[0];
            if (depth == 0) {
                return "bottom";
            }
            Object below = addon.call("callWith", level[0], depth - 1);
            Object number = addon.call("callWith", (JavaFunction) (s, b) -> (Integer) b[0] * 10, depth);
            return depth + ":" + number + "/" + below;
        };
        assertEquals("3:30/2:20/1:10/bottom", addon.call("callWith", level[0], 3));

        List<Object> caught = new ArrayList<>();
        JavaFunction throwing = (self, a) -> {
            throw new IllegalArgumentException("inner " + a[0]);
        };
        JavaFunction outer = (self, a) -> {
            Map<?, ?> inner = (Map<?, ?>) addon.call("catchFrom", throwing, a[0]);
            caught.add(((Map<?, ?>) inner.get("error")).get("message"));
            return a[0];
        };
        assertEquals(4, addon.call("callWith", outer, 4));
        assertEquals(List.of("inner 4"), caught);
    }
}
