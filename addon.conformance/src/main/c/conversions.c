/* Area "conversions": napi_coerce_to_bool/number/string/object over every kind of value. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_value t, f, nul, arr, v;
  napi_get_boolean(env, true, &t);
  napi_get_boolean(env, false, &f);
  napi_get_null(env, &nul);
  napi_create_array(env, &arr);
  napi_set_element(env, arr, 0, num(env, 7));
  napi_value inputs[] = {undef(env), nul, t, f, num(env, 0), num(env, -0.0), num(env, NAN), num(env, 12.5),
                         str(env, ""), str(env, "  42 "), str(env, "abc"), obj(env), arr};
  static const char* const names[] = {"undefined", "null", "true", "false", "0", "-0", "NaN", "12.5",
                                      "\"\"", "\"  42 \"", "\"abc\"", "{}", "[7]"};
  for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    char label[80];
    snprintf(label, sizeof(label), "coerce_to_bool(%s)", names[i]);
    OBSV(label, napi_coerce_to_bool(env, inputs[i], &v), v);
    snprintf(label, sizeof(label), "coerce_to_number(%s)", names[i]);
    OBSV(label, napi_coerce_to_number(env, inputs[i], &v), v);
    snprintf(label, sizeof(label), "coerce_to_string(%s)", names[i]);
    OBSV(label, napi_coerce_to_string(env, inputs[i], &v), v);
    snprintf(label, sizeof(label), "coerce_to_object(%s)", names[i]);
    OBSV(label, napi_coerce_to_object(env, inputs[i], &v), v);
  }
  OBS("coerce_to_bool(NULL value)", napi_coerce_to_bool(env, NULL, &v));
  OBS("coerce_to_number(NULL result)", napi_coerce_to_number(env, num(env, 1), NULL));
}
