/*
 * Typed arrays and DataViews: objects viewing a range of an ArrayBuffer, which they hold a reference to. Detaching
 * the buffer (napi_detach_arraybuffer) leaves every view over it empty, as in V8. A Node Buffer is a Uint8Array over
 * bytes of its own (buffers.c). Dates (an object with its time value) are here too, and what these types own.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

static size_t element_size(int kind) {
  switch (kind) {
    case napi_int8_array:
    case napi_uint8_array:
    case napi_uint8_clamped_array:
      return 1;
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array:
      return 8;
    default:
      return 0;
  }
}

size_t rt_element_size(int kind) {
  return kind == RT_DATAVIEW ? 1 : element_size(kind);
}

static const char* type_name(int kind) {
  static const char* const names[] = {"Int8Array",    "Uint8Array",   "Uint8ClampedArray", "Int16Array",
                                      "Uint16Array",  "Int32Array",   "Uint32Array",       "Float32Array",
                                      "Float64Array", "BigInt64Array", "BigUint64Array"};
  return kind >= 0 && kind < (int)(sizeof(names) / sizeof(names[0])) ? names[kind] : "TypedArray";
}

static bool is_arraybuffer(napi_value v) {
  return (rt_flags(v) & RT_ARRAYBUFFER) != 0;
}

/* As Node: the RangeError is thrown and the call answers napi_generic_failure (a DataView's, pending_exception). */
static napi_status throw_range_error(napi_env env, const char* message) {
  napi_throw_range_error(env, NULL, message);
  return rt_set_error(env, napi_generic_failure);
}

