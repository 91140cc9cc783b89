/* Encoding values for Java and decoding Java's arguments; see codec.h for the format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

static void reserve(rt_buf* b, size_t extra) {
  if (b->failed || b->length + extra <= b->cap) {
    return;
  }
  size_t cap = b->cap == 0 ? 256 : b->cap;
  while (cap < b->length + extra) {
    cap *= 2;
  }
  uint8_t* grown = realloc(b->data, cap);
  if (grown == NULL) {
    b->failed = true;
    return;
  }
  b->data = grown;
  b->cap = cap;
}

static void put(rt_buf* b, const void* bytes, size_t n) {
  reserve(b, n);
  if (!b->failed) {
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
  }
}

void rt_buf_u8(rt_buf* b, uint8_t v) {
  put(b, &v, 1);
}

void rt_buf_u32(rt_buf* b, uint32_t v) {
  put(b, &v, 4);
}

void rt_buf_string(rt_buf* b, const char* s, size_t length) {
  rt_buf_u8(b, TAG_STRING);
  rt_buf_u32(b, (uint32_t)length);
  put(b, s, length);
}

static void put_key(rt_buf* b, const char* key) {
  size_t length = strlen(key);
  rt_buf_u32(b, (uint32_t)length);
  put(b, key, length);
}

static void encode_number(rt_buf* out, double d) {
  /* Integral values in int32 range travel as int32 (Java Integer); everything else as a double. */
  if (d >= -2147483648.0 && d <= 2147483647.0 && d == (double)(int32_t)d && !(d == 0 && 1 / d < 0)) {
    int32_t i = (int32_t)d;
    rt_buf_u8(out, TAG_INT32);
    put(out, &i, 4);
  } else {
    rt_buf_u8(out, TAG_DOUBLE);
    put(out, &d, 8);
  }
}

static bool is_error_key(const char* key) {
  return strcmp(key, "name") == 0 || strcmp(key, "message") == 0;
}

void rt_encode_value(napi_env env, rt_buf* out, napi_value v, int depth) {
  if (depth > RT_MAX_DEPTH) {
    /* Deeper than any sane value, or a cycle: cut it off rather than recurse forever. */
    rt_buf_string(out, "[Circular or too deep]", strlen("[Circular or too deep]"));
    return;
  }
  if (v == NULL) {
    rt_buf_u8(out, TAG_UNDEFINED);
    return;
  }
  switch ((napi_valuetype)v->type) {
    case napi_undefined:
      rt_buf_u8(out, TAG_UNDEFINED);
      return;
    case napi_null:
      rt_buf_u8(out, TAG_NULL);
      return;
    case napi_boolean:
      rt_buf_u8(out, v->u.boolean ? TAG_TRUE : TAG_FALSE);
      return;
    case napi_number:
      encode_number(out, v->u.number);
      return;
    case napi_string:
      rt_buf_string(out, v->u.string.data, v->u.string.length);
      return;
    case napi_function: {
      const char* name = v->function_name == NULL ? "" : v->function_name;
      rt_buf_u8(out, TAG_FUNCTION);
      put_key(out, name);
      return;
    }
    case napi_external:
      rt_buf_u8(out, TAG_EXTERNAL);
      return;
    case napi_object:
      break;
    default:
      rt_buf_u8(out, TAG_UNDEFINED);
      return;
  }
  if (v->flags & (RT_BUFFER | RT_ARRAYBUFFER)) {
    rt_buf_u8(out, TAG_BYTES);
    rt_buf_u32(out, (uint32_t)v->u.bytes.length);
    put(out, v->u.bytes.data, v->u.bytes.length);
    return;
  }
  if (v->flags & RT_ARRAY) {
    rt_buf_u8(out, TAG_ARRAY);
    rt_buf_u32(out, v->elem_count);
    for (uint32_t i = 0; i < v->elem_count; i++) {
      rt_encode_value(env, out, v->elems[i], depth + 1);
    }
    return;
  }
  /* Plain objects: enumerable properties; errors also show their name and message. */
  bool error = (v->flags & RT_ERROR) != 0;
  uint32_t count = 0;
  for (uint32_t i = 0; i < v->prop_count; i++) {
    if ((v->props[i].attributes & napi_enumerable) || (error && is_error_key(v->props[i].key))) {
      count++;
    }
  }
  rt_buf_u8(out, TAG_OBJECT);
  rt_buf_u32(out, count);
  for (uint32_t i = 0; i < v->prop_count; i++) {
    rt_prop* p = &v->props[i];
    if (!((p->attributes & napi_enumerable) || (error && is_error_key(p->key)))) {
      continue;
    }
    put_key(out, p->key);
    napi_value value = p->value;
    if (p->getter != NULL) {
      rt_get_prop(env, v, p->key, &value);
    }
    rt_encode_value(env, out, value, depth + 1);
  }
}

