package dev.addons.core;

import java.lang.annotation.Native;

/**
 * Every number the Java side and the native runtime (addon.native) must agree on, defined here once.
 *
 * <p>The addon.native build (and the native test harness, run-harness.sh) runs {@code javac -h} on this file and
 * on {@link NativeBridge}; the C code includes the generated {@code dev_addons_core_NativeContract.h}, where each
 * constant below is a {@code #define dev_addons_core_NativeContract_<NAME>}. So this class must stay free of any
 * dependency (it is compiled alone). See docs/runtime-internals.md.
 */
final class NativeContract {

    private NativeContract() {
    }

    // ---- Wire tags: one byte before each value of an argument list or answer (see codec.h) --------------------

    @Native static final byte TAG_UNDEFINED = 0;
    @Native static final byte TAG_NULL = 1;
    @Native static final byte TAG_FALSE = 2;
    @Native static final byte TAG_TRUE = 3;
    /** int32. */
    @Native static final byte TAG_INT32 = 4;
    /** float64. */
    @Native static final byte TAG_DOUBLE = 5;
    /** u32 byte length, UTF-8 bytes. */
    @Native static final byte TAG_STRING = 6;
    /** u32 count, values. */
    @Native static final byte TAG_ARRAY = 7;
    /** u32 count, (u32 length, UTF-8 key, value) pairs. */
    @Native static final byte TAG_OBJECT = 8;
    /** Not sent any more: functions cross as {@link #TAG_HANDLE} (API 1.3). The number stays taken. */
    @Native static final byte TAG_FUNCTION = 9;
    /** Not sent any more: externals cross as {@link #TAG_HANDLE} (API 1.3). The number stays taken. */
    @Native static final byte TAG_EXTERNAL = 10;
    /** u32 length, bytes: Buffer and ArrayBuffer to byte[]; byte[] to a Buffer. */
    @Native static final byte TAG_BYTES = 11;
    /** u32 number of a value sent earlier in the same answer or argument list. */
    @Native static final byte TAG_REF = 12;
    /** u8 sign (1: negative), u32 word count, u64 magnitude words, least significant first: BigInt and BigInteger. */
    @Native static final byte TAG_BIGINT = 13;
    /** float64 time value in ms since the epoch (NaN: an invalid Date): Date and Instant. */
    @Native static final byte TAG_DATE = 14;
    // 15 is taken (handles to live addon values), 17 and up too (typed arrays).
    /**
     * u64 id of a {@code JavaFunction} in {@code JavaFunctions}: the addon sees a function that calls Java, and
     * that function, sent back to Java, is the same Java object again (see docs/callbacks.md).
     */
    @Native static final byte TAG_JAVA_FUNCTION = 16;

    // ---- Typed arrays and DataViews (docs/values.md). Tags 15 and 16 belong to handles and Java functions. ---------

    /**
     * u8 kind (one of the TYPED_ numbers below), u32 byte length, the bytes the view shows in platform order: a
     * typed array or DataView, and the Java primitive arrays and {@code TypedArray} that become one.
     */
    @Native static final byte TAG_TYPED_ARRAY = 17;
    /** The kinds of {@link #TAG_TYPED_ARRAY}: Node-API's {@code napi_typedarray_type} numbers (codec.c checks). */
    @Native static final byte TYPED_INT8 = 0;
    @Native static final byte TYPED_UINT8 = 1;
    @Native static final byte TYPED_UINT8_CLAMPED = 2;
    @Native static final byte TYPED_INT16 = 3;
    @Native static final byte TYPED_UINT16 = 4;
    @Native static final byte TYPED_INT32 = 5;
    @Native static final byte TYPED_UINT32 = 6;
    @Native static final byte TYPED_FLOAT32 = 7;
    @Native static final byte TYPED_FLOAT64 = 8;
    @Native static final byte TYPED_BIGINT64 = 9;
    @Native static final byte TYPED_BIGUINT64 = 10;
    /** A DataView: a number napi_typedarray_type will not reach. */
    @Native static final byte TYPED_DATA_VIEW = 64;

    // ---- Asynchrony (docs/async.md) ----------------------------------------------------------------------------

    /** u64 id: a promise; Java answers a CompletableFuture that a drain of the context's loop settles. */
    @Native static final byte TAG_PROMISE = 30;
    /** The states of a settlement in a drain's answer: the value, the rejection, or why the value did not cross. */
    @Native static final int PROMISE_FULFILLED = 1;
    @Native static final int PROMISE_REJECTED = 2;
    @Native static final int PROMISE_UNCONVERTIBLE = 3;
    /**
     * u64 id of a live value the runtime holds for Java (handles.h), u8 kind ({@code HANDLE_*}), then for a function
     * its name and for a symbol its description (u8 1 and a string's u32 length and bytes, or u8 0): a JsObject.
     * From Java only the id is sent. Tag 16 and up belong to other value kinds.
     */
    @Native static final byte TAG_HANDLE = 15;

    @Native static final int HANDLE_OBJECT = 0;
    @Native static final int HANDLE_FUNCTION = 1;
    @Native static final int HANDLE_SYMBOL = 2;
    @Native static final int HANDLE_EXTERNAL = 3;

