/*
 * Fixture for value types and the error state around calls: exports that throw numbers, report the last error a
 * call starts with, and return a BigInt, a Date, typed arrays, DataViews and a symbol for the trip to Java.
 */
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

/* The last error status seen on entry: Node clears it before every callback, so this is always 0 (napi_ok). */
static napi_value last_error_at_entry(napi_env env, napi_callback_info info) {
  (void)info;
  const napi_extended_error_info* error;
  napi_get_last_error_info(env, &error);
  napi_value result;
  napi_create_int32(env, (int32_t)error->error_code, &result);
  return result;
}

/* Leaves a failed call behind (napi_get_value_int32 of a string): the next call must not see it. */
static napi_value fail_quietly(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value text;
  int32_t i;
  napi_create_string_utf8(env, "not a number", NAPI_AUTO_LENGTH, &text);
  napi_get_value_int32(env, text, &i);
  return NULL;
}

/* Throws its argument (a number, typically): Java must see JavaScript's text for it. */
static napi_value throw_value(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_throw(env, argv[0]);
  return NULL;
}

static napi_value make_bigint(napi_env env, napi_callback_info info) {
  (void)info;
  uint64_t words[2] = {5, 1}; /* -(2^64 + 5) */
  napi_value result;
  napi_create_bigint_words(env, 1, 2, words, &result);
  return result;
}

/* makeDate(): 2017-07-14T02:40:00Z; makeDate(time): a Date of that time value (NaN: an invalid Date). */
static napi_value make_date(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  double time = 1500000000000.0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) {
    napi_get_value_double(env, argv[0], &time);
  }
  napi_create_date(env, time, &result);
  return result;
}

static napi_value make_int16_array(napi_env env, napi_callback_info info) {
  (void)info;
  void* data;
  napi_value buffer, result;
  napi_create_arraybuffer(env, 6, &data, &buffer);
  int16_t values[3] = {1, -2, 300};
  for (int i = 0; i < 3; i++) {
    ((int16_t*)data)[i] = values[i];
  }
  napi_create_typedarray(env, napi_int16_array, 2, buffer, 2, &result);
  return result;
}

static napi_value make_symbol(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value description, result;
  napi_create_string_utf8(env, "tag", NAPI_AUTO_LENGTH, &description);
  napi_create_symbol(env, description, &result);
  return result;
}

/* The type of its argument as napi_typeof says, and the argument back (BigInteger and Instant from Java). */
static napi_value echo_type(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype type;
  napi_typeof(env, argv[0], &type);
  bool is_date = false;
  napi_is_date(env, argv[0], &is_date);
  napi_value result, type_value;
  napi_create_array(env, &result);
  napi_create_int32(env, is_date ? 100 : (int32_t)type, &type_value);
  napi_set_element(env, result, 0, type_value);
  napi_set_element(env, result, 1, argv[0]);
  return result;
}

/* The kind numbers of makeTyped and typedInfo: napi_typedarray_type, and this one for a DataView. */
#define KIND_DATA_VIEW 11
#define VIEW_OFFSET 8 /* a multiple of every element size */
#define SLACK 8       /* bytes of the ArrayBuffer past the view */

static size_t element_size(int32_t kind) {
  static const size_t sizes[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 1};
  return kind >= 0 && kind <= KIND_DATA_VIEW ? sizes[kind] : 0;
}

/* A view of the kind over ArrayBuffer bytes VIEW_OFFSET to VIEW_OFFSET + count * size, byte j holding 0x80 + j. */
static napi_value make_view(napi_env env, int32_t kind, uint32_t count, napi_value* arraybuffer) {
  size_t size = element_size(kind);
  if (size == 0) {
    napi_throw_range_error(env, NULL, "unknown kind");
    return NULL;
  }
  size_t length = VIEW_OFFSET + count * size + SLACK;
  void* data;
  napi_value view;
  napi_create_arraybuffer(env, length, &data, arraybuffer);
  for (size_t j = 0; j < length; j++) {
    ((uint8_t*)data)[j] = (uint8_t)(0x80 + j);
  }
  if (kind == KIND_DATA_VIEW) {
    napi_create_dataview(env, count, *arraybuffer, VIEW_OFFSET, &view);
  } else {
    napi_create_typedarray(env, (napi_typedarray_type)kind, count, *arraybuffer, VIEW_OFFSET, &view);
  }
  return view;
}

