/* Area "values": singletons, number creation and the number/boolean getters with their conversions. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_value v;
  OBSV("get_undefined", napi_get_undefined(env, &v), v);
  OBSV("get_null", napi_get_null(env, &v), v);
  OBSV("get_boolean(true)", napi_get_boolean(env, true, &v), v);
  OBSV("get_boolean(false)", napi_get_boolean(env, false, &v), v);
  OBSV("get_global", napi_get_global(env, &v), v);
  OBS("get_undefined(NULL result)", napi_get_undefined(env, NULL));
  OBS("get_undefined(NULL env)", napi_get_undefined(NULL, &v));

  OBSV("create_int32(5)", napi_create_int32(env, 5, &v), v);
  OBSV("create_int32(INT32_MIN)", napi_create_int32(env, INT32_MIN, &v), v);
  OBSV("create_uint32(UINT32_MAX)", napi_create_uint32(env, UINT32_MAX, &v), v);
  OBSV("create_int64(2^53)", napi_create_int64(env, INT64_C(9007199254740992), &v), v);
  OBSV("create_int64(INT64_MAX)", napi_create_int64(env, INT64_MAX, &v), v);
  OBSV("create_int64(INT64_MIN)", napi_create_int64(env, INT64_MIN, &v), v);
  OBSV("create_double(0.1)", napi_create_double(env, 0.1, &v), v);
  OBSV("create_double(-0)", napi_create_double(env, -0.0, &v), v);
  OBSV("create_double(NaN)", napi_create_double(env, NAN, &v), v);
  OBSV("create_double(-Infinity)", napi_create_double(env, -INFINITY, &v), v);
  OBS("create_int32(NULL result)", napi_create_int32(env, 1, NULL));
  OBS("create_double(NULL result)", napi_create_double(env, 1, NULL));

  static const double inputs[] = {1.9, -1.9, 2147483648.0, 4294967296.0 + 7, -1, 1e20, -1e20,
                                  9007199254740993.0, 9.3e18, -9.3e18, NAN, INFINITY, -INFINITY, -0.0};
  for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    char in[64], label[128];
    number_text(in, sizeof(in), inputs[i]);
    napi_value n = num(env, inputs[i]);
    int32_t i32 = 0;
    uint32_t u32 = 0;
    int64_t i64 = 0;
    double d = 0;
    snprintf(label, sizeof(label), "get_value_int32(%s)", in);
    OBSF(label, napi_get_value_int32(env, n, &i32), "%d", i32);
    snprintf(label, sizeof(label), "get_value_uint32(%s)", in);
    OBSF(label, napi_get_value_uint32(env, n, &u32), "%u", u32);
    snprintf(label, sizeof(label), "get_value_int64(%s)", in);
    OBSF(label, napi_get_value_int64(env, n, &i64), "%lld", (long long)i64);
    snprintf(label, sizeof(label), "get_value_double(%s)", in);
    char out[64] = "";
    napi_status s = napi_get_value_double(env, n, &d);
    if (s == napi_ok) {
      number_text(out, sizeof(out), d);
    }
    line("%s: %s -> %s", label, status_name(s), s == napi_ok ? out : "-");
  }

  int32_t i32;
  uint32_t u32;
  int64_t i64;
  double d;
  bool b;
  napi_value s = str(env, "5");
  OBSF("get_value_int32(string \"5\")", napi_get_value_int32(env, s, &i32), "%d", i32);
  OBSF("get_value_uint32(string \"5\")", napi_get_value_uint32(env, s, &u32), "%u", u32);
  OBSF("get_value_int64(string \"5\")", napi_get_value_int64(env, s, &i64), "%lld", (long long)i64);
  OBSF("get_value_double(string \"5\")", napi_get_value_double(env, s, &d), "%g", d);
  OBSF("get_value_bool(string \"5\")", napi_get_value_bool(env, s, &b), "%d", b);
  OBSF("get_value_bool(number 0)", napi_get_value_bool(env, num(env, 0), &b), "%d", b);
  OBSF("get_value_double(undefined)", napi_get_value_double(env, undef(env), &d), "%g", d);
  OBSF("get_value_double(object)", napi_get_value_double(env, obj(env), &d), "%g", d);
  OBS("get_value_int32(NULL value)", napi_get_value_int32(env, NULL, &i32));
  OBS("get_value_int32(NULL result)", napi_get_value_int32(env, num(env, 1), NULL));
  OBS("get_value_bool(NULL result)", napi_get_value_bool(env, num(env, 1), NULL));

  napi_value t;
  napi_get_boolean(env, true, &t);
  OBSF("get_value_bool(true)", napi_get_value_bool(env, t, &b), "%d", b);

  napi_valuetype type;
  OBSF("typeof(NULL value)", napi_typeof(env, NULL, &type), "%d", (int)type);
  OBS("typeof(NULL result)", napi_typeof(env, t, NULL));
  napi_value extern_value;
  static int external_target;
  OBSV("create_external", napi_create_external(env, &external_target, NULL, NULL, &extern_value), extern_value);
  void* data = NULL;
  OBSF("get_value_external", napi_get_value_external(env, extern_value, &data), "same pointer %d",
       data == &external_target);
  OBSF("get_value_external(object)", napi_get_value_external(env, obj(env), &data), "%d", data != NULL);

  bool eq;
  OBSF("strict_equals(NaN, NaN)", napi_strict_equals(env, num(env, NAN), num(env, NAN), &eq), "%d", eq);
  OBSF("strict_equals(0, -0)", napi_strict_equals(env, num(env, 0), num(env, -0.0), &eq), "%d", eq);
  OBSF("strict_equals(\"a\", \"a\")", napi_strict_equals(env, str(env, "a"), str(env, "a"), &eq), "%d", eq);
  OBSF("strict_equals(1, \"1\")", napi_strict_equals(env, num(env, 1), str(env, "1"), &eq), "%d", eq);
  napi_value o = obj(env);
  OBSF("strict_equals(o, o)", napi_strict_equals(env, o, o, &eq), "%d", eq);
  OBSF("strict_equals({}, {})", napi_strict_equals(env, o, obj(env), &eq), "%d", eq);
  napi_value u1, u2;
  napi_get_undefined(env, &u1);
  napi_get_undefined(env, &u2);
  OBSF("strict_equals(undefined, undefined)", napi_strict_equals(env, u1, u2, &eq), "%d", eq);
  OBS("strict_equals(NULL)", napi_strict_equals(env, NULL, u2, &eq));
}
