/*
 * Symbols, BigInts, Dates, typed arrays and DataViews, key listings, the host functions. The runtime is called
 * directly, as an addon would; every expected value was observed in Node 20 with the same calls (docs/values.md).
 */
#define NAPI_EXPERIMENTAL /* external strings and property keys are declared only then */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "valuetypes_checks.h"

void test_symbols(void) {
  VT_BEGIN(env);
  napi_value description = str(env, "tag"), s1, s2, f1, f2, object, value = num(env, 7), got;
  CHECK_INT(napi_create_symbol(env, description, &s1), napi_ok);
  CHECK_INT(napi_create_symbol(env, description, &s2), napi_ok);
  napi_valuetype type;
  napi_typeof(env, s1, &type);
  CHECK_INT(type, napi_symbol);
  bool equal = true;
  napi_strict_equals(env, s1, s2, &equal);
  CHECK(!equal); /* every napi_create_symbol is a new symbol */
  CHECK_INT(napi_create_symbol(env, num(env, 1), &s2), napi_string_expected);
  CHECK_INT(node_api_symbol_for(env, "k", 1, &f1), napi_ok);
  CHECK_INT(node_api_symbol_for(env, "k", NAPI_AUTO_LENGTH, &f2), napi_ok);
  napi_strict_equals(env, f1, f2, &equal);
  CHECK(equal); /* the registry: same description, same symbol */
  napi_strict_equals(env, f1, s1, &equal);
  CHECK(!equal);

  napi_create_object(env, &object);
  CHECK_INT(napi_set_property(env, object, s1, value), napi_ok);
  CHECK_INT(napi_set_named_property(env, object, "x", value), napi_ok);
  CHECK_INT(napi_get_property(env, object, s1, &got), napi_ok);
  CHECK_STR(vt_text(env, got), "7");
  CHECK_INT(napi_get_property(env, object, s2 = f1, &got), napi_ok);
  napi_typeof(env, got, &type);
  CHECK_INT(type, napi_undefined); /* another symbol: another key */
  bool has = false;
  napi_has_own_property(env, object, s1, &has);
  CHECK(has);
  napi_value names;
  napi_get_property_names(env, object, &names);
  CHECK_STR(render(env, names), "[\"x\"]"); /* symbols are not listed */
  CHECK_STR(render(env, object), "{x:7}");    /* nor sent to Java as keys */
  CHECK_STR(render(env, s1), "Symbol(tag)");
  napi_value anonymous;
  napi_create_symbol(env, NULL, &anonymous);
  CHECK_STR(render(env, anonymous), "Symbol()");
  VT_END(env);
}

void test_bigints(void) {
  VT_BEGIN(env);
  napi_value big;
  int64_t i64;
  uint64_t u64;
  bool lossless;
  napi_valuetype type;
  CHECK_INT(napi_create_bigint_int64(env, INT64_MIN, &big), napi_ok);
  napi_typeof(env, big, &type);
  CHECK_INT(type, napi_bigint);
  CHECK_INT(napi_get_value_bigint_int64(env, big, &i64, &lossless), napi_ok);
  CHECK(i64 == INT64_MIN && lossless);
  CHECK_STR(vt_text(env, big), "-9223372036854775808");
  napi_create_bigint_uint64(env, UINT64_MAX, &big);
  napi_get_value_bigint_int64(env, big, &i64, &lossless);
  CHECK(i64 == -1 && !lossless);
  CHECK_STR(vt_text(env, big), "18446744073709551615");
  napi_create_bigint_int64(env, -1, &big);
  napi_get_value_bigint_uint64(env, big, &u64, &lossless);
  CHECK(u64 == UINT64_MAX && !lossless);
  CHECK_INT(napi_get_value_bigint_uint64(env, big, &u64, NULL), napi_invalid_arg);
  CHECK_INT(napi_get_value_bigint_int64(env, num(env, 1), &i64, &lossless), napi_bigint_expected);

  uint64_t words[3] = {1, 2, 0};
  CHECK_INT(napi_create_bigint_words(env, 1, 3, words, &big), napi_ok);
  CHECK_STR(vt_text(env, big), "-36893488147419103233");
  CHECK_STR(render(env, big), "bigint(-20000000000000001)");
  int sign = 9;
  size_t count = 0;
  CHECK_INT(napi_get_value_bigint_words(env, big, NULL, &count, NULL), napi_ok); /* only the count */
  CHECK_INT(count, 2);
  CHECK_INT(napi_get_value_bigint_words(env, big, &sign, &count, NULL), napi_invalid_arg);
  uint64_t out[4] = {9, 9, 9, 9};
  count = 1;
  CHECK_INT(napi_get_value_bigint_words(env, big, &sign, &count, out), napi_ok);
  CHECK(sign == 1 && count == 2 && out[0] == 1 && out[1] == 9); /* as many as fit, then the count needed */
  count = 4;
  napi_get_value_bigint_words(env, big, &sign, &count, out);
  CHECK(count == 2 && out[0] == 1 && out[1] == 2 && out[2] == 9);
  uint64_t two_words[2] = {5, 1};
  napi_create_bigint_words(env, 1, 2, two_words, &big);
  napi_get_value_bigint_int64(env, big, &i64, &lossless);
  CHECK(i64 == -5 && !lossless);
  napi_get_value_bigint_uint64(env, big, &u64, &lossless);
  CHECK(u64 == 18446744073709551611u && !lossless);
  uint64_t zero = 0;
  napi_create_bigint_words(env, 1, 1, &zero, &big); /* -0n is 0n */
  CHECK_STR(vt_text(env, big), "0");
  count = 4;
  napi_get_value_bigint_words(env, big, &sign, &count, out);
  CHECK(sign == 0 && count == 0);
  CHECK_INT(napi_create_bigint_words(env, 0, 0, NULL, &big), napi_invalid_arg);
  CHECK_INT(napi_create_bigint_words(env, 0, (size_t)1 << 40, words, &big), napi_invalid_arg);
  napi_value a, b;
  napi_create_bigint_int64(env, 42, &a);
  napi_create_bigint_uint64(env, 42, &b);
  bool equal = false;
  napi_strict_equals(env, a, b, &equal);
  CHECK(equal); /* 42n === 42n */
  VT_END(env);
}

