/*
 * Typed arrays and DataViews: objects viewing a range of an ArrayBuffer, which they hold a reference to. Detaching
 * the buffer (napi_detach_arraybuffer) leaves every view over it empty, as in V8. A Node Buffer is a Uint8Array over
 * bytes of its own (buffers.c). Dates (an object with its time value) are here too, and what these types own.
 */
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
