/*
 * Objects, arrays, functions, properties, externals, wraps and references. Property lookup walks the prototype chain
 * as JavaScript does (own properties first, then the prototype's); the prototypes themselves, classes and the
 * integrity levels (freeze, seal) are classes.c's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "javafunctions.h"
#include "valuetypes.h"

/* strcmp, inline: property names are short, and a call of libc's strcmp was most of a lookup's time. */
static inline bool same_key(const char* a, const char* b) {
  while (*a == *b) {
    if (*a == '\0') {
      return true;
    }
    a++;
    b++;
  }
  return false;
}

rt_prop* rt_find_prop(napi_value object, const char* key) {
  for (uint32_t i = 0; i < object->prop_count; i++) {
    if (same_key(object->props[i].key, key)) {
      return &object->props[i];
    }
  }
  return NULL;
}

bool rt_reserve_props(napi_value object, size_t more) {
  size_t wanted = (size_t)object->prop_count + more;
  if (wanted <= object->prop_cap) {
    return true;
  }
  if (wanted > UINT32_MAX / 2) {
    return false;
  }
  rt_prop* grown = realloc(object->props, wanted * sizeof(*grown));
  if (grown == NULL) {
    return false;
  }
  object->props = grown;
  object->prop_cap = (uint32_t)wanted;
  return true;
}

static rt_prop* add_prop(napi_value object, const char* key, bool static_key) {
  if (object->prop_count == object->prop_cap) {
    uint32_t cap = object->prop_cap == 0 ? 4 : object->prop_cap * 2;
    rt_prop* grown = realloc(object->props, cap * sizeof(*grown));
    if (grown == NULL) {
      return NULL;
    }
    object->props = grown;
    object->prop_cap = cap;
  }
  char* copy = static_key ? (char*)key : strdup(key);
  if (copy == NULL) {
    return NULL;
  }
  rt_prop* p = &object->props[object->prop_count++];
  memset(p, 0, sizeof(*p));
  p->key = copy;
  p->static_key = static_key;
  p->attributes = napi_writable | napi_enumerable | napi_configurable;
  return p;
}

rt_prop* rt_add_prop(napi_value object, const char* key) {
  return add_prop(object, key, false);
}

rt_prop* rt_add_static_prop(napi_value object, const char* key) {
  return add_prop(object, key, true);
}

/* Array index keys ("0", "17") address elements; anything else is a named property. */
static bool array_index(const char* key, uint32_t* index) {
  if (key[0] == '\0' || (key[0] == '0' && key[1] != '\0')) {
    return false;
  }
  uint64_t n = 0;
  for (const char* c = key; *c; c++) {
    if (*c < '0' || *c > '9') {
      return false;
    }
    n = n * 10 + (uint64_t)(*c - '0');
    if (n >= UINT32_MAX) {
      return false;
    }
  }
  *index = (uint32_t)n;
  return true;
}

static uint8_t integrity_of(napi_value object) {
  return object->extra != NULL ? object->extra->integrity : RT_EXTENSIBLE;
}

