/*
 * Value types beyond the primitives and plain objects: symbols, BigInts, Dates, typed arrays and DataViews, and the
 * ECMAScript conversions between values (coerce.c). Internal to the runtime, like runtime.h.
 */
#ifndef ADDON_VALUETYPES_H
#define ADDON_VALUETYPES_H

#include "runtime.h"

/* u.view.kind of a DataView (typed arrays use napi_typedarray_type). */
#define RT_DATAVIEW (-1)

/* Longest text rt_number_to_string writes, NUL included ("-1.7976931348623157e+308"). */
#define RT_NUMBER_TEXT 32

/* ECMAScript Number::toString(10): 0.1 -> "0.1", 1e21 -> "1e+21", -0 -> "0", NaN -> "NaN". Returns the length. */
size_t rt_number_to_string(double d, char out[RT_NUMBER_TEXT]);

/*
 * Symbol keys. Property keys are C strings; a symbol used as a key becomes "\xFF" followed by a number unique in
 * its env. 0xFF never occurs in UTF-8, so no string key can collide with it, and key listings skip it.
 */
static inline bool rt_is_symbol_key(const char* key) {
  return (unsigned char)key[0] == 0xFF;
}
#define RT_SYMBOL_KEY_SIZE 24
/* Writes the key of symbol (registering it as a key symbol on first use); false if out of memory. */
bool rt_symbol_key(napi_env env, napi_value symbol, char out[RT_SYMBOL_KEY_SIZE]);
/* The symbol a key of rt_symbol_key stands for. */
napi_value rt_symbol_of_key(napi_env env, const char* key);
/* "Symbol(description)", malloc'd; NULL if out of memory. */
char* rt_symbol_text(napi_value symbol, size_t* length);

/* Frees what a symbol, BigInt or view owns (store.c calls it for every value it destroys). */
void rt_destroy_value_type(napi_env env, napi_value v, bool release_children);
/* Frees the env's symbol tables (their values go with the store's sweep). */
void rt_free_value_types(napi_env env);

/* classes.c: ToObject of undefined or null: throws its TypeError ("Cannot convert undefined or null to object") and
   answers status. */
napi_status rt_to_object_failed(napi_env env, napi_status status);

/* An object or anything ToObject converts (not undefined or null, which throw as in Node). */
#define CHECK_RECEIVER(env, v)                                        \
  do {                                                                \
    CHECK_ARG(env, v);                                                \
    if (!rt_is_object_like(v) && !rt_is_primitive_receiver(v)) {      \
      return rt_to_object_failed((env), napi_object_expected);        \
    }                                                                 \
  } while (0)

/* objects.c: whether key is an array index ("0", "17"; not "01"). */
bool rt_array_index(const char* key, uint32_t* index);

/* BigInts. */
bool rt_bigint_equals(napi_value a, napi_value b);
/* Decimal text ("-123"), malloc'd; NULL if out of memory. */
char* rt_bigint_to_string(napi_value bigint, size_t* length);
napi_value rt_make_bigint(napi_env env, bool negative, const uint64_t* words, size_t count);

/* The size of one element of a napi_typedarray_type in bytes (1 for RT_DATAVIEW); 0 for an unknown kind. */
size_t rt_element_size(int kind);
/* The bytes a typed array, DataView or Buffer shows (NULL/0 once its ArrayBuffer is detached). */
void rt_view_bytes(napi_value view, uint8_t** data, size_t* length);

/* coerce.c: ToNumber of a string; and of any value, false (a TypeError thrown) for a symbol or a BigInt. */
double rt_string_to_number(const char* text, size_t length);
/* ToPropertyKey's ToString of a key that is no string, number or symbol (true -> "true", an object ->
   "[object Object]"), a string in the current scope; an external has no ToPrimitive: a TypeError and
   napi_generic_failure, as V8's failed lookup answers in Node. */
napi_status rt_to_key_string(napi_env env, napi_value key, napi_value* result);
/* ToObject of a primitive other than undefined and null (its wrapper, in the current scope); an object itself. */
napi_value rt_to_object(napi_env env, napi_value value);
bool rt_to_number(napi_env env, napi_value v, double* result);

/*
 * typedarrays.c: the elements of typed arrays and Buffers (integer-indexed exotic objects). A key is RT_ELEMENT for
 * an index below the length (*index set), RT_NO_ELEMENT for any other canonical numeric string ("9" beyond the
 * length, "-0", "1.5"), which reads undefined, is not there and takes no write, and RT_NOT_ELEMENT for an ordinary
 * key (or when v has no elements).
 */
enum rt_element_key { RT_NOT_ELEMENT = 0, RT_ELEMENT, RT_NO_ELEMENT };
bool rt_has_elements(napi_value v);
size_t rt_element_count(napi_value v);
enum rt_element_key rt_element_key(napi_value v, const char* key, uint32_t* index);
/* The element as a number (a BigInt for the 64-bit kinds), in the current scope; NULL if out of memory. */
napi_value rt_element_get(napi_env env, napi_value v, uint32_t index);
/* Converts value as the array's kind does (ToNumber, or ToBigInt for the 64-bit kinds: a TypeError pending and
   napi_generic_failure if it cannot, as in Node), then writes it if key is an RT_ELEMENT. */
napi_status rt_element_set(napi_env env, napi_value v, enum rt_element_key key, uint32_t index, napi_value value);

/* primitives.c: property access on a primitive receiver (what its ToObject wrapper has, without built-ins). */
bool rt_is_primitive_receiver(napi_value v); /* anything but undefined, null, objects and functions */
bool rt_primitive_has(napi_value v, const char* key);
napi_value rt_primitive_get(napi_env env, napi_value v, const char* key); /* NULL if out of memory */
bool rt_primitive_has_own(napi_value v, const char* key);
/* The wrapper's own index keys as keys.c lists them: a string's characters (0 for other primitives). */
size_t rt_primitive_index_count(napi_value v);

#endif
