/*
 * Listing an object's keys: napi_get_property_names and napi_get_all_property_names, in V8's order (integer
 * indices ascending, then string keys, then symbols, each in the order they were added), with its filters and
 * number conversion. napi_key_include_prototypes lists the own keys only (the prototypes' keys are not listed yet).
 * A primitive receiver lists its wrapper's keys, as Node converts it with ToObject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

typedef struct index_key {
  uint32_t index;
  napi_property_attributes attributes;
} index_key;

static int by_index(const void* a, const void* b) {
  uint32_t x = ((const index_key*)a)->index, y = ((const index_key*)b)->index;
  return x < y ? -1 : x > y;
}

/* As V8's key filters: an accessor has no writable attribute to fail napi_key_writable with, so it passes. */
static bool passes(napi_property_attributes attributes, bool accessor, napi_key_filter filter) {
  return (!(filter & napi_key_writable) || accessor || (attributes & napi_writable)) &&
         (!(filter & napi_key_enumerable) || (attributes & napi_enumerable)) &&
         (!(filter & napi_key_configurable) || (attributes & napi_configurable));
}

static bool push_index(napi_env env, napi_value array, uint32_t index, napi_key_conversion conversion) {
  napi_value key;
  if (conversion == napi_key_keep_numbers) {
    key = rt_make_number(env, index);
  } else {
    char text[16];
    snprintf(text, sizeof(text), "%u", index);
    key = rt_make_string(env, text, strlen(text));
  }
  return key != NULL && rt_array_push(env, array, key) == napi_ok;
}

static napi_status list_keys(napi_env env, napi_value object, napi_key_filter filter, napi_key_conversion conversion,
                             napi_value* result) {
  napi_value array = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
  if (array == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  bool strings = !(filter & napi_key_skip_strings);
  bool symbols = !(filter & napi_key_skip_symbols);
  /* Integer indices first: an array's elements, then index-like named keys ("5" on a plain object), sorted. */
  index_key* indices = NULL;
  size_t index_count = 0;
  bool ok = true;
  if (strings) {
    size_t typed = rt_has_elements(object) ? rt_element_count(object) : 0; /* a typed array's or Buffer's */
    size_t characters = (object->flags & RT_BOXED) ? rt_primitive_index_count(object->u.boxed) : 0;
    indices = typed > UINT32_MAX || characters > UINT32_MAX
                  ? NULL
                  : malloc((object->elem_count + object->prop_count + typed + characters + 1) * sizeof(*indices));
    ok = indices != NULL;
    for (size_t i = 0; ok && i < typed; i++) {
      indices[index_count++] = (index_key){(uint32_t)i, napi_writable | napi_enumerable | napi_configurable};
    }
    /* A String object's characters: listed whatever the filter, as for a string receiver (below). */
    for (size_t i = 0; ok && i < characters; i++) {
      indices[index_count++] = (index_key){(uint32_t)i, napi_writable | napi_enumerable | napi_configurable};
    }
    for (uint32_t i = 0; ok && i < object->elem_count; i++) {
      if (object->elems[i] != NULL) {
        indices[index_count++] = (index_key){i, napi_writable | napi_enumerable | napi_configurable};
      }
    }
    for (uint32_t i = 0; ok && i < object->prop_count; i++) {
      uint32_t index;
      if (rt_array_index(object->props[i].key, &index) && typed == 0) {
        indices[index_count++] = (index_key){index, object->props[i].attributes};
      }
    }
    if (ok) {
      qsort(indices, index_count, sizeof(*indices), by_index);
    }
    for (size_t i = 0; ok && i < index_count; i++) {
      if (passes(indices[i].attributes, false, filter)) {
        ok = push_index(env, array, indices[i].index, conversion);
      }
    }
    free(indices);
    /* An array's length: writable, neither enumerable nor configurable; a String object's: none of the three. */
    if (ok && (object->flags & RT_ARRAY) && passes(napi_writable, false, filter)) {
      napi_value key = rt_make_string(env, "length", 6);
      ok = key != NULL && rt_array_push(env, array, key) == napi_ok;
    }
    bool string_object = (object->flags & RT_BOXED) && rt_type(object->u.boxed) == napi_string;
    if (ok && string_object && passes(napi_default, false, filter)) {
      napi_value key = rt_make_string(env, "length", 6);
      ok = key != NULL && rt_array_push(env, array, key) == napi_ok;
    }
  }
  for (int pass = 0; ok && pass < 2; pass++) { /* strings, then symbols */
    if ((pass == 0 && !strings) || (pass == 1 && !symbols)) {
      continue;
    }
    for (uint32_t i = 0; ok && i < object->prop_count; i++) {
      const rt_prop* p = &object->props[i];
      uint32_t index;
      bool accessor = p->getter != NULL || p->setter != NULL;
      if (rt_is_symbol_key(p->key) != (pass == 1) || rt_array_index(p->key, &index) ||
          !passes(p->attributes, accessor, filter)) {
        continue;
      }
      napi_value key = pass == 1 ? rt_new_handle(env, rt_symbol_of_key(env, p->key))
                                 : rt_make_string(env, p->key, strlen(p->key));
      ok = key != NULL && rt_array_push(env, array, key) == napi_ok;
    }
  }
  if (!ok) {
    return rt_set_error(env, napi_generic_failure);
  }
  *result = array;
  return rt_clear_error(env);
}

/* The keys of a primitive's wrapper (ToObject, as Node converts the receiver): a string's characters and its length
   (neither writable, enumerable nor configurable); nothing for other primitives. V8 lists the characters whatever
   the attribute filter (measured: napi_key_writable and napi_key_configurable keep them too). */
static napi_status list_primitive_keys(napi_env env, napi_value primitive, napi_key_filter filter,
                                       napi_key_conversion conversion, napi_value* result) {
  napi_value array = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
  bool ok = array != NULL;
  if (ok && !(filter & napi_key_skip_strings) && rt_type(primitive) == napi_string) {
    size_t count = rt_primitive_index_count(primitive);
    for (size_t i = 0; ok && i < count; i++) {
      ok = push_index(env, array, (uint32_t)i, conversion);
    }
    if (ok && passes(napi_default, false, filter)) {
      napi_value key = rt_make_string(env, "length", 6);
      ok = key != NULL && rt_array_push(env, array, key) == napi_ok;
    }
  }
  if (!ok) {
    return rt_set_error(env, napi_generic_failure);
  }
  *result = array;
  return rt_clear_error(env);
}

/* As Node: for...in's keys (enumerable strings, numbers as strings). */
napi_status NAPI_CDECL napi_get_property_names(napi_env env, napi_value object, napi_value* result) {
  return napi_get_all_property_names(env, object, napi_key_include_prototypes,
                                     (napi_key_filter)(napi_key_enumerable | napi_key_skip_symbols),
                                     napi_key_numbers_to_strings, result);
}

napi_status NAPI_CDECL napi_get_all_property_names(napi_env env, napi_value object, napi_key_collection_mode mode,
                                                   napi_key_filter filter, napi_key_conversion conversion,
                                                   napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  if ((mode != napi_key_include_prototypes && mode != napi_key_own_only) ||
      (conversion != napi_key_keep_numbers && conversion != napi_key_numbers_to_strings)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (!rt_is_object_like(object)) {
    return list_primitive_keys(env, object, filter, conversion, result);
  }
  return list_keys(env, object, filter, conversion, result);
}