void test_dates(void) {
  VT_BEGIN(env);
  napi_value date, object;
  double time;
  bool is_date = false;
  CHECK_INT(napi_create_date(env, 1.5e12 + 0.7, &date), napi_ok);
  napi_is_date(env, date, &is_date);
  CHECK(is_date);
  napi_get_date_value(env, date, &time);
  CHECK(time == 1.5e12); /* TimeClip: the integer part */
  napi_valuetype type;
  napi_typeof(env, date, &type);
  CHECK_INT(type, napi_object);
  CHECK_STR(render(env, date), "date(1500000000000)");
  napi_create_date(env, 9e15, &date);
  napi_get_date_value(env, date, &time);
  CHECK(isnan(time)); /* beyond ±8.64e15: an invalid Date */
  CHECK_STR(vt_text(env, date), "Invalid Date");
  napi_create_object(env, &object);
  CHECK_INT(napi_get_date_value(env, object, &time), napi_date_expected);
  napi_is_date(env, object, &is_date);
  CHECK(!is_date);
  VT_END(env);
}

void test_typed_arrays(void) {
  VT_BEGIN(env);
  napi_value ab, ta, dv, object, buffer_ab;
  void* data;
  napi_create_arraybuffer(env, 16, &data, &ab);
  for (int i = 0; i < 16; i++) {
    ((uint8_t*)data)[i] = (uint8_t)i;
  }
  CHECK_STR(vt_status_and_exception(env, napi_create_typedarray(env, napi_int32_array, 1, ab, 2, &ta)),
            "9 RangeError: start offset of Int32Array should be a multiple of 4");
  CHECK_STR(vt_status_and_exception(env, napi_create_typedarray(env, napi_int32_array, 5, ab, 0, &ta)),
            "9 RangeError: Invalid typed array length");
  CHECK_STR(vt_status_and_exception(env, napi_create_typedarray(env, napi_uint8_array, 0, ab, 17, &ta)),
            "9 RangeError: Invalid typed array length");
  CHECK_STR(vt_status_and_exception(env, napi_create_dataview(env, 10, ab, 8, &dv)),
            "10 RangeError: byte_offset + byte_length should be less than or equal to the size in bytes of the "
            "array passed in");
  napi_create_object(env, &object);
  CHECK_INT(napi_create_typedarray(env, napi_uint8_array, 1, object, 0, &ta), napi_invalid_arg);
  CHECK_INT(napi_create_typedarray(env, (napi_typedarray_type)99, 1, ab, 0, &ta), napi_invalid_arg);
  CHECK_INT(napi_create_dataview(env, 1, object, 0, &dv), napi_invalid_arg);

  static const napi_typedarray_type kinds[] = {
      napi_int8_array,    napi_uint8_array,   napi_uint8_clamped_array, napi_int16_array,
      napi_uint16_array,  napi_int32_array,   napi_uint32_array,        napi_float32_array,
      napi_float64_array, napi_bigint64_array, napi_biguint64_array};
  for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
    napi_typedarray_type kind;
    size_t length, offset;
    void* view_data;
    napi_value buffer;
    CHECK_INT(napi_create_typedarray(env, kinds[k], 1, ab, 8, &ta), napi_ok);
    CHECK_INT(napi_get_typedarray_info(env, ta, &kind, &length, &view_data, &buffer, &offset), napi_ok);
    CHECK(kind == kinds[k] && length == 1 && offset == 8 && view_data == (uint8_t*)data + 8 && buffer == ab);
  }
  CHECK_INT(napi_create_typedarray(env, napi_int16_array, 3, ab, 2, &ta), napi_ok);
  CHECK_STR(render(env, ta), "Int16Array(020304050607)"); /* Java: a copy of what it shows */
  CHECK_STR(vt_text(env, ta), "770,1284,1798");
  CHECK_INT(napi_create_dataview(env, 4, ab, 4, &dv), napi_ok);
  CHECK_STR(render(env, dv), "DataView(04050607)");
  bool is = false;
  napi_is_typedarray(env, ta, &is);
  CHECK(is);
  napi_is_typedarray(env, dv, &is);
  CHECK(!is);
  napi_is_dataview(env, dv, &is);
  CHECK(is);
  CHECK_INT(napi_get_typedarray_info(env, dv, NULL, NULL, NULL, NULL, NULL), napi_invalid_arg);
  CHECK_INT(napi_get_dataview_info(env, ta, NULL, NULL, NULL, NULL), napi_invalid_arg);
  napi_value buffer;
  napi_create_buffer(env, 4, &data, &buffer);
  napi_is_typedarray(env, buffer, &is);
  CHECK(is); /* a Buffer is a Uint8Array */
  napi_typedarray_type kind;
  size_t length = 0, offset = 9;
  CHECK_INT(napi_get_typedarray_info(env, buffer, &kind, &length, NULL, &buffer_ab, &offset), napi_ok);
  CHECK(kind == napi_uint8_array && length == 4 && offset == 0);

  /* Detaching: the buffer and every view over it become empty. */
  CHECK_INT(napi_detach_arraybuffer(env, ab), napi_ok);
  CHECK_INT(napi_detach_arraybuffer(env, ab), napi_ok);
  CHECK_INT(napi_detach_arraybuffer(env, object), napi_arraybuffer_expected);
  napi_is_detached_arraybuffer(env, ab, &is);
  CHECK(is);
  napi_is_detached_arraybuffer(env, object, &is);
  CHECK(!is);
  void* view_data = &length;
  length = offset = 99;
  CHECK_INT(napi_get_typedarray_info(env, ta, &kind, &length, &view_data, &buffer_ab, &offset), napi_ok);
  CHECK(kind == napi_int16_array && length == 0 && view_data == NULL && offset == 0);
  length = offset = 99;
  CHECK_INT(napi_get_dataview_info(env, dv, &length, &view_data, &buffer_ab, &offset), napi_ok);
  CHECK(length == 0 && view_data == NULL && offset == 0);
  size_t ab_length = 99;
  napi_get_arraybuffer_info(env, ab, &view_data, &ab_length);
  CHECK(ab_length == 0 && view_data == NULL);
  CHECK_STR(render(env, ta), "Int16Array()");
  CHECK_INT(napi_create_typedarray(env, napi_uint8_array, 0, ab, 0, &ta), napi_ok);
  VT_END(env);
}