static napi_status set_element(napi_env env, napi_value array, uint32_t index, napi_value value) {
  uint8_t integrity = integrity_of(array);
  if (integrity == RT_FROZEN ||
      (integrity == RT_SEALED && (index >= array->elem_count || array->elems[index] == NULL))) {
    return napi_ok; /* silently ignored, as a sloppy-mode assignment to a frozen or sealed array (Node: napi_ok) */
  }
  if (index >= RT_MAX_ARRAY_ELEMENTS) {
    /* Arrays are dense here (no sparse storage as in V8): an index this large would need gigabytes. */
    rt_warn(env, "module '%s': array index %u refused: this runtime's arrays hold at most %u elements",
            env->module_name, (unsigned)index, (unsigned)RT_MAX_ARRAY_ELEMENTS);
    return rt_set_error_message(env, napi_generic_failure,
                                "Array index beyond this runtime's limit of 67108864 elements (arrays are dense)");
  }
  if (index >= array->elem_cap) {
    uint32_t cap = array->elem_cap == 0 ? 8 : array->elem_cap;
    while (cap <= index) {
      cap *= 2;
    }
    napi_value* grown = realloc(array->elems, cap * sizeof(*grown));
    if (grown == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
    memset(grown + array->elem_cap, 0, (cap - array->elem_cap) * sizeof(*grown));
    array->elems = grown;
    array->elem_cap = cap;
  }
  rt_retain(value);
  rt_release(env, array->elems[index]);
  array->elems[index] = value;
  if (index >= array->elem_count) {
    array->elem_count = index + 1;
  }
  return napi_ok;
}

bool rt_array_index(const char* key, uint32_t* index) {
  return array_index(key, index);
}

napi_status rt_array_push(napi_env env, napi_value array, napi_value value) {
  return set_element(env, array, array->elem_count, value);
}

static bool is_accessor(const rt_prop* p) {
  return p->getter != NULL || p->setter != NULL;
}

/* The property named key of object or, if it has none, of the first object of its prototype chain that has one. */
static rt_prop* lookup(napi_env env, napi_value object, const char* key) {
  for (napi_value o = object; o != NULL; o = rt_proto_of(env, o)) {
    rt_prop* p = rt_find_prop(o, key);
    if (p != NULL) {
      return p;
    }
  }
  return NULL;
}

static napi_value call_accessor(napi_env env, napi_callback cb, void* data, napi_value this_arg, size_t argc,
                                napi_value* argv) {
  struct napi_callback_info__ info = {this_arg, argv, argc, data, NULL};
  rt_clear_error(env); /* as Node: a callback starts with no last error */
  napi_value result = cb(env, &info);
  return result == NULL ? &env->undefined_value : result;
}

/* An assignment, as JavaScript's [[Set]] in sloppy mode: a setter found on the chain is called with object as
   `this`; a read-only property (own or inherited), a getter without setter or a non-extensible object ignore it. */
napi_status rt_set_prop(napi_env env, napi_value object, const char* key, napi_value value) {
  uint32_t index;
  if ((object->flags & RT_ARRAY) && array_index(key, &index)) {
    return set_element(env, object, index, value);
  }
  enum rt_element_key element = rt_element_key(object, key, &index);
  if (element != RT_NOT_ELEMENT) {
    return rt_element_set(env, object, element, index, value); /* a typed array's bytes */
  }
  rt_prop* p = rt_find_prop(object, key);
  bool own = p != NULL;
  if (p == NULL) {
    p = lookup(env, rt_proto_of(env, object), key);
  }
  if (p != NULL && is_accessor(p)) {
    if (p->setter != NULL) {
      napi_value argv[1] = {value};
      call_accessor(env, p->setter, p->accessor_data, object, 1, argv);
      if (env->pending_exception != NULL) {
        return rt_set_error(env, napi_pending_exception);
      }
    }
    return napi_ok;
  }
  if (p != NULL && !(p->attributes & napi_writable)) {
    return napi_ok; /* silently ignored, as a sloppy-mode assignment to a read-only property */
  }
  if (!own) {
    if (integrity_of(object) != RT_EXTENSIBLE) {
      return napi_ok; /* a new property on a sealed or frozen object: ignored too */
    }
    p = rt_add_prop(object, key);
    if (p == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
  }
  rt_retain(value);
  rt_release(env, p->value);
  p->value = value;
  return napi_ok;
}

napi_value rt_invoke(napi_env env, napi_value function, napi_value this_arg, size_t argc, napi_value* argv) {
  return call_accessor(env, function->u.function.callback, function->u.function.data, this_arg, argc, argv);
}

napi_status rt_get_prop(napi_env env, napi_value object, const char* key, napi_value* result) {
  uint32_t index;
  if ((object->flags & RT_ARRAY) && array_index(key, &index)) {
    napi_value v = index < object->elem_count ? object->elems[index] : NULL;
    *result = v == NULL ? &env->undefined_value : v;
    return napi_ok;
  }
  if ((object->flags & RT_ARRAY) && strcmp(key, "length") == 0) {
    *result = rt_make_number(env, object->elem_count);
    return napi_ok;
  }
  if ((object->flags & RT_BOXED) && rt_primitive_has(object->u.boxed, key)) {
    /* A String object's length and characters (a Symbol object's description): its primitive's, as a receiver */
    *result = rt_primitive_get(env, object->u.boxed, key);
    return *result == NULL ? rt_set_error(env, napi_generic_failure) : napi_ok;
  }
  enum rt_element_key element = rt_element_key(object, key, &index);
  if (element != RT_NOT_ELEMENT) {
    napi_value e = element == RT_ELEMENT ? rt_element_get(env, object, index) : &env->undefined_value;
    *result = e == NULL ? &env->undefined_value : e;
    return e == NULL ? rt_set_error(env, napi_generic_failure) : napi_ok;
  }
  rt_prop* p = lookup(env, object, key);
  if (p == NULL || (p->getter == NULL && p->setter != NULL)) {
    *result = &env->undefined_value;
  } else if (p->getter != NULL) {
    *result = call_accessor(env, p->getter, p->accessor_data, object, 0, NULL); /* `this` is the receiver */
  } else {
    *result = p->value == NULL ? &env->undefined_value : p->value;
  }
  return napi_ok;
}

/* ToPropertyKey: turns a key value into a C string, in scratch if it is not the value's own. A string, number or
   symbol is converted here; a wrapper (Object("x")) as its primitive; anything else as ToString converts it
   (true -> "true", an object -> "[object Object]": coerce.c, without the user's own toString, as there is no
   engine), the string kept in the current scope. */
static napi_status key_string(napi_env env, napi_value key, const char** out, char* scratch, size_t size) {
  if (rt_flags(key) & RT_BOXED) {
    key = key->u.boxed;
  }
  if (rt_type(key) == napi_string) {
    *out = key->u.string.data;
    return napi_ok;
  }
  if (rt_type(key) == napi_symbol && size >= RT_SYMBOL_KEY_SIZE) {
    *out = scratch;
    return rt_symbol_key(env, key, scratch) ? napi_ok : rt_set_error(env, napi_generic_failure);
  }
  if (rt_type(key) == napi_number) {
    double d = rt_number(key);
    if (d >= 0 && d < 4294967295.0 && d == (double)(uint32_t)d) {
      snprintf(scratch, size, "%u", (uint32_t)d);
    } else {
      rt_number_to_string(d, scratch);
    }
    *out = scratch;
    return napi_ok;
  }
  napi_value text = NULL;
  napi_status s = rt_to_key_string(env, key, &text);
  if (s != napi_ok) {
    return s;
  }
  *out = text->u.string.data;
  return napi_ok;
}

/* The receivers below: an object, or a primitive that Node converts with ToObject (see primitives.c); undefined and
   null throw a TypeError and answer napi_object_expected (CHECK_RECEIVER, valuetypes.h). As in Node, the NULL
   checks of the other arguments come first. */

static napi_status get_property(napi_env env, napi_value object, const char* key, napi_value* result) {
  if (!rt_is_object_like(object)) {
    *result = rt_primitive_get(env, object, key);
    return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
  }
  napi_status s = rt_get_prop(env, object, key, result);
  return s == napi_ok ? rt_clear_error(env) : s;
}

/* ---- Objects ------------------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_create_object(napi_env env, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = rt_new_handle(env, rt_alloc(env, napi_object, 0));
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_set_named_property(napi_env env, napi_value object, const char* utf8name,
                                               napi_value value) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_RECEIVER(env, object); /* before the name, as in Node */
  CHECK_ARG(env, utf8name);
  if (!rt_is_object_like(object)) {
    return rt_clear_error(env); /* a primitive's wrapper takes it and is gone */
  }
  napi_status s = rt_set_prop(env, object, utf8name, value);
  return s == napi_ok ? rt_clear_error(env) : s;
}

napi_status NAPI_CDECL napi_get_named_property(napi_env env, napi_value object, const char* utf8name,
                                               napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, utf8name);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  return get_property(env, object, utf8name, result);
}

