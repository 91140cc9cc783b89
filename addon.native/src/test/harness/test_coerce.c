/*
 * The ECMAScript conversions (napi_coerce_*), JavaScript's Number-to-String where numbers become text, and the
 * value types on their way to Java. Expected values observed in Node 20 with the same calls.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "valuetypes_checks.h"

void test_number_to_string(void) {
  VT_BEGIN(env);
  static const struct {
    double number;
    const char* text;
  } cases[] = {
      {0.1, "0.1"},
      {1e21, "1e+21"},
      {123456789012345680000.0, "123456789012345680000"},
      {-0.0, "0"},
      {1e-7, "1e-7"},
      {0.000001, "0.000001"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {100, "100"},
      {1.5, "1.5"},
      {-2.5e-10, "-2.5e-10"},
      {123e-20, "1.23e-18"},
      {0.3 + 0.6, "0.8999999999999999"},
      {-42, "-42"},
      {9007199254740993.0, "9007199254740992"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    CHECK_STR(vt_text(env, num(env, cases[i].number)), cases[i].text);
  }
  CHECK_STR(vt_text(env, num(env, NAN)), "NaN");
  CHECK_STR(vt_text(env, num(env, INFINITY)), "Infinity");
  CHECK_STR(vt_text(env, num(env, -INFINITY)), "-Infinity");
  VT_END(env);
}

static double number_of_text(napi_env env, const char* text) {
  napi_value n;
  double d = -12345;
  if (napi_coerce_to_number(env, str(env, text), &n) == napi_ok) {
    napi_get_value_double(env, n, &d);
  }
  return d;
}

void test_coerce(void) {
  VT_BEGIN(env);
  static const struct {
    const char* text;
    double number;
  } numbers[] = {
      {"0x1f", 31}, {" 12 ", 12}, {"1e3", 1000}, {"", 0}, {"0b101", 5}, {"0o17", 15}, {"+5", 5}, {".5", 0.5},
      {"5.", 5},    {"\t\n 3 \r", 3}, {"00012", 12}, {" ", 0}, {"\xc2\xa0 7", 7}, {"1e400", INFINITY},
      {"Infinity", INFINITY}, {"-Infinity", -INFINITY}, {"+Infinity", INFINITY},
  };
  for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
    double d = number_of_text(env, numbers[i].text);
    if (!CHECK(d == numbers[i].number)) {
      fprintf(stderr, "    ToNumber(\"%s\") = %.17g\n", numbers[i].text, d);
    }
  }
  static const char* const not_numbers[] = {"abc", "-0x10", "1_000", "infinity", "1e", "0x", "12abc"};
  for (size_t i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]); i++) {
    CHECK(isnan(number_of_text(env, not_numbers[i])));
  }
  double minus_zero = number_of_text(env, "-0");
  CHECK(minus_zero == 0 && signbit(minus_zero));

  napi_value undefined_value, null_value, true_value, object, array, result, big, symbol, date;
  napi_get_undefined(env, &undefined_value);
  napi_get_null(env, &null_value);
  napi_get_boolean(env, true, &true_value);
  napi_create_object(env, &object);
  napi_create_array(env, &array);
  napi_create_bigint_int64(env, 5, &big);
  napi_create_symbol(env, str(env, "s"), &symbol);
  napi_create_date(env, 1500000000000.0, &date);

  CHECK_STR(vt_text(env, undefined_value), "undefined");
  CHECK_STR(vt_text(env, null_value), "null");
  CHECK_STR(vt_text(env, true_value), "true");
  CHECK_STR(vt_text(env, object), "[object Object]");
  CHECK_STR(vt_text(env, array), "");
  CHECK_STR(vt_text(env, big), "5");
  napi_set_element(env, array, 0, num(env, 7));
  napi_set_element(env, array, 2, num(env, 0.5));
  CHECK_STR(vt_text(env, array), "7,,0.5");
  napi_set_element(env, array, 3, array); /* a cycle joins as "" */
  CHECK_STR(vt_text(env, array), "7,,0.5,");

  CHECK_STR(vt_status_and_exception(env, napi_coerce_to_number(env, big, &result)),
            "6 TypeError: Cannot convert a BigInt value to a number");
  CHECK_STR(vt_status_and_exception(env, napi_coerce_to_number(env, symbol, &result)),
            "6 TypeError: Cannot convert a Symbol value to a number");
  CHECK_STR(vt_status_and_exception(env, napi_coerce_to_string(env, symbol, &result)),
            "3 TypeError: Cannot convert a Symbol value to a string");
  CHECK_STR(vt_status_and_exception(env, napi_coerce_to_object(env, undefined_value, &result)),
            "2 TypeError: Cannot convert undefined or null to object");
  CHECK_STR(vt_status_and_exception(env, napi_coerce_to_object(env, null_value, &result)),
            "2 TypeError: Cannot convert undefined or null to object");

  double d = 0;
  napi_coerce_to_number(env, object, &result);
  napi_get_value_double(env, result, &d);
  CHECK(isnan(d));
  napi_coerce_to_number(env, undefined_value, &result);
  napi_get_value_double(env, result, &d);
  CHECK(isnan(d));
  napi_coerce_to_number(env, null_value, &result);
  napi_get_value_double(env, result, &d);
  CHECK(d == 0);
  napi_coerce_to_number(env, true_value, &result);
  napi_get_value_double(env, result, &d);
  CHECK(d == 1);
  napi_coerce_to_number(env, date, &result);
  napi_get_value_double(env, result, &d);
  CHECK(d == 1500000000000.0);
  napi_value empty;
  napi_create_array(env, &empty);
  napi_coerce_to_number(env, empty, &result);
  napi_get_value_double(env, result, &d);
  CHECK(d == 0); /* [] -> "" -> 0 */

  const struct {
    napi_value* value;
    bool truthy;
  } bools[] = {{&undefined_value, false}, {&null_value, false}, {&object, true}, {&symbol, true}, {&big, true}};
  for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
    bool b = !bools[i].truthy;
    CHECK_INT(napi_coerce_to_bool(env, *bools[i].value, &result), napi_ok);
    napi_get_value_bool(env, result, &b);
    CHECK(b == bools[i].truthy);
  }
  bool b = true;
  napi_coerce_to_bool(env, num(env, NAN), &result);
  napi_get_value_bool(env, result, &b);
  CHECK(!b);
  napi_coerce_to_bool(env, str(env, ""), &result);
  napi_get_value_bool(env, result, &b);
  CHECK(!b);
  napi_value zero_n;
  napi_create_bigint_int64(env, 0, &zero_n);
  napi_coerce_to_bool(env, zero_n, &result);
  napi_get_value_bool(env, result, &b);
  CHECK(!b);

  /* ToObject of a primitive: a wrapper object, whose string and number are the primitive's. */
  CHECK_INT(napi_coerce_to_object(env, true_value, &result), napi_ok);
  napi_valuetype type;
  napi_typeof(env, result, &type);
  CHECK_INT(type, napi_object);
  CHECK_STR(vt_text(env, result), "true");
  napi_coerce_to_object(env, num(env, 2.5), &result);
  napi_value n;
  napi_coerce_to_number(env, result, &n);
  napi_get_value_double(env, n, &d);
  CHECK(d == 2.5);
  CHECK_STR(render(env, result), "2.5");
  napi_coerce_to_object(env, object, &result);
  CHECK(result == object);
  VT_END(env);
}

