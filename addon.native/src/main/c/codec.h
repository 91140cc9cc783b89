/*
 * The wire format between Java and C for values crossing a call: one tag byte, then the payload, in native
 * byte order (both sides live in one process). Java's side is dev.addons.core.ValueCodec.
 */
#ifndef ADDON_CODEC_H
#define ADDON_CODEC_H

#include "runtime.h"

/*
 * The numbers both sides must agree on (tags, outcomes, limits) are defined once, in Java: the class
 * dev.addons.core.NativeContract, from which the build generates this header with javac -h. Here they only get
 * their C names.
 */
#include "dev_addons_core_NativeContract.h"

#define RT_CONTRACT(name) dev_addons_core_NativeContract_##name

enum rt_tag {
  TAG_UNDEFINED = RT_CONTRACT(TAG_UNDEFINED),
  TAG_NULL = RT_CONTRACT(TAG_NULL),
  TAG_FALSE = RT_CONTRACT(TAG_FALSE),
  TAG_TRUE = RT_CONTRACT(TAG_TRUE),
  TAG_INT32 = RT_CONTRACT(TAG_INT32),       /* int32 */
  TAG_DOUBLE = RT_CONTRACT(TAG_DOUBLE),     /* float64 */
  TAG_STRING = RT_CONTRACT(TAG_STRING),     /* u32 byte length, UTF-8 bytes */
  TAG_ARRAY = RT_CONTRACT(TAG_ARRAY),       /* u32 count, values */
  TAG_OBJECT = RT_CONTRACT(TAG_OBJECT),     /* u32 count, (u32 length, UTF-8 key, value) pairs */
  TAG_FUNCTION = RT_CONTRACT(TAG_FUNCTION), /* not sent any more: functions cross as TAG_HANDLE */
  TAG_EXTERNAL = RT_CONTRACT(TAG_EXTERNAL), /* not sent any more: externals cross as TAG_HANDLE */
  TAG_BYTES = RT_CONTRACT(TAG_BYTES), /* u32 length, bytes: Buffer and ArrayBuffer to Java byte[]; byte[] to a Buffer */
  TAG_REF = RT_CONTRACT(TAG_REF),     /* u32 number of a value sent earlier in the same answer or argument list */
  TAG_BIGINT = RT_CONTRACT(TAG_BIGINT), /* u8 sign (1: negative), u32 word count, u64 words (least significant first) */
  TAG_DATE = RT_CONTRACT(TAG_DATE),     /* float64 time value (ms since the epoch; NaN: an invalid Date) */
  /* ---- Typed arrays and DataViews (docs/values.md) ---- */
  TAG_TYPED_ARRAY = RT_CONTRACT(TAG_TYPED_ARRAY), /* u8 kind (napi_typedarray_type or RT_WIRE_DATA_VIEW),
                                                     u32 byte length, the bytes the view shows */
  /* ---- Asynchrony (docs/async.md) ---- */
  TAG_PROMISE = RT_CONTRACT(TAG_PROMISE), /* u64 id: the promise's future in Java (settled by a drain) */
  TAG_JAVA_FUNCTION = RT_CONTRACT(TAG_JAVA_FUNCTION), /* u64 id: a Java function (javafunctions.h) */
  TAG_HANDLE = RT_CONTRACT(TAG_HANDLE), /* u64 id (handles.h); to Java also u8 kind and a name (see below) */
};

/* The kind byte of TAG_TYPED_ARRAY for a DataView; typed arrays send their napi_typedarray_type. */
#define RT_WIRE_DATA_VIEW RT_CONTRACT(TYPED_DATA_VIEW)

/*
 * Which values cross as handles (TAG_HANDLE) rather than copies: functions (kind HANDLE_FUNCTION, then the name as
 * u32 length and bytes), symbols (HANDLE_SYMBOL, then u8 1 and the description's length and bytes, or u8 0),
 * externals (HANDLE_EXTERNAL), and objects that are not plain data (HANDLE_OBJECT): an instance of a class (a
 * prototype other than Object.prototype), a wrapped object (napi_wrap), one with a type tag or an accessor
 * property. Plain objects, arrays, errors, Dates, Buffers and typed arrays are copied as before.
 */
bool rt_crosses_as_handle(napi_env env, napi_value v);

/*
 * Shared values cross once. Every array, object and bytes value, and every string of RT_SHARED_STRING_MIN bytes
 * or more, gets a number when it is sent in full: 0, 1, 2... in the order the tags are written (a container
 * before its contents). Meeting the same value again (the same napi_value, the same Java object) the sender
 * writes TAG_REF and that number; the receiver answers the object it made the first time. A value met again
 * while it is still being sent is a cycle: the sender refuses it, so references always point backwards to a
 * finished value.
 */