static bool has_own_key(napi_value object, const char* key) {
  uint32_t index;
  if ((object->flags & RT_ARRAY) && array_index(key, &index)) {
    return index < object->elem_count && object->elems[index] != NULL;
  }
  if ((object->flags & RT_ARRAY) && strcmp(key, "length") == 0) {
    return true;
  }
  if ((object->flags & RT_BOXED) && rt_primitive_has_own(object->u.boxed, key)) {
    return true;
  }
  enum rt_element_key element = rt_element_key(object, key, &index);
  if (element != RT_NOT_ELEMENT) {
    return element == RT_ELEMENT;
  }
  return rt_find_prop(object, key) != NULL;
}

/* The `in` operator: own properties, then the prototype chain's. */
static bool has_key(napi_env env, napi_value object, const char* key) {
  return has_own_key(object, key) || lookup(env, rt_proto_of(env, object), key) != NULL;
}

napi_status NAPI_CDECL napi_has_named_property(napi_env env, napi_value object, const char* utf8name,
                                               bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object); /* before the name, as in Node */
  CHECK_ARG(env, utf8name);
  *result = rt_is_object_like(object) ? has_key(env, object, utf8name) : rt_primitive_has(object, utf8name);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_set_property(napi_env env, napi_value object, napi_value key, napi_value value) {
  PREAMBLE(env);
  CHECK_ARG(env, key);
  CHECK_ARG(env, value);
  CHECK_RECEIVER(env, object);
  char scratch[32];
  const char* name;
  napi_status s = key_string(env, key, &name, scratch, sizeof(scratch));
  if (s != napi_ok) {
    return s;
  }
  if (!rt_is_object_like(object)) {
    return rt_clear_error(env);
  }
  s = rt_set_prop(env, object, name, value);
  return s == napi_ok ? rt_clear_error(env) : s;
}