void test_value_types_cross_to_java(void) {
  addon a;
  napi_env env = env_load(&a, "valuetypes", "valuetypes");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  answer thrown = env_call(env, "throwValue", 1, (napi_value[]){num(env, 0.1)});
  CHECK_STR(thrown.message, "0.1");
  thrown = env_call(env, "throwValue", 1, (napi_value[]){num(env, NAN)});
  CHECK_STR(thrown.message, "NaN");
  thrown = env_call(env, "throwValue", 1, (napi_value[]){num(env, -INFINITY)});
  CHECK_STR(thrown.message, "-Infinity");
  thrown = env_call(env, "throwValue", 1, (napi_value[]){num(env, -0.0)});
  CHECK_STR(thrown.message, "0");

  env_call(env, "failQuietly", 0, NULL);
  CHECK_STR(render(env, env_call(env, "lastErrorAtEntry", 0, NULL).value), "0");

  CHECK_STR(render(env, env_call(env, "makeBigInt", 0, NULL).value), "bigint(-10000000000000005)");
  CHECK_STR(render(env, env_call(env, "makeDate", 0, NULL).value), "date(1500000000000)");
  CHECK_STR(render(env, env_call(env, "makeInt16Array", 0, NULL).value), "Int16Array(feff2c01)");
  CHECK_STR(render(env, env_call(env, "makeSymbol", 0, NULL).value), "Symbol(tag)");

  /* From Java: TAG_BIGINT and TAG_DATE decode to a BigInt and a Date. */
  uint8_t wire[32];
  size_t at = 0;
  wire[at++] = TAG_BIGINT;
  wire[at++] = 1;
  uint32_t count = 1;
  memcpy(wire + at, &count, 4);
  at += 4;
  uint64_t word = 42;
  memcpy(wire + at, &word, 8);
  at += 8;
  wire[at++] = TAG_DATE;
  double time = 86400000.0;
  memcpy(wire + at, &time, 8);
  at += 8;
  rt_reader in = {.p = wire, .remaining = at, .max_depth = HARNESS_MAX_DEPTH};
  napi_value big = rt_decode_value(env, &in, 0);
  napi_value date = rt_decode_value(env, &in, 0);
  CHECK(in.error == NULL && big != NULL && date != NULL);
  if (big != NULL && date != NULL) {
    CHECK_STR(vt_text(env, big), "-42");
    CHECK_STR(render(env, env_call(env, "echoType", 1, (napi_value[]){date}).value), "[100,date(86400000)]");
  }
  rt_reader_free(&in);
  rt_reader truncated = {.p = wire, .remaining = 10, .max_depth = HARNESS_MAX_DEPTH};
  CHECK(rt_decode_value(env, &truncated, 0) == NULL && truncated.error != NULL);
  rt_reader_free(&truncated);
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}
