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
};

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
} rt_reader;

void rt_buf_u8(rt_buf* b, uint8_t v);
void rt_buf_u32(rt_buf* b, uint32_t v);
void rt_buf_string(rt_buf* b, const char* s, size_t length);
void rt_encode_value(napi_env env, rt_buf* out, napi_value v, int depth);
napi_value rt_decode_value(napi_env env, rt_reader* in, int depth);
void rt_encode_exception(napi_env env, rt_buf* out, napi_value thrown);

#endif