static napi_status make_view(napi_env env, int kind, size_t length, napi_value arraybuffer, size_t byte_offset,
                             napi_value* result) {
  napi_value v = rt_alloc(env, napi_object, RT_VIEW);
  if (v == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  rt_retain(arraybuffer);
  v->u.view.buffer = arraybuffer;
  v->u.view.offset = byte_offset;
  v->u.view.length = length;
  v->u.view.kind = kind;
  *result = rt_new_handle(env, v);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_typedarray(napi_env env, napi_typedarray_type type, size_t length,
                                              napi_value arraybuffer, size_t byte_offset, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, arraybuffer);
  CHECK_ARG(env, result);
  if (!is_arraybuffer(arraybuffer)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  size_t size = element_size(type);
  if (size == 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (byte_offset % size != 0) {
    char message[96];
    snprintf(message, sizeof(message), "start offset of %s should be a multiple of %zu", type_name(type), size);
    return throw_range_error(env, message);
  }
  size_t available = arraybuffer->u.bytes.length;
  if (byte_offset > available || length > (available - byte_offset) / size) {
    return throw_range_error(env, "Invalid typed array length");
  }
  return make_view(env, type, length, arraybuffer, byte_offset, result);
}

napi_status NAPI_CDECL napi_create_dataview(napi_env env, size_t byte_length, napi_value arraybuffer,
                                            size_t byte_offset, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, arraybuffer);
  CHECK_ARG(env, result);
  if (!is_arraybuffer(arraybuffer)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  size_t available = arraybuffer->u.bytes.length;
  if (byte_offset > available || byte_length > available - byte_offset) {
    napi_throw_range_error(env, "ERR_NAPI_INVALID_DATAVIEW_ARGS",
                           "byte_offset + byte_length should be less than or equal to the size in bytes of the array "
                           "passed in");
    return rt_set_error(env, napi_pending_exception);
  }
  return make_view(env, RT_DATAVIEW, byte_length, arraybuffer, byte_offset, result);
}

static bool is_view(napi_value v, bool dataview) {
  return (rt_flags(v) & RT_VIEW) && (v->u.view.kind == RT_DATAVIEW) == dataview;
}

napi_status NAPI_CDECL napi_is_typedarray(napi_env env, napi_value value, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = is_view(value, false) || (rt_flags(value) & RT_BUFFER);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_is_dataview(napi_env env, napi_value value, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = is_view(value, true);
  return rt_clear_error(env);
}

void rt_view_bytes(napi_value v, uint8_t** data, size_t* length) {
  if (rt_flags(v) & RT_BUFFER) {
    *data = v->u.bytes.data;
    *length = v->u.bytes.length;
    return;
  }
  napi_value buffer = v->u.view.buffer;
  if (buffer->u.bytes.detached) {
    *data = NULL;
    *length = 0;
    return;
  }
  *data = buffer->u.bytes.data + v->u.view.offset;
  *length = v->u.view.length * (v->u.view.kind == RT_DATAVIEW ? 1 : element_size(v->u.view.kind));
}

/* What a view reports: its length in elements, data, buffer and offset (all 0 or NULL once detached). */
static void view_info(napi_value v, size_t* length, void** data, napi_value* arraybuffer, size_t* byte_offset) {
  bool detached = v->u.view.buffer->u.bytes.detached;
  if (length != NULL) {
    *length = detached ? 0 : v->u.view.length;
  }
  if (data != NULL) {
    *data = detached ? NULL : v->u.view.buffer->u.bytes.data + v->u.view.offset;
  }
  if (arraybuffer != NULL) {
    *arraybuffer = v->u.view.buffer;
  }
  if (byte_offset != NULL) {
    *byte_offset = detached ? 0 : v->u.view.offset;
  }
}

napi_status NAPI_CDECL napi_get_typedarray_info(napi_env env, napi_value typedarray, napi_typedarray_type* type,
                                                size_t* length, void** data, napi_value* arraybuffer,
                                                size_t* byte_offset) {
  CHECK_ENV(env);
  CHECK_ARG(env, typedarray);
  if (rt_flags(typedarray) & RT_BUFFER) {
    /* A Buffer owns its bytes; there is no ArrayBuffer object to hand out (see docs/values.md). */
    if (type != NULL) {
      *type = napi_uint8_array;
    }
    if (length != NULL) {
      *length = typedarray->u.bytes.length;
    }
    if (data != NULL) {
      *data = typedarray->u.bytes.data;
    }
    if (arraybuffer != NULL) {
      *arraybuffer = &env->undefined_value;
    }
    if (byte_offset != NULL) {
      *byte_offset = 0;
    }
    return rt_clear_error(env);
  }
  if (!is_view(typedarray, false)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (type != NULL) {
    *type = (napi_typedarray_type)typedarray->u.view.kind;
  }
  view_info(typedarray, length, data, arraybuffer, byte_offset);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_dataview_info(napi_env env, napi_value dataview, size_t* bytelength, void** data,
                                              napi_value* arraybuffer, size_t* byte_offset) {
  CHECK_ENV(env);
  CHECK_ARG(env, dataview);
  if (!is_view(dataview, true)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  view_info(dataview, bytelength, data, arraybuffer, byte_offset);
  return rt_clear_error(env);
}

/*
 * Detaching frees bytes the runtime made; external bytes stay the addon's, whose finalizer still runs when the
 * ArrayBuffer goes (V8 releases the backing store then too).
 */
napi_status NAPI_CDECL napi_detach_arraybuffer(napi_env env, napi_value arraybuffer) {
  CHECK_ENV(env);
  CHECK_ARG(env, arraybuffer);
  if (!is_arraybuffer(arraybuffer)) {
    return rt_set_error(env, napi_arraybuffer_expected);
  }
  if (!arraybuffer->u.bytes.detached) {
    if (!arraybuffer->u.bytes.borrowed) {
      free(arraybuffer->u.bytes.data);
    }
    arraybuffer->u.bytes.data = NULL;
    arraybuffer->u.bytes.length = 0;
    arraybuffer->u.bytes.detached = true;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_is_detached_arraybuffer(napi_env env, napi_value value, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = is_arraybuffer(value) && value->u.bytes.detached;
  return rt_clear_error(env);
}

/* ---- Elements ---------------------------------------------------------------------------------------------- */
/*
 * A typed array's (or Buffer's) indexed properties are its bytes, read and written with the conversions of its kind:
 * napi_get_element, napi_set_element, napi_has_element and the keyed and named property functions reach them
 * through objects.c. Written values are converted as ECMAScript does: ToInt8/ToUint8/... (modulo 2^n), ToUint8Clamp
 * (rounding half to even), Float32 rounding, and ToBigInt64/ToBigUint64 for the 64-bit kinds.
 */

static int element_kind(napi_value v) {
  return (rt_flags(v) & RT_BUFFER) ? napi_uint8_array : v->u.view.kind;
}

bool rt_has_elements(napi_value v) {
  return (rt_flags(v) & RT_BUFFER) || ((rt_flags(v) & RT_VIEW) && v->u.view.kind != RT_DATAVIEW);
}

size_t rt_element_count(napi_value v) {
  uint8_t* data;
  size_t bytes;
  rt_view_bytes(v, &data, &bytes);
  return bytes / element_size(element_kind(v));
}

enum rt_element_key rt_element_key(napi_value v, const char* key, uint32_t* index) {
  if (!rt_has_elements(v) || rt_is_symbol_key(key)) {
    return RT_NOT_ELEMENT;
  }
  if (rt_array_index(key, index)) {
    return *index < rt_element_count(v) ? RT_ELEMENT : RT_NO_ELEMENT;
  }
  /* CanonicalNumericIndexString: "-0", or a string that ToString(ToNumber(key)) gives back. */
  char canonical[RT_NUMBER_TEXT];
  size_t length = strlen(key);
  if (strcmp(key, "-0") == 0) {
    return RT_NO_ELEMENT;
  }
  if (length == 0 || length >= RT_NUMBER_TEXT) {
    return RT_NOT_ELEMENT;
  }
  rt_number_to_string(rt_string_to_number(key, length), canonical);
  return strcmp(canonical, key) == 0 ? RT_NO_ELEMENT : RT_NOT_ELEMENT;
}

napi_value rt_element_get(napi_env env, napi_value v, uint32_t index) {
  uint8_t* data;
  size_t bytes;
  rt_view_bytes(v, &data, &bytes);
  int kind = element_kind(v);
  uint8_t* at = data + (size_t)index * element_size(kind);
  union {
    int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32; float f32; double f64;
    uint64_t u64;
  } e;
  memcpy(&e, at, element_size(kind));
  switch (kind) {
    case napi_int8_array: return rt_make_number(env, e.i8);
    case napi_uint8_array:
    case napi_uint8_clamped_array: return rt_make_number(env, e.u8);
    case napi_int16_array: return rt_make_number(env, e.i16);
    case napi_uint16_array: return rt_make_number(env, e.u16);
    case napi_int32_array: return rt_make_number(env, e.i32);
    case napi_uint32_array: return rt_make_number(env, e.u32);
    case napi_float32_array: return rt_make_number(env, e.f32);
    case napi_float64_array: return rt_make_number(env, e.f64);
    default: {
      bool negative = kind == napi_bigint64_array && (int64_t)e.u64 < 0;
      uint64_t magnitude = negative ? 0 - e.u64 : e.u64;
      return rt_make_bigint(env, negative, &magnitude, 1);
    }
  }
}

/* ToUint32 (modulo 2^32) of a number; the 8- and 16-bit kinds keep its low bits, as ToInt8, ToUint16... do. */
static uint32_t modulo_2_32(double d) {
  if (!isfinite(d)) {
    return 0;
  }
  double m = fmod(trunc(d), 4294967296.0);
  return (uint32_t)(m < 0 ? m + 4294967296.0 : m);
}

/* ToUint8Clamp: NaN and below 0 are 0, above 255 is 255, otherwise rounded half to even. */
static uint8_t clamp_uint8(double d) {
  if (!(d > 0)) {
    return 0;
  }
  if (d >= 255) {
    return 255;
  }
  double f = floor(d);
  double rest = d - f;
  if (rest > 0.5 || (rest == 0.5 && fmod(f, 2) != 0)) {
    f += 1;
  }
  return (uint8_t)f;
}

/* Rounds to the nearest float, ties to even, as V8 does; beyond the float range (where C's conversion is undefined)
   that is ±FLT_MAX or, from FLT_MAX plus half its ulp on, ±Infinity. */
static float to_float32(double d) {
  double magnitude = fabs(d);
  if (isnan(d) || magnitude <= FLT_MAX) {
    return (float)d;
  }
  float limit = magnitude >= 0x1.ffffffp127 ? INFINITY : FLT_MAX;
  return d < 0 ? -limit : limit;
}

/* ToBigInt of what a 64-bit element takes: a BigInt, a boolean or a decimal string; else an exception, as V8's. */
static bool to_bigint_bits(napi_env env, napi_value value, uint64_t* bits) {
  napi_valuetype type = rt_type(value);
  if (type == napi_bigint) {
    uint64_t low = value->u.bigint.count > 0 ? value->u.bigint.words[0] : 0;
    *bits = value->u.bigint.negative ? 0 - low : low;
    return true;
  }
  if (type == napi_boolean) {
    *bits = value->u.boolean ? 1 : 0;
    return true;
  }
  char text[RT_NUMBER_TEXT + 32];
  if (type == napi_string) {
    const char* c = value->u.string.data;
    while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') {
      c++;
    }
    bool negative = *c == '-';
    if (*c == '-' || *c == '+') {
      c++;
    }
    uint64_t n = 0;
    bool digits = false;
    for (; *c >= '0' && *c <= '9'; c++, digits = true) {
      n = n * 10 + (uint64_t)(*c - '0'); /* modulo 2^64, as BigInt.asUintN(64) */
    }
    while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') {
      c++;
    }
    if (*c == '\0' && (digits || value->u.string.length == 0)) {
      *bits = negative ? 0 - n : n;
      return true;
    }
    snprintf(text, sizeof(text), "Cannot convert %.32s to a BigInt", value->u.string.data);
    node_api_throw_syntax_error(env, NULL, text);
    return false;
  }
  char shown[RT_NUMBER_TEXT];
  const char* what = type == napi_undefined ? "undefined" : type == napi_null ? "null" : "value";
  if (type == napi_number) {
    rt_number_to_string(rt_number(value), shown);
    what = shown;
  }
  snprintf(text, sizeof(text), "Cannot convert %s to a BigInt", what);
  napi_throw_type_error(env, NULL, text);
  return false;
}

napi_status rt_element_set(napi_env env, napi_value v, enum rt_element_key key, uint32_t index, napi_value value) {
  int kind = element_kind(v);
  union {
    uint8_t u8; uint16_t u16; uint32_t u32; float f32; double f64; uint64_t u64;
  } e;
  if (kind == napi_bigint64_array || kind == napi_biguint64_array) {
    if (!to_bigint_bits(env, value, &e.u64)) {
      return rt_set_error(env, napi_generic_failure); /* Node 20's status, with the exception pending */
    }
  } else {
    double d;
    if (!rt_to_number(env, value, &d)) {
      return rt_set_error(env, napi_generic_failure); /* a symbol or BigInt (TypeError pending), or out of memory */
    }
    switch (kind) {
      case napi_int8_array:
      case napi_uint8_array: e.u8 = (uint8_t)modulo_2_32(d); break;
      case napi_uint8_clamped_array: e.u8 = clamp_uint8(d); break;
      case napi_int16_array:
      case napi_uint16_array: e.u16 = (uint16_t)modulo_2_32(d); break;
      case napi_int32_array:
      case napi_uint32_array: e.u32 = modulo_2_32(d); break;
      case napi_float32_array: e.f32 = to_float32(d); break;
      default: e.f64 = d; break;
    }
  }
  /* Converting ran no JavaScript here, so the length is what it was: write if the key addressed an element. */
  if (key == RT_ELEMENT) {
    uint8_t* data;
    size_t bytes;
    rt_view_bytes(v, &data, &bytes);
    memcpy(data + (size_t)index * element_size(kind), &e, element_size(kind));
  }
  return napi_ok;
}

/* ---- Dates ------------------------------------------------------------------------------------------------- */

/* ECMAScript TimeClip: NaN beyond ±8.64e15 ms, else the integer part (-0 becomes +0). */
static double time_clip(double time) {
  if (!(time >= -8.64e15 && time <= 8.64e15)) {
    return __builtin_nan("");
  }
  double t = __builtin_trunc(time);
  return t == 0 ? 0 : t;
}

napi_status NAPI_CDECL napi_create_date(napi_env env, double time, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, result);
  napi_value v = rt_alloc(env, napi_object, RT_DATE);
  if (v == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  v->u.number = time_clip(time);
  *result = rt_new_handle(env, v);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_is_date(napi_env env, napi_value value, bool* is_date) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, is_date);
  *is_date = (rt_flags(value) & RT_DATE) != 0;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_date_value(napi_env env, napi_value value, double* result) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  if (!(rt_flags(value) & RT_DATE)) {
    return rt_set_error(env, napi_date_expected);
  }
  *result = value->u.number;
  return rt_clear_error(env);
}

/* ---- What the value types own ------------------------------------------------------------------------------ */

void rt_destroy_value_type(napi_env env, napi_value v, bool release_children) {
  if (v->type == napi_symbol) {
    free(v->u.symbol.description);
  } else if (v->type == napi_bigint) {
    free(v->u.bigint.words);
  } else if (v->flags & RT_VIEW) {
    if (release_children) {
      rt_release(env, v->u.view.buffer);
    }
  } else if (v->flags & RT_BOXED) {
    if (release_children) {
      rt_release(env, v->u.boxed);
    }
  }
}
