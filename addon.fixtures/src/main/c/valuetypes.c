/*
 * Fixture for value types and the error state around calls: exports that throw numbers, report the last error a
 * call starts with, and return a BigInt, a Date, a typed array and a symbol for the trip to Java.
 */
#include <node_api.h>
#include <stddef.h>

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

static napi_value make_date(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_date(env, 1500000000000.0, &result);
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
  };
  napi_define_properties(env, exports, sizeof(d) / sizeof(d[0]), d);
  return exports;
}