/* name, message, code: what Java needs to build an AddonException. */
void rt_encode_exception(napi_env env, rt_buf* out, napi_value thrown) {
  if (thrown != NULL && thrown->type == napi_object) {
    napi_value message = NULL;
    napi_value code = NULL;
    rt_get_prop(env, thrown, "message", &message);
    rt_get_prop(env, thrown, "code", &code);
    const char* name = (thrown->flags & RT_ERROR) ? rt_error_name(thrown) : "";
    rt_buf_string(out, name, strlen(name));
    if (message != NULL && message->type == napi_string) {
      rt_buf_string(out, message->u.string.data, message->u.string.length);
    } else {
      rt_buf_string(out, "[object Object]", strlen("[object Object]"));
    }
    if (code != NULL && code->type == napi_string) {
      rt_buf_string(out, code->u.string.data, code->u.string.length);
    } else {
      rt_buf_u8(out, TAG_UNDEFINED);
    }
    return;
  }
  /* Anything can be thrown in JavaScript: a string, a number... Java gets its text as the message. */
  char text[64];
  const char* message = text;
  size_t length;
  if (thrown == NULL || thrown->type == napi_undefined) {
    message = "undefined";
  } else if (thrown->type == napi_null) {
    message = "null";
  } else if (thrown->type == napi_boolean) {
    message = thrown->u.boolean ? "true" : "false";
  } else if (thrown->type == napi_number) {
    snprintf(text, sizeof(text), "%.17g", thrown->u.number);
  } else if (thrown->type == napi_string) {
    message = thrown->u.string.data;
  } else {
    message = "[object]";
  }
  length = thrown != NULL && thrown->type == napi_string ? thrown->u.string.length : strlen(message);
  rt_buf_string(out, "", 0);
  rt_buf_string(out, message, length);
  rt_buf_u8(out, TAG_UNDEFINED);
}

static bool take(rt_reader* in, void* to, size_t n) {
  if (in->error != NULL) {
    return false;
  }
  if (in->remaining < n) {
    in->error = "truncated argument data";
    return false;
  }
  memcpy(to, in->p, n);
  in->p += n;
  in->remaining -= n;
  return true;
}

static bool take_u32(rt_reader* in, uint32_t* v) {
  return take(in, v, 4);
}

/* Reads a length-prefixed UTF-8 run in place: returns a pointer into the input, not NUL-terminated. */
static const char* take_bytes(rt_reader* in, uint32_t* length) {
  if (!take_u32(in, length)) {
    return NULL;
  }
  if (in->remaining < *length) {
    in->error = "truncated argument data";
    return NULL;
  }
  const char* s = (const char*)in->p;
  in->p += *length;
  in->remaining -= *length;
  return s;
}

napi_value rt_decode_value(napi_env env, rt_reader* in, int depth) {
  if (depth > RT_MAX_DEPTH) {
    in->error = "argument nested too deeply";
    return NULL;
  }
  uint8_t tag;
  if (!take(in, &tag, 1)) {
    return NULL;
  }
  switch (tag) {
    case TAG_UNDEFINED:
      return &env->undefined_value;
    case TAG_NULL:
      return &env->null_value;
    case TAG_FALSE:
      return &env->false_value;
    case TAG_TRUE:
      return &env->true_value;
    case TAG_INT32: {
      int32_t i;
      return take(in, &i, 4) ? rt_make_number(env, i) : NULL;
    }
    case TAG_DOUBLE: {
      double d;
      return take(in, &d, 8) ? rt_make_number(env, d) : NULL;
    }
    case TAG_STRING: {
      uint32_t length;
      const char* s = take_bytes(in, &length);
      return s == NULL ? NULL : rt_make_string(env, s, length);
    }
    case TAG_ARRAY: {
      uint32_t count;
      if (!take_u32(in, &count)) {
        return NULL;
      }
      napi_value array = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
      for (uint32_t i = 0; array != NULL && i < count; i++) {
        napi_value element = rt_decode_value(env, in, depth + 1);
        if (element == NULL || rt_array_push(env, array, element) != napi_ok) {
          return NULL;
        }
      }
      return array;
    }
    case TAG_OBJECT: {
      uint32_t count;
      if (!take_u32(in, &count)) {
        return NULL;
      }
      napi_value object = rt_new_handle(env, rt_alloc(env, napi_object, 0));
      for (uint32_t i = 0; object != NULL && i < count; i++) {
        uint32_t length;
        const char* key = take_bytes(in, &length);
        if (key == NULL) {
          return NULL;
        }
        char* owned = strndup(key, length);
        napi_value value = owned == NULL ? NULL : rt_decode_value(env, in, depth + 1);
        napi_status s = value == NULL ? napi_generic_failure : rt_set_prop(env, object, owned, value);
        free(owned);
        if (s != napi_ok) {
          return NULL;
        }
      }
      return object;
    }
    case TAG_BYTES: {
      uint32_t length;
      const char* bytes = take_bytes(in, &length);
      napi_value buffer;
      if (bytes == NULL || napi_create_buffer_copy(env, length, bytes, NULL, &buffer) != napi_ok) {
        return NULL;
      }
      return buffer;
    }
    default:
      in->error = "unknown value tag in argument data";
      return NULL;
  }
}