void test_property_names(void) {
  VT_BEGIN(env);
  napi_value array, object, symbol, one = num(env, 1), names;
  napi_create_array(env, &array);
  napi_set_element(env, array, 0, one);
  napi_set_element(env, array, 1, one);
  napi_set_named_property(env, array, "x", one);
  napi_get_all_property_names(env, array, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers, &names);
  CHECK_STR(render(env, names), "[0,1,\"length\",\"x\"]");
  napi_get_all_property_names(env, array, napi_key_own_only, napi_key_enumerable, napi_key_numbers_to_strings,
                              &names);
  CHECK_STR(render(env, names), "[\"0\",\"1\",\"x\"]");
  napi_get_all_property_names(env, array, napi_key_own_only, napi_key_configurable, napi_key_numbers_to_strings,
                              &names);
  CHECK_STR(render(env, names), "[\"0\",\"1\",\"x\"]");

  napi_create_object(env, &object);
  napi_set_named_property(env, object, "b", one);
  napi_set_named_property(env, object, "5", one);
  napi_set_named_property(env, object, "a", one);
  napi_set_named_property(env, object, "2", one);
  napi_create_symbol(env, str(env, "s"), &symbol);
  napi_set_property(env, object, symbol, one);
  napi_property_descriptor d[] = {{"ro", NULL, NULL, NULL, NULL, one, napi_enumerable, NULL},
                                  {"hidden", NULL, NULL, NULL, NULL, one, napi_writable, NULL}};
  napi_define_properties(env, object, 2, d);
  napi_get_all_property_names(env, object, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers,
                              &names);
  CHECK_STR(render(env, names), "[2,5,\"b\",\"a\",\"ro\",\"hidden\",Symbol(s)]");
  napi_get_all_property_names(env, object, napi_key_include_prototypes, napi_key_skip_symbols,
                              napi_key_numbers_to_strings, &names);
  CHECK_STR(render(env, names), "[\"2\",\"5\",\"b\",\"a\",\"ro\",\"hidden\"]");
  napi_get_all_property_names(env, object, napi_key_own_only, napi_key_skip_strings, napi_key_numbers_to_strings,
                              &names);
  CHECK_STR(render(env, names), "[Symbol(s)]");
  napi_get_all_property_names(env, object, napi_key_own_only, napi_key_writable | napi_key_enumerable,
                              napi_key_numbers_to_strings, &names);
  CHECK_STR(render(env, names), "[\"2\",\"5\",\"b\",\"a\",Symbol(s)]");
  napi_value first;
  napi_get_all_property_names(env, object, napi_key_own_only, napi_key_skip_strings, napi_key_numbers_to_strings,
                              &names);
  napi_get_element(env, names, 0, &first);
  bool equal = false;
  napi_strict_equals(env, first, symbol, &equal);
  CHECK(equal); /* the symbol itself comes back */
  napi_get_property_names(env, object, &names);
  CHECK_STR(render(env, names), "[\"2\",\"5\",\"b\",\"a\",\"ro\"]");
  CHECK_INT(napi_get_all_property_names(env, object, (napi_key_collection_mode)7, napi_key_all_properties,
                                        napi_key_keep_numbers, &names),
            napi_invalid_arg);
  CHECK_INT(napi_get_all_property_names(env, object, napi_key_own_only, napi_key_all_properties,
                                        (napi_key_conversion)7, &names),
            napi_invalid_arg);
  VT_END(env);
}