#define RT_SHARED_STRING_MIN RT_CONTRACT(SHARED_STRING_MIN)

/* The conversion recurses on the calling thread's stack: no configuration may ask for more levels than this. */
#define RT_DEPTH_CEILING RT_CONTRACT(DEPTH_CEILING)

/* Bounds of one conversion, from Java's RuntimeConfig (addon.convert.maxDepth, addon.convert.maxValues). */
typedef struct rt_limits {
  uint32_t max_depth;  /* levels below the top value */
  uint64_t max_values; /* values written, references included */
  bool no_handles;     /* an answer Java reads without the module's tables: a handle or a promise is refused */
} rt_limits;

/*
 * The limits of a thrown value's conversion where Java gave none (a module's init, the primitive fast path): the
 * default depth, fewer values, and no handles or promises (Java reads those answers without the module's tables).
 */
#define RT_THROWN_LIMITS_UNCONFIGURED ((rt_limits){64, 10000, true})

/* First byte of every answer to Java. */
enum rt_outcome {
  OUTCOME_OK = RT_CONTRACT(OUTCOME_OK),         /* a value follows */
  OUTCOME_THROWN = RT_CONTRACT(OUTCOME_THROWN), /* name, message (strings), code (string or undefined) follow */
  OUTCOME_FAILED = RT_CONTRACT(OUTCOME_FAILED), /* a runtime failure message (string) follows */
  OUTCOME_WARNINGS = RT_CONTRACT(OUTCOME_WARNINGS), /* or-ed in: the env's warnings follow the answer (string) */
};

/*
 * A growing byte buffer. borrowed: data is memory the caller lent (a call's transport buffer, see bridge.c) and
 * must not be realloc'd or freed; outgrowing it moves the bytes to the heap and clears the flag.
 */
typedef struct rt_buf {
  uint8_t* data;
  size_t length;
  size_t cap;
  bool failed;
  bool borrowed;
} rt_buf;

struct rt_java_host;

typedef struct rt_reader {
  const uint8_t* p;
  size_t remaining;
  const char* error;
  uint32_t max_depth;
  uint64_t max_values;                /* with max_depth: the limits of the calls of Java functions read here */
  const struct rt_java_host* java_host; /* who calls Java functions (TAG_JAVA_FUNCTION); NULL: none may come */
  napi_value* numbered; /* the values numbered so far (see TAG_REF); made at the first one */
  uint32_t numbered_count, numbered_cap;
} rt_reader;

void rt_buf_u8(rt_buf* b, uint8_t v);
void rt_buf_u32(rt_buf* b, uint32_t v);
void rt_buf_string(rt_buf* b, const char* s, size_t length);
/*
 * Writes v. A cycle or a value past a limit stops the encoding: returns false and sets *problem to what went
 * wrong and where, e.g. "a cyclic value: result.a refers back to result" (root names the top value; malloc'd,
 * the caller frees it; NULL if even that allocation failed). out then holds a partial value to discard.
 */
bool rt_encode_value(napi_env env, rt_buf* out, napi_value v, rt_limits limits, const char* root, char** problem);
/* Writes v (an object, function, symbol or external) as a handle whatever it is; false if out of memory. */
bool rt_encode_handle(napi_env env, rt_buf* out, napi_value v);
/* Reads one value (NULL and in->error on failure); references may point into earlier values of the same reader. */
napi_value rt_decode_value(napi_env env, rt_reader* in, uint32_t depth);
void rt_reader_free(rt_reader* in);

/*
 * What Java learns of a thrown value: its error name, message and code. The pointers point into the value (or
 * into scratch) and are valid while the value lives; code is NULL when there is none. Reads "message" and "code"
 * as properties: a getter there is addon code, so call this inside the gate.
 */
typedef struct rt_thrown_text {
  const char* name;
  size_t name_length;
  const char* message;
  size_t message_length;
  const char* code;
  size_t code_length;
  char scratch[64];
} rt_thrown_text;

void rt_describe_thrown(napi_env env, napi_value thrown, rt_thrown_text* out);
/*
 * What follows OUTCOME_THROWN: name, message (strings), code (string or TAG_UNDEFINED), then u8 1 and the thrown
 * value encoded as a result (within limits), or u8 0 if it cannot be converted (a cycle, a limit, a handle where
 * limits.no_handles): Java's AddonException.value().
 */
void rt_encode_exception(napi_env env, rt_buf* out, napi_value thrown, rt_limits limits);

#endif