/* makeTyped(kind, count): see make_view. */
static napi_value make_typed(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], arraybuffer;
  int32_t kind;
  uint32_t count;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_int32(env, argv[0], &kind);
  napi_get_value_uint32(env, argv[1], &count);
  return make_view(env, kind, count, &arraybuffer);
}

/* makeDetached(kind): a view of 4 elements whose ArrayBuffer is then detached. */
static napi_value make_detached(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], arraybuffer;
  int32_t kind;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_int32(env, argv[0], &kind);
  napi_value view = make_view(env, kind, 4, &arraybuffer);
  if (view != NULL) {
    napi_detach_arraybuffer(env, arraybuffer);
  }
  return view;
}

static void set_int(napi_env env, napi_value object, const char* key, int64_t value) {
  napi_value v;
  napi_create_int64(env, value, &v);
  napi_set_named_property(env, object, key, v);
}

/*
 * typedInfo(value): what napi_get_typedarray_info (or napi_get_dataview_info) says of the argument, {kind, length,
 * byteOffset, bufferLength, elements} (elements read with napi_get_element: numbers, or BigInts for the 64-bit
 * kinds); {kind: -1} if it is neither, {kind: -2} for a Buffer (a Uint8Array without an ArrayBuffer object here).
 */
static napi_value typed_info(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, arraybuffer = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_create_object(env, &result);
  bool is_typed = false, is_view = false;
  napi_is_typedarray(env, argv[0], &is_typed);
  napi_is_dataview(env, argv[0], &is_view);
  napi_typedarray_type type = napi_uint8_array;
  size_t length = 0, offset = 0, buffer_length = 0;
  void* data;
  if (is_typed) {
    napi_get_typedarray_info(env, argv[0], &type, &length, &data, &arraybuffer, &offset);
  } else if (is_view) {
    napi_get_dataview_info(env, argv[0], &length, &data, &arraybuffer, &offset);
  }
  napi_valuetype buffer_type = napi_undefined;
  if (arraybuffer != NULL) {
    napi_typeof(env, arraybuffer, &buffer_type);
  }
  if (buffer_type == napi_object) {
    napi_get_arraybuffer_info(env, arraybuffer, &data, &buffer_length);
  }
  bool is_buffer = is_typed && buffer_type != napi_object; /* this runtime's Buffers have no ArrayBuffer object */
  set_int(env, result, "kind", is_buffer ? -2 : is_view ? KIND_DATA_VIEW : is_typed ? (int64_t)type : -1);
  set_int(env, result, "length", (int64_t)length);
  set_int(env, result, "byteOffset", (int64_t)offset);
  set_int(env, result, "bufferLength", (int64_t)buffer_length);
  napi_value elements;
  napi_create_array(env, &elements);
  for (uint32_t i = 0; is_typed && i < length; i++) {
    napi_value element;
    napi_get_element(env, argv[0], i, &element);
    napi_set_element(env, elements, i, element);
  }
  napi_set_named_property(env, result, "elements", elements);
  return result;
}

/* Its argument, unchanged. */
static napi_value echo(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return argv[0];
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor d[] = {
      {"lastErrorAtEntry", NULL, last_error_at_entry, NULL, NULL, NULL, napi_enumerable, NULL},
      {"failQuietly", NULL, fail_quietly, NULL, NULL, NULL, napi_enumerable, NULL},
      {"throwValue", NULL, throw_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeBigInt", NULL, make_bigint, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeDate", NULL, make_date, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeInt16Array", NULL, make_int16_array, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeSymbol", NULL, make_symbol, NULL, NULL, NULL, napi_enumerable, NULL},
      {"echoType", NULL, echo_type, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeTyped", NULL, make_typed, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeDetached", NULL, make_detached, NULL, NULL, NULL, napi_enumerable, NULL},
      {"typedInfo", NULL, typed_info, NULL, NULL, NULL, napi_enumerable, NULL},
      {"echo", NULL, echo, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof(d) / sizeof(d[0]), d);
  return exports;
}