static int finalized;
static void count_finalize(node_api_basic_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  (void)hint;
  finalized++;
}

void test_host_and_strings(void) {
  VT_BEGIN(env);
  uint32_t version = 0;
  napi_get_version(env, &version);
  CHECK_INT(version, 9);
  const char* file = NULL;
  CHECK_INT(node_api_get_module_file_name(env, &file), napi_ok);
  CHECK(file != NULL && strncmp(file, "file:///", 8) == 0 && strstr(file, "libvalues.so") != NULL);
  int64_t external = 0;
  CHECK_INT(napi_adjust_external_memory(env, 100, &external), napi_ok);
  CHECK_INT(external, 100);
  napi_adjust_external_memory(env, -50, &external);
  CHECK_INT(external, 50);
  napi_value result, object;
  napi_create_object(env, &object);
  CHECK_INT(napi_run_script(env, object, &result), napi_string_expected);
  CHECK_INT(napi_run_script(env, str(env, "1 + 1"), &result), napi_generic_failure);
  const napi_extended_error_info* info;
  napi_get_last_error_info(env, &info);
  CHECK(info->error_message != NULL && strstr(info->error_message, "no JavaScript engine") != NULL);

  char latin1[] = "caf\xe9";
  bool copied = false;
  finalized = 0;
  CHECK_INT(node_api_create_external_string_latin1(env, latin1, 4, count_finalize, NULL, &result, &copied), napi_ok);
  CHECK(copied && finalized == 1); /* copied: the finalizer already ran, as in Node */
  CHECK_STR(vt_text(env, result), "caf\xc3\xa9");
  char16_t utf16[] = {'h', 0xE9, 0};
  CHECK_INT(node_api_create_external_string_utf16(env, utf16, NAPI_AUTO_LENGTH, NULL, NULL, &result, NULL), napi_ok);
  CHECK_STR(vt_text(env, result), "h\xc3\xa9");
  CHECK_INT(node_api_create_property_key_utf8(env, "key", 3, &result), napi_ok);
  CHECK_STR(vt_text(env, result), "key");
  CHECK_INT(node_api_create_property_key_latin1(env, "k\xe9", NAPI_AUTO_LENGTH, &result), napi_ok);
  CHECK_STR(vt_text(env, result), "k\xc3\xa9");
  CHECK_INT(node_api_create_property_key_utf16(env, utf16, 2, &result), napi_ok);
  CHECK_STR(vt_text(env, result), "h\xc3\xa9");
  VT_END(env);
}
