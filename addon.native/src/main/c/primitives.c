/*
 * Property access on primitives. Node-API converts a primitive receiver with ToObject (undefined and null fail), so
 * reading a property of a string, symbol or number answers what its wrapper object has. There are no built-ins
 * here (no String.prototype.slice, no Number.prototype.toFixed): a wrapper has what the value itself defines — a
 * string's `length` and characters, a symbol's `description` — and nothing else. Writes are accepted and change
 * nothing, as a sloppy-mode assignment to a primitive's property.
 */
#include <string.h>

#include "valuetypes.h"

bool rt_is_primitive_receiver(napi_value v) {
  napi_valuetype type = rt_type(v);
  return type != napi_undefined && type != napi_null && !rt_is_object_like(v);
}

/* UTF-8 bytes of one code point starting with lead (a well-formed string). */
static size_t sequence_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* The string's length in UTF-16 code units, as JavaScript counts it. */
static size_t utf16_length(napi_value s) {
  size_t units = 0;
  for (size_t i = 0; i < s->u.string.length; i += sequence_length((unsigned char)s->u.string.data[i])) {
    units += sequence_length((unsigned char)s->u.string.data[i]) == 4 ? 2 : 1;
  }
  return units;
}

/* The character at UTF-16 index (a string of one code unit): its UTF-8 bytes in *at, *length; false if the index
   is beyond the string or falls on half of a surrogate pair (which this runtime's UTF-8 strings cannot hold alone). */
static bool character_at(napi_value s, uint32_t index, const char** at, size_t* length) {
  size_t unit = 0;
  for (size_t i = 0; i < s->u.string.length;) {
    size_t n = sequence_length((unsigned char)s->u.string.data[i]);
    if (unit == index) {
      *at = s->u.string.data + i;
      *length = n;
      return n < 4;
    }
    unit += n == 4 ? 2 : 1;
    if (unit > index) {
      return false;
    }
    i += n;
  }
  return false;
}

size_t rt_primitive_index_count(napi_value v) {
  return rt_type(v) == napi_string ? utf16_length(v) : 0;
}

bool rt_primitive_has(napi_value v, const char* key) {
  uint32_t index;
  const char* at;
  size_t length;
  switch (rt_type(v)) {
    case napi_string:
      return strcmp(key, "length") == 0 || (rt_array_index(key, &index) && character_at(v, index, &at, &length));
    case napi_symbol:
      return strcmp(key, "description") == 0;
    default:
      return false;
  }
}

/* The wrapper's own properties: a string's length and characters (a symbol's description is its prototype's). */
bool rt_primitive_has_own(napi_value v, const char* key) {
  return rt_type(v) == napi_string && rt_primitive_has(v, key);
}

napi_value rt_primitive_get(napi_env env, napi_value v, const char* key) {
  uint32_t index;
  const char* at;
  size_t length;
  napi_value result = &env->undefined_value;
  if (rt_type(v) == napi_string && strcmp(key, "length") == 0) {
    result = rt_make_number(env, (double)utf16_length(v));
  } else if (rt_type(v) == napi_string && rt_array_index(key, &index) && character_at(v, index, &at, &length)) {
    result = rt_make_string(env, at, length);
  } else if (rt_type(v) == napi_symbol && strcmp(key, "description") == 0 && v->u.symbol.description != NULL) {
    result = rt_make_string(env, v->u.symbol.description, v->u.symbol.length);
  }
  return result; /* NULL if out of memory */
}
