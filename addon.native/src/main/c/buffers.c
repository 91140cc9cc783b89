/*
 * Array buffers and Node Buffers: objects that hold bytes. Java sees both as byte[] (see codec.c). Bytes made
 * by the runtime are freed with the value; external bytes belong to the addon, whose finalizer runs instead.
 */
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

static napi_status make_bytes(napi_env env, uint8_t flag, size_t length, const void* copy_from, void** data,
                              napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (length > INT32_MAX) {
    return rt_set_error_message(env, napi_invalid_arg, "byte length above 2^31-1");
  }
  napi_value v = rt_alloc(env, napi_object, flag);
  uint8_t* bytes = calloc(length == 0 ? 1 : length, 1);
  if (v == NULL || bytes == NULL) {
    free(bytes);
    if (v != NULL) {
      rt_release(env, v);
    }
    return rt_set_error(env, napi_generic_failure);
  }
  if (copy_from != NULL && length > 0) {
    memcpy(bytes, copy_from, length);
  }
  v->u.bytes.data = bytes;
  v->u.bytes.length = length;
  if (data != NULL) {
    *data = bytes;
  }
  *result = rt_new_handle(env, v);
  return rt_clear_error(env);
}

static napi_status make_external_bytes(napi_env env, uint8_t flag, void* data, size_t length,
                                       napi_finalize finalize_cb, void* finalize_hint, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (data == NULL && length > 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  napi_value v = rt_alloc(env, napi_object, flag);
  if (v == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  v->u.bytes.data = data;
  v->u.bytes.length = length;
  v->u.bytes.borrowed = true;
  v->finalizer.cb = finalize_cb;
  v->finalizer.data = data;
  v->finalizer.hint = finalize_hint;
  *result = rt_new_handle(env, v);
  return rt_clear_error(env);
}

static napi_status bytes_info(napi_env env, napi_value value, uint8_t flags, void** data, size_t* length) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  if (!(rt_flags(value) & flags)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (data != NULL) {
    *data = value->u.bytes.data;
  }
  if (length != NULL) {
    *length = value->u.bytes.length;
  }
  return rt_clear_error(env);
}

static napi_status is_flagged(napi_env env, napi_value value, uint8_t flags, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = (rt_flags(value) & flags) != 0;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_arraybuffer(napi_env env, size_t byte_length, void** data, napi_value* result) {
  return make_bytes(env, RT_ARRAYBUFFER, byte_length, NULL, data, result);
}

napi_status NAPI_CDECL napi_create_external_arraybuffer(napi_env env, void* external_data, size_t byte_length,
                                                        node_api_basic_finalize finalize_cb, void* finalize_hint,
                                                        napi_value* result) {
  return make_external_bytes(env, RT_ARRAYBUFFER, external_data, byte_length, finalize_cb, finalize_hint, result);
}

napi_status NAPI_CDECL napi_get_arraybuffer_info(napi_env env, napi_value arraybuffer, void** data,
                                                 size_t* byte_length) {
  return bytes_info(env, arraybuffer, RT_ARRAYBUFFER, data, byte_length);
}

napi_status NAPI_CDECL napi_is_arraybuffer(napi_env env, napi_value value, bool* result) {
  return is_flagged(env, value, RT_ARRAYBUFFER, result);
}

napi_status NAPI_CDECL napi_create_buffer(napi_env env, size_t length, void** data, napi_value* result) {
  return make_bytes(env, RT_BUFFER, length, NULL, data, result);
}

napi_status NAPI_CDECL napi_create_buffer_copy(napi_env env, size_t length, const void* data, void** result_data,
                                               napi_value* result) {
  if (rt_env_ok(env) && data == NULL && length > 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  return make_bytes(env, RT_BUFFER, length, data, result_data, result);
}

napi_status NAPI_CDECL napi_create_external_buffer(napi_env env, size_t length, void* data,
                                                   node_api_basic_finalize finalize_cb, void* finalize_hint,
                                                   napi_value* result) {
  return make_external_bytes(env, RT_BUFFER, data, length, finalize_cb, finalize_hint, result);
}

/* As Node 20 (node::Buffer::HasInstance is IsArrayBufferView): any typed array or DataView passes for a Buffer, and
   its info is its bytes. */
napi_status NAPI_CDECL napi_get_buffer_info(napi_env env, napi_value value, void** data, size_t* length) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  if (!(rt_flags(value) & (RT_BUFFER | RT_VIEW))) {
    return rt_set_error(env, napi_invalid_arg);
  }
  uint8_t* bytes;
  size_t byte_length;
  rt_view_bytes(value, &bytes, &byte_length);
  if (data != NULL) {
    *data = bytes;
  }
  if (length != NULL) {
    *length = byte_length;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_is_buffer(napi_env env, napi_value value, bool* result) {
  return is_flagged(env, value, RT_BUFFER | RT_VIEW, result);
}
