/*
 * The wire format between Java and C for values crossing a call: one tag byte, then the payload, in native
 * byte order (both sides live in one process). Java's side is dev.addons.core.ValueCodec: keep them in step.
 */
#ifndef ADDON_CODEC_H
#define ADDON_CODEC_H

#include "runtime.h"

enum rt_tag {
  TAG_UNDEFINED = 0,
  TAG_NULL = 1,
  TAG_FALSE = 2,
  TAG_TRUE = 3,
  TAG_INT32 = 4,    /* int32 */
  TAG_DOUBLE = 5,   /* float64 */
  TAG_STRING = 6,   /* u32 byte length, UTF-8 bytes */
  TAG_ARRAY = 7,    /* u32 count, values */
  TAG_OBJECT = 8,   /* u32 count, (u32 length, UTF-8 key, value) pairs */
  TAG_FUNCTION = 9, /* u32 length, UTF-8 name */
  TAG_EXTERNAL = 10,
  TAG_BYTES = 11,    /* u32 length, bytes: Buffer and ArrayBuffer to Java byte[]; byte[] to a Buffer */
  TAG_REF = 12,      /* u32 number of a value sent earlier in the same answer or argument list (see below) */
};

/*
 * Shared values cross once. Every array, object and bytes value, and every string of RT_SHARED_STRING_MIN bytes
 * or more, gets a number when it is sent in full: 0, 1, 2... in the order the tags are written (a container
 * before its contents). Meeting the same value again (the same napi_value, the same Java object) the sender
 * writes TAG_REF and that number; the receiver answers the object it made the first time. A value met again
 * while it is still being sent is a cycle: the sender refuses it, so references always point backwards to a
 * finished value.
 */
#define RT_SHARED_STRING_MIN 32

/* The conversion recurses on the calling thread's stack: no configuration may ask for more levels than this. */
#define RT_DEPTH_CEILING 1000

/* Bounds of one conversion, from Java's RuntimeConfig (addon.convert.maxDepth, addon.convert.maxValues). */
typedef struct rt_limits {
  uint32_t max_depth;  /* levels below the top value */
  uint64_t max_values; /* values written, references included */
} rt_limits;

/* First byte of every answer to Java. */
enum rt_outcome {
  OUTCOME_OK = 0,        /* a value follows */
  OUTCOME_THROWN = 1,    /* name, message (strings), code (string or undefined) follow */
  OUTCOME_FAILED = 2,    /* a runtime failure message (string) follows */
  OUTCOME_WARNINGS = 0x80, /* or-ed in: the env has warnings to drain */
};

typedef struct rt_buf {
  uint8_t* data;
  size_t length;
  size_t cap;
  bool failed;
} rt_buf;

typedef struct rt_reader {
  const uint8_t* p;
  size_t remaining;
  const char* error;
  uint32_t max_depth;
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
/* Reads one value (NULL and in->error on failure); references may point into earlier values of the same reader. */
napi_value rt_decode_value(napi_env env, rt_reader* in, uint32_t depth);
void rt_reader_free(rt_reader* in);
void rt_encode_exception(napi_env env, rt_buf* out, napi_value thrown);

#endif
