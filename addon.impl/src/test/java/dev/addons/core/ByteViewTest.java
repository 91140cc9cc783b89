package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ReadOnlyBufferException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.JsObject;

/** JsObject.withBytes: zero-copy views of a binary value's bytes (docs/object-model.md), fixture "objectmodel". */
class ByteViewTest {

    /** Bound methods declared to return JsObject get handles, even to typed arrays and plain objects. */
    public interface Binary {
        JsObject int32View();

        JsObject int32Holder();

        JsObject plain();
    }

    AddonRuntimeCore runtime;
    AddonContext context;
    Addon addon;
    Binary binary;

    @BeforeEach
    void load() {
        runtime = new AddonRuntimeCore();
        context = runtime.newContext("byte-view-test");
        addon = context.load(Fixtures.spec("objectmodel"));
        binary = addon.bind(Binary.class);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private static int[] ints(ByteBuffer bytes) {
        IntBuffer view = bytes.asIntBuffer();
        int[] all = new int[view.remaining()];
        view.get(all);
        return all;
    }

    @Test
    void readsOnlyTheBytesAnOffsetViewShows() {
        JsObject view = binary.int32View();
        int[] seen = view.withBytes(bytes -> {
            assertTrue(bytes.isDirect() && bytes.isReadOnly(), "a read-only direct buffer by default");
            assertEquals(ByteOrder.nativeOrder(), bytes.order());
            assertEquals(12, bytes.remaining(), "3 elements at offset 8 of a 24-byte ArrayBuffer");
            return ints(bytes);
        });
        assertEquals(java.util.List.of(30, 40, 50), java.util.Arrays.stream(seen).boxed().toList());
        assertThrows(ReadOnlyBufferException.class, () -> view.withBytes(bytes -> bytes.putInt(0, 1)));
    }

    @Test
    void aWriteThroughTheViewIsWhatTheAddonReads() {
        JsObject view = binary.int32View();
        assertEquals(120, addon.call("sumInt32", view));
        view.withWritableBytes(bytes -> bytes.putInt(0, 1000).getInt(0));
        assertEquals(1090, addon.call("sumInt32", view), "the addon sees the element Java wrote, in place");
        assertEquals(1000, view.get("0"));
    }

    @Test
    void aPropertyIsReadAsAHandleWithGetHandle() {
        JsObject holder = binary.int32Holder();
        assertTrue(holder.get("view") instanceof int[], "get copies a typed array, as before");
        JsObject view = holder.getHandle("view");
        assertEquals(3, view.withBytes(ByteBuffer::remaining) / 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> holder.getHandle("nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("undefined"), e.getMessage());
    }

    @Test
    void aDetachedBufferShowsNoBytes() {
        JsObject view = binary.int32View();
        addon.call("detach", view);
        assertEquals(0, view.withBytes(ByteBuffer::remaining));
        assertEquals(0, view.withWritableBytes(ByteBuffer::capacity));
    }

    @Test
    void aValueThatIsNotBinaryIsRefusedNamingItsType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> binary.plain().withBytes(ByteBuffer::remaining));
        assertTrue(e.getMessage().contains("module 'objectmodel'") && e.getMessage().contains("an object"),
                e.getMessage());
        JsObject counter = addon.construct("Counter", 1);
        assertThrows(IllegalArgumentException.class, () -> counter.withBytes(ByteBuffer::remaining));
        e = assertThrows(IllegalArgumentException.class,
                () -> ((JsObject) addon.get("Counter")).withBytes(ByteBuffer::remaining));
        assertTrue(e.getMessage().contains("a function"), e.getMessage());
    }

    @Test
    void aReleasedHandleOrAClosedContextIsRefused() {
        JsObject view = binary.int32View();
        view.release();
        IllegalStateException released = assertThrows(IllegalStateException.class,
                () -> view.withBytes(ByteBuffer::remaining));
        assertTrue(released.getMessage().contains("released"), released.getMessage());
        JsObject other = binary.int32View();
        context.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> other.withBytes(ByteBuffer::remaining));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void noCallIntoTheContextFromInsideTheCallback() {
        JsObject view = binary.int32View();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> view.withBytes(bytes -> addon.call("detach", view)));
        assertTrue(e.getMessage().contains("withBytes"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.withBytes(bytes -> view.get("length")));
        long live = ((AddonImpl) addon).liveHandles();
        view.withBytes(bytes -> {
            view.release(); // never throws; the value is let go once the callback returned
            return bytes.getInt(0);
        });
        assertTrue(view.isReleased());
        assertEquals(live - 1, ((AddonImpl) addon).liveHandles(),
                "the release held back went back when the callback returned");
        assertEquals(120, addon.call("sumInt32", binary.int32View()), "the context works after the callback");
    }

    @Test
    void returningTheBufferOrAViewOfItIsRefused() {
        JsObject view = binary.int32View();
        assertThrows(IllegalStateException.class, () -> view.withBytes(bytes -> bytes));
        assertThrows(IllegalStateException.class, () -> view.withBytes(bytes -> bytes.slice(4, 4)));
        assertThrows(IllegalStateException.class, () -> view.withWritableBytes(ByteBuffer::asIntBuffer));
        ByteBuffer copy = view.withBytes(bytes -> ByteBuffer.allocate(12).put(bytes).flip());
        assertFalse(copy.isDirect());
        assertEquals(40, copy.order(ByteOrder.nativeOrder()).getInt(4));
    }
}