    /** Strings of at least this many UTF-8 bytes are numbered and may be referred to by {@link #TAG_REF}. */
    @Native static final int SHARED_STRING_MIN = 32;
    /** Conversion recurses on the calling thread's stack: no configuration may ask for more levels than this. */
    @Native static final int DEPTH_CEILING = 1000;

    // ---- Outcomes: the first byte of every answer ----------------------------------------------------------------

    /** A value follows. */
    @Native static final int OUTCOME_OK = 0;
    /**
     * The addon threw: name, message (strings), code (string or undefined) follow, then u8 1 and the thrown value
     * (encoded as a result is), or u8 0 where it could not be converted. Java's answer to the runtime (a Java
     * function that threw, JavaFunctions) has no such value: it ends after the code.
     */
    @Native static final int OUTCOME_THROWN = 1;
    /** A runtime failure message (string) follows. */
    @Native static final int OUTCOME_FAILED = 2;
    /** Or-ed in: the env's warnings follow the answer, as one more string (lines separated by '\n'). */
    @Native static final int OUTCOME_WARNINGS = 0x80;

    // ---- Scalar calls of Java functions (JavaFunctions.invokeScalar; see docs/callbacks.md) ---------------------

    /** A call whose receiver and at most this many arguments are all scalars passes them as primitive parameters. */
    @Native static final int SCALAR_MAX_ARGS = 3;
    /**
     * The shape of a scalar call: the argument count in the low bits, then per slot (the receiver, then each
     * argument) its kind in this many bits, the kind being its tag: {@link #TAG_UNDEFINED} to {@link #TAG_DOUBLE}.
     */
    @Native static final int SCALAR_COUNT_BITS = 4;
    @Native static final int SCALAR_KIND_BITS = 3;
    /**
     * A scalar answer is a {@code long}: a double's bits ({@link Double#doubleToLongBits}, so never a NaN with
     * these top 16 bits), or these top 16 bits with a tag in bits 32-47 and an int32 in bits 0-31.
     */
    @Native static final long SCALAR_TAGGED = 0xFFFF_0000_0000_0000L;
    /** The tag of a scalar answer that is in bytes, to take with {@code JavaFunctions.takeAnswer}. */
    @Native static final int SCALAR_IN_BYTES = 0xFF;

    // ---- Operations on a value Java holds (NativeBridge.objectOp): target is a handle id, 0 for the exports -------

    /** target[key]: no arguments. */
    @Native static final int OP_GET = 0;
    /** target[key] = argument 0; answers undefined. */
    @Native static final int OP_SET = 1;
    /** key in target: a boolean. */
    @Native static final int OP_HAS = 2;
    /** delete target[key]: a boolean. */
    @Native static final int OP_DELETE = 3;
    /** target[key](arguments...) with this = target. */
    @Native static final int OP_CALL_METHOD = 4;
    /** target (a function) called with this = argument 0 and the other arguments. */
    @Native static final int OP_INVOKE = 5;
    /** new target(arguments...); with target 0: new exports[key](arguments...). */
    @Native static final int OP_CONSTRUCT = 6;
    /** target instanceof argument 0: a boolean. */
    @Native static final int OP_INSTANCE_OF = 7;
    /** The target itself (0: the exports object), as a handle. */
    @Native static final int OP_SELF = 8;
    /** {@code globalThis.Symbol[key]}: a well-known symbol ({@code "iterator"}...); undefined for another name. */
    @Native static final int OP_WELL_KNOWN_SYMBOL = 9;
    /** {@code Symbol.for(key)}: the symbol of the env's registry, shared with {@code node_api_symbol_for}. */
    @Native static final int OP_SYMBOL_FOR = 10;
    /**
     * Or-ed into {@link #OP_GET}, {@link #OP_SET}, {@link #OP_HAS}, {@link #OP_DELETE} or {@link #OP_CALL_METHOD}:
     * the key is argument 0 (a symbol, sent as a handle), not the string key; the operation's arguments follow it.
     */
    @Native static final int OP_KEY_IN_ARGUMENTS = 0x40;

    // ---- The primitive fast path: how callPrimitive's 'types' argument packs a bound method's signature ----------

    /** Each argument's type takes this many bits, argument i at bit {@code i * TYPES_ARG_BITS}. */
    @Native static final int TYPES_ARG_BITS = 2;
    /** The result type's bits start here (3 bits). */
    @Native static final int TYPES_RESULT_SHIFT = 8;
    /** The argument count's bits start here (3 bits). */
    @Native static final int TYPES_COUNT_SHIFT = 12;
    @Native static final int MAX_PRIMITIVE_ARGUMENTS = 4;

    @Native static final int ARG_INT32 = 0;
    @Native static final int ARG_DOUBLE = 1;
    @Native static final int ARG_BOOL = 2;
    /** A long, as a JavaScript number. */
    @Native static final int ARG_INT64 = 3;

    @Native static final int RET_VOID = 0;
    @Native static final int RET_INT32 = 1;
    @Native static final int RET_DOUBLE = 2;
    @Native static final int RET_BOOL = 3;
    @Native static final int RET_INT64 = 4;
}