napi_status NAPI_CDECL napi_get_property(napi_env env, napi_value object, napi_value key, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, key);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  char scratch[32];
  const char* name;
  napi_status s = key_string(env, key, &name, scratch, sizeof(scratch));
  if (s != napi_ok) {
    return s;
  }
  return get_property(env, object, name, result);
}

napi_status NAPI_CDECL napi_has_property(napi_env env, napi_value object, napi_value key, bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, key);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  char scratch[32];
  const char* name;
  napi_status s = key_string(env, key, &name, scratch, sizeof(scratch));
  if (s != napi_ok) {
    return s;
  }
  *result = rt_is_object_like(object) ? has_key(env, object, name) : rt_primitive_has(object, name);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_has_own_property(napi_env env, napi_value object, napi_value key, bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, key);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  if (rt_type(key) != napi_string && rt_type(key) != napi_symbol) {
    return rt_set_error(env, napi_name_expected);
  }
  char scratch[RT_NUMBER_TEXT];
  const char* name;
  napi_status s = key_string(env, key, &name, scratch, sizeof(scratch));
  if (s != napi_ok) {
    return s;
  }
  *result = rt_is_object_like(object) ? has_own_key(object, name) : rt_primitive_has_own(object, name);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_delete_property(napi_env env, napi_value object, napi_value key, bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, key);
  CHECK_RECEIVER(env, object);
  char scratch[32];
  const char* name;
  napi_status s = key_string(env, key, &name, scratch, sizeof(scratch));
  if (s != napi_ok) {
    return s;
  }
  if (!rt_is_object_like(object)) {
    /* A wrapper's own properties (a string's length and characters) are not configurable; anything else is not
       there, which delete answers with true. */
    if (result != NULL) {
      *result = !rt_primitive_has_own(object, name);
    }
    return rt_clear_error(env);
  }
  bool deleted = true;
  uint32_t index;
  if ((object->flags & RT_BOXED) && rt_primitive_has_own(object->u.boxed, name)) {
    deleted = false; /* a String object's length and characters are not configurable */
  } else if ((object->flags & RT_ARRAY) && array_index(name, &index)) {
    if (index < object->elem_count && object->elems[index] != NULL && integrity_of(object) != RT_EXTENSIBLE) {
      deleted = false; /* the elements of a sealed or frozen array are not configurable */
    } else if (index < object->elem_count) {
      rt_release(env, object->elems[index]);
      object->elems[index] = NULL;
    }
  } else if (rt_element_key(object, name, &index) != RT_NOT_ELEMENT) {
    deleted = rt_element_key(object, name, &index) == RT_NO_ELEMENT; /* a typed array's elements stay */
  } else {
    rt_prop* p = rt_find_prop(object, name);
    if (p != NULL) {
      if (!(p->attributes & napi_configurable)) {
        deleted = false;
      } else {
        napi_value old = p->value;
        if (!p->static_key) {
          free(p->key);
        }
        size_t at = (size_t)(p - object->props);
        memmove(p, p + 1, (object->prop_count - at - 1) * sizeof(*p));
        object->prop_count--;
        rt_release(env, old);
      }
    }
  }
  if (result != NULL) {
    *result = deleted;
  }
  return rt_clear_error(env);
}

/* ---- Arrays -------------------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_create_array(napi_env env, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_array_with_length(napi_env env, size_t length, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  napi_value array = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
  if (array == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  if (length > 0 && length <= UINT32_MAX) {
    /* Holes read as undefined; materialize the length only. */
    napi_status status = set_element(env, array, (uint32_t)(length - 1), NULL);
    if (status != napi_ok) {
      return status;
    }
  }
  *result = array;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_is_array(napi_env env, napi_value value, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = (rt_flags(value) & RT_ARRAY) != 0;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_array_length(napi_env env, napi_value value, uint32_t* result) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  if (!(rt_flags(value) & RT_ARRAY)) {
    return rt_set_error(env, napi_array_expected);
  }
  *result = value->elem_count;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_set_element(napi_env env, napi_value object, uint32_t index, napi_value value) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_RECEIVER(env, object);
  if (!rt_is_object_like(object)) {
    return rt_clear_error(env);
  }
  napi_status s;
  if ((object->flags & RT_ARRAY) && index < UINT32_MAX) { /* 2^32-1 is no array index: a named property */
    s = set_element(env, object, index, value);
  } else {
    char key[16];
    snprintf(key, sizeof(key), "%u", index);
    s = rt_set_prop(env, object, key, value);
  }
  return s == napi_ok ? rt_clear_error(env) : s;
}

napi_status NAPI_CDECL napi_get_element(napi_env env, napi_value object, uint32_t index, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  char key[16];
  snprintf(key, sizeof(key), "%u", index);
  return get_property(env, object, key, result);
}

napi_status NAPI_CDECL napi_has_element(napi_env env, napi_value object, uint32_t index, bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, result);
  CHECK_RECEIVER(env, object);
  char key[16];
  snprintf(key, sizeof(key), "%u", index);
  *result = rt_is_object_like(object) ? has_key(env, object, key) : rt_primitive_has(object, key);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_delete_element(napi_env env, napi_value object, uint32_t index, bool* result) {
  PREAMBLE(env);
  CHECK_RECEIVER(env, object);
  char key[16];
  snprintf(key, sizeof(key), "%u", index);
  napi_value k = rt_make_string(env, key, strlen(key));
  if (k == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  return napi_delete_property(env, object, k, result);
}

/* ---- Functions ----------------------------------------------------------------------------------------- */

/* A V8 function's own `length` and `name`: read-only, not enumerable, configurable. Node-API functions declare no
   parameters, so length is 0. False if out of memory. */
static bool add_function_properties(napi_env env, napi_value f, const char* name, size_t length) {
  napi_value name_value = rt_make_string(env, name, length);
  /* Exactly two slots: most functions never get another property, and every idle context keeps its exports'. */
  rt_prop* length_prop = name_value == NULL || !rt_reserve_props(f, 2) ? NULL : rt_add_static_prop(f, "length");
  rt_prop* name_prop = length_prop == NULL ? NULL : rt_add_static_prop(f, "name"); /* no copies of the keys */
  if (name_prop == NULL) {
    return false;
  }
  length_prop = &f->props[f->prop_count - 2]; /* adding name may have moved it */
  length_prop->value = rt_make_number(env, 0);
  length_prop->attributes = napi_configurable;
  rt_retain(name_value);
  name_prop->value = name_value;
  name_prop->attributes = napi_configurable;
  return true;
}

/* A function named (in messages and in Java) name; js_name is its `name` property. NULL if out of memory. */
static napi_value make_function(napi_env env, const char* name, size_t length, const char* js_name, napi_callback cb,
                                void* data) {
  napi_value f = rt_alloc(env, napi_function, 0);
  if (f == NULL) {
    return NULL;
  }
  f->u.function.callback = cb;
  f->u.function.data = data;
  if (name != NULL) {
    if (length == NAPI_AUTO_LENGTH) {
      length = strlen(name);
    }
    f->u.function.name = strndup(name, length);
  }
  napi_value handle = rt_new_handle(env, f);
  if (handle == NULL) {
    return NULL;
  }
  bool named = js_name == NULL && name != NULL;
  const char* shown = named ? name : js_name == NULL ? "" : js_name;
  if (!add_function_properties(env, f, shown, named ? length : strlen(shown))) {
    return NULL;
  }
  return handle;
}

napi_value rt_make_function(napi_env env, const char* name, size_t length, napi_callback cb, void* data) {
  return make_function(env, name, length, NULL, cb, data);
}

napi_status NAPI_CDECL napi_create_function(napi_env env, const char* utf8name, size_t length, napi_callback cb,
                                            void* data, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  CHECK_ARG(env, cb);
  *result = rt_make_function(env, utf8name, length, cb, data);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_cb_info(napi_env env, napi_callback_info cbinfo, size_t* argc, napi_value* argv,
                                        napi_value* this_arg, void** data) {
  CHECK_ENV(env);
  CHECK_ARG(env, cbinfo);
  if (argv != NULL) {
    CHECK_ARG(env, argc);
    for (size_t i = 0; i < *argc; i++) {
      argv[i] = i < cbinfo->argc ? cbinfo->argv[i] : &env->undefined_value;
    }
  }
  if (argc != NULL) {
    *argc = cbinfo->argc;
  }
  if (this_arg != NULL) {
    *this_arg = cbinfo->this_arg;
  }
  if (data != NULL) {
    *data = cbinfo->data;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_new_target(napi_env env, napi_callback_info cbinfo, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, cbinfo);
  CHECK_ARG(env, result);
  *result = cbinfo->new_target;
  return rt_clear_error(env);
}

/* The `this` a sloppy-mode function sees, as V8 gives it to Node-API's functions (which are sloppy): undefined and
   null become the global object, a primitive its wrapper (Object(5)). NULL if out of memory. */
static napi_value sloppy_receiver(napi_env env, napi_value recv) {
  napi_valuetype type = rt_type(recv);
  if (type == napi_undefined || type == napi_null) {
    napi_value global = NULL;
    return napi_get_global(env, &global) == napi_ok ? global : NULL;
  }
  return rt_to_object(env, recv);
}

napi_status NAPI_CDECL napi_call_function(napi_env env, napi_value recv, napi_value func, size_t argc,
                                          const napi_value* argv, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, recv);
  CHECK_ARG(env, func);
  if (argc > 0) {
    CHECK_ARG(env, argv);
  }
  if (rt_type(func) != napi_function) {
    return rt_set_error(env, napi_invalid_arg); /* Node's CHECK_TO_FUNCTION: not napi_function_expected */
  }
  /* A strict function (a Java function: as a 'use strict' JavaScript function passed to the addon in Node) sees
     the receiver as passed (undefined stays undefined), not the global object a sloppy addon function gets. */
  napi_value this_arg = func->strict ? recv : sloppy_receiver(env, recv);
  if (this_arg == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  napi_value r = rt_invoke(env, func, this_arg, argc, (napi_value*)argv);
  if (env->pending_exception != NULL) {
    return rt_set_error(env, napi_pending_exception);
  }
  if (result != NULL) {
    *result = r;
  }
  return rt_clear_error(env);
}

/* ECMAScript SameValue: NaN is NaN, 0 is not -0. */
static bool same_value(napi_value a, napi_value b) {
  napi_valuetype type = rt_type(a);
  if (type != rt_type(b)) {
    return false;
  }
  switch (type) {
    case napi_undefined:
    case napi_null: return true;
    case napi_boolean: return a->u.boolean == b->u.boolean;
    case napi_number: {
      double x = rt_number(a), y = rt_number(b);
      return (x != x && y != y) || (x == y && signbit(x) == signbit(y));
    }
    case napi_string:
      return a->u.string.length == b->u.string.length &&
             memcmp(a->u.string.data, b->u.string.data, a->u.string.length) == 0;
    case napi_bigint: return rt_bigint_equals(a, b);
    default: return a == b;
  }
}

/* ValidateAndApplyPropertyDescriptor for a non-configurable property and the complete descriptor Node-API passes:
   it stays non-configurable with its enumerability and kind; a writable data property may take any value and
   become read-only; a read-only one only its very value again. An accessor never passes: Node makes new getter and
   setter functions for every descriptor, which are not the ones defined before. */
static bool may_redefine(const rt_prop* p, bool accessor, napi_value value, napi_property_attributes attributes) {
  if ((attributes & napi_configurable) || (attributes & napi_enumerable) != (p->attributes & napi_enumerable) ||
      accessor || is_accessor(p)) {
    return false;
  }
  if (p->attributes & napi_writable) {
    return true;
  }
  return !(attributes & napi_writable) && p->value != NULL && same_value(value, p->value);
}

/* One descriptor of napi_define_properties or napi_define_class, as Object.defineProperty: a property that is not
   configurable can only be redefined as may_redefine says, and a non-extensible object takes no new property. */
napi_status rt_define_property(napi_env env, napi_value object, const napi_property_descriptor* d, bool name_method) {
  const char* name = d->utf8name;
  char symbol_key[RT_SYMBOL_KEY_SIZE];
  if (name == NULL) {
    if (d->name == NULL || (rt_type(d->name) != napi_string && rt_type(d->name) != napi_symbol)) {
      return rt_set_error(env, napi_name_expected);
    }
    if (rt_type(d->name) == napi_string) {
      name = d->name->u.string.data;
    } else if (rt_symbol_key(env, d->name, symbol_key)) {
      name = symbol_key;
    } else {
      return rt_set_error(env, napi_generic_failure);
    }
  }
  bool accessor = d->getter != NULL || d->setter != NULL;
  napi_value value = d->value;
  if (d->method != NULL) {
    /* Node names only a class's prototype methods (by their key); napi_define_properties' and static ones are
       anonymous (name ""). Messages and Java still name the function by its key. */
    bool named = name_method && name != symbol_key;
    const char* shown = name == symbol_key ? "[symbol]" : name;
    value = make_function(env, shown, NAPI_AUTO_LENGTH, named ? NULL : "", d->method, d->data);
    if (value == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
  } else if (!accessor && value == NULL) {
    return rt_set_error(env, napi_invalid_arg);
  }
  napi_property_attributes attributes = d->attributes & ~napi_static; /* as given: napi_default is none of them */
  rt_prop* p = rt_find_prop(object, name);
  if (p == NULL) {
    if (integrity_of(object) != RT_EXTENSIBLE) {
      return rt_set_error(env, d->method != NULL ? napi_generic_failure : napi_invalid_arg);
    }
    p = rt_add_prop(object, name);
    if (p == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
  } else if (!(p->attributes & napi_configurable) && !may_redefine(p, accessor, value, attributes)) {
    /* Node's status when V8 refuses: napi_generic_failure for a method, napi_invalid_arg otherwise. */
    return rt_set_error(env, d->method != NULL ? napi_generic_failure : napi_invalid_arg);
  }
  if (accessor) {
    rt_release(env, p->value);
    p->value = NULL;
    p->getter = d->getter;
    p->setter = d->setter;
    p->accessor_data = d->data;
  } else {
    rt_retain(value);
    rt_release(env, p->value);
    p->value = value;
    p->getter = NULL;
    p->setter = NULL;
  }
  p->attributes = attributes;
  return napi_ok;
}

napi_status NAPI_CDECL napi_define_properties(napi_env env, napi_value object, size_t property_count,
                                              const napi_property_descriptor* properties) {
  PREAMBLE(env);
  if (property_count > 0) {
    CHECK_ARG(env, properties);
  }
  CHECK_RECEIVER(env, object);
  if (!rt_is_object_like(object)) {
    /* Node defines them on the primitive's wrapper, which is gone at once: a plain object stands in for it, so that
       the descriptors are checked alike. */
    object = rt_new_handle(env, rt_alloc(env, napi_object, 0));
    if (object == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
  }
  /* Room for all of them at once (a module's exports, usually): no doubling, so no unused slots kept for the
     module's life. A failure here is not fatal: rt_add_prop grows as it goes. */
  if (property_count <= UINT32_MAX / 4) {
    (void)rt_reserve_props(object, property_count);
  }
  for (size_t i = 0; i < property_count; i++) {
    napi_status s = rt_define_property(env, object, &properties[i], false);
    if (s != napi_ok) {
      return s;
    }
  }
  return rt_clear_error(env);
}

/* ---- Externals and wraps ------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_create_external(napi_env env, void* data, napi_finalize finalize_cb,
                                            void* finalize_hint, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  napi_value v = rt_alloc(env, napi_external, 0);
  if (v == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  v->u.external.data = data;
  v->finalizer.cb = finalize_cb;
  v->finalizer.data = data;
  v->finalizer.hint = finalize_hint;
  *result = rt_new_handle(env, v);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_external(napi_env env, napi_value value, void** result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  if (rt_type(value) != napi_external) {
    return rt_set_error(env, napi_invalid_arg);
  }
  *result = value->u.external.data;
  return rt_clear_error(env);
}

/* Wraps take any object, externals included; anything else is napi_invalid_arg, as in Node (v8impl::Wrap). */
#define CHECK_WRAPPABLE(env, v)                                                     \
  do {                                                                              \
    CHECK_ARG(env, v);                                                              \
    if (!rt_is_object_like(v) && rt_type(v) != napi_external) {                     \
      return rt_set_error((env), napi_invalid_arg);                                 \
    }                                                                               \
  } while (0)

napi_status NAPI_CDECL napi_wrap(napi_env env, napi_value js_object, void* native_object, napi_finalize finalize_cb,
                                 void* finalize_hint, napi_ref* result) {
  PREAMBLE(env);
  CHECK_WRAPPABLE(env, js_object);
  if (js_object->has_wrap) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (result != NULL) {
    /* Node: the reference is the addon's to delete in the finalizer, so a reference needs a finalizer. */
    CHECK_ARG(env, finalize_cb);
    napi_status s = napi_create_reference(env, js_object, 0, result);
    if (s != napi_ok) {
      return s;
    }
  }
  js_object->has_wrap = true;
  js_object->wrapped = native_object;
  js_object->finalizer.cb = finalize_cb;
  js_object->finalizer.data = native_object;
  js_object->finalizer.hint = finalize_hint;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_unwrap(napi_env env, napi_value js_object, void** result) {
  PREAMBLE(env);
  CHECK_WRAPPABLE(env, js_object);
  CHECK_ARG(env, result);
  if (!js_object->has_wrap) {
    return rt_set_error(env, napi_invalid_arg);
  }
  *result = js_object->wrapped;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_remove_wrap(napi_env env, napi_value js_object, void** result) {
  PREAMBLE(env);
  CHECK_WRAPPABLE(env, js_object);
  if (!js_object->has_wrap) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (result != NULL) {
    *result = js_object->wrapped;
  }
  /* Node: removing the wrap also removes the finalizer; it will not be called. */
  js_object->has_wrap = false;
  js_object->wrapped = NULL;
  js_object->finalizer.cb = NULL;
  return rt_clear_error(env);
}

/* ---- References ---------------------------------------------------------------------------------------- */
/*
 * A reference of count > 0 holds one reference to its value. At count 0 it is weak: it holds nothing, is listed
 * in its value's extra->weak_refs, and reads NULL once the value is freed (store.c, rt_clear_weak_refs), which is
 * as soon as nothing else holds it: where V8 would collect the value at some later collection, this runtime frees
 * it at once (see docs/limits.md). Only values V8 can hold weakly (objects, functions, externals, symbols) can be
 * referenced by modules of API version < 10 (Node answers napi_invalid_arg for the others); a reference to any
 * other value (version 10 and experimental) reads NULL from the moment its count is 0, as in Node.
 */

static bool can_be_weak(napi_value value) {
  napi_valuetype type = rt_type(value);
  return type == napi_object || type == napi_function || type == napi_external || type == napi_symbol;
}

static void link_weak(napi_ref ref) {
  rt_object_extra* extra = rt_extra(ref->value);
  if (extra == NULL) {
    return; /* out of memory: the reference will not be cleared, so it stays strong instead */
  }
  ref->weak_next = extra->weak_refs;
  if (ref->weak_next != NULL) {
    ref->weak_next->weak_pprev = &ref->weak_next;
  }
  ref->weak_pprev = &extra->weak_refs;
  extra->weak_refs = ref;
}

static void unlink_weak(napi_ref ref) {
  if (ref->weak_pprev == NULL) {
    return;
  }
  *ref->weak_pprev = ref->weak_next;
  if (ref->weak_next != NULL) {
    ref->weak_next->weak_pprev = ref->weak_pprev;
  }
  ref->weak_next = NULL;
  ref->weak_pprev = NULL;
}

/* Count 0 reached: weak if the value can be; else the value is let go at once. Its release may free it. */
static void make_weak(napi_env env, napi_ref ref) {
  napi_value value = ref->value;
  if (can_be_weak(value)) {
    link_weak(ref);
    if (ref->weak_pprev == NULL) {
      return; /* could not be listed: keeps its hold */
    }
  } else {
    ref->value = NULL;
  }
  rt_release(env, value);
}

napi_status NAPI_CDECL napi_create_reference(napi_env env, napi_value value, uint32_t initial_refcount,
                                             napi_ref* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  if (env->module_api_version < 10 && !can_be_weak(value)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  napi_ref ref = calloc(1, sizeof(*ref));
  if (ref == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  ref->value = value;
  ref->count = initial_refcount;
  rt_retain(value);
  if (initial_refcount == 0) {
    make_weak(env, ref);
  }
  ref->next = env->refs.next;
  ref->prev = &env->refs;
  env->refs.next->prev = ref;
  env->refs.next = ref;
  *result = ref;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_delete_reference(napi_env env, napi_ref ref) {
  CHECK_ENV(env);
  CHECK_ARG(env, ref);
  ref->prev->next = ref->next;
  ref->next->prev = ref->prev;
  if (ref->weak_pprev != NULL) {
    unlink_weak(ref);
  } else if (ref->value != NULL) {
    rt_release(env, ref->value);
  }
  free(ref);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_reference_ref(napi_env env, napi_ref ref, uint32_t* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, ref);
  if (ref->value == NULL) {
    /* Node: a reference whose value is gone stays at 0, and says so */
  } else if (ref->count++ == 0 && ref->weak_pprev != NULL) {
    unlink_weak(ref);
    rt_retain(ref->value);
  }
  if (result != NULL) {
    *result = ref->count;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_reference_unref(napi_env env, napi_ref ref, uint32_t* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, ref);
  if (ref->count == 0) {
    return rt_set_error(env, napi_generic_failure);
  }
  if (--ref->count == 0 && ref->value != NULL) {
    make_weak(env, ref);
  }
  if (result != NULL) {
    *result = ref->count;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_reference_value(napi_env env, napi_ref ref, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, ref);
  CHECK_ARG(env, result);
  *result = ref->value == NULL ? NULL : rt_new_handle(env, ref->value);
  return rt_clear_error(env);
}

/*
 * Teardown: the references the addon has not deleted let go of their values (which the sweep then frees) and read
 * NULL, but stay the addon's: as in Node, its instance-data finalizer or a late cleanup hook may still delete them
 * (a common pattern). What is left when the env is freed is freed by rt_free_refs.
 */
void rt_release_refs(napi_env env) {
  for (napi_ref ref = env->refs.next; ref != &env->refs; ref = ref->next) {
    if (ref->weak_pprev != NULL) {
      unlink_weak(ref);
    } else if (ref->value != NULL) {
      rt_release(env, ref->value);
    }
    ref->value = NULL;
    ref->count = 0;
  }
}

void rt_free_refs(napi_env env) {
  rt_release_refs(env);
  while (env->refs.next != &env->refs) {
    napi_ref ref = env->refs.next;
    ref->prev->next = ref->next;
    ref->next->prev = ref->prev;
    free(ref);
  }
}
