/* Area "Symbol": symbols with and without descriptions, as property keys, node_api_symbol_for. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_value s1 = NULL, s2 = NULL, v;
  bool b;
  OBSV("create_symbol(\"desc\")", napi_create_symbol(env, str(env, "desc"), &s1), s1);
  OBSV("create_symbol(NULL description)", napi_create_symbol(env, NULL, &s2), s2);
  OBSV("create_symbol(number description)", napi_create_symbol(env, num(env, 1), &v), v);
  OBS("create_symbol(NULL result)", napi_create_symbol(env, NULL, NULL));
  napi_value same;
  napi_create_symbol(env, str(env, "desc"), &same);
  OBSF("two symbols with one description are equal", napi_strict_equals(env, s1, same, &b), "%d", b);
  napi_value f1, f2;
  OBSV("symbol_for(\"key\")", node_api_symbol_for(env, "key", NAPI_AUTO_LENGTH, &f1), f1);
  OBSV("symbol_for(\"key\") again", node_api_symbol_for(env, "key", 3, &f2), f2);
  OBSF("symbol_for twice gives one symbol", napi_strict_equals(env, f1, f2, &b), "%d", b);
  napi_value o = obj(env);
  OBS("set_property(symbol key)", napi_set_property(env, o, s1, num(env, 1)));
  OBSV("get_property(symbol key)", napi_get_property(env, o, s1, &v), v);
  OBSF("has_own_property(symbol key)", napi_has_own_property(env, o, s1, &b), "%d", b);
  OBSV("get_property_names skips symbols", napi_get_property_names(env, o, &v), v);
  napi_value description;
  if (s1 != NULL) {
    OBSV("symbol.description", napi_get_named_property(env, s1, "description", &description), description);
  }
  size_t length;
  OBS("get_value_string_utf8(symbol)", napi_get_value_string_utf8(env, s1 == NULL ? obj(env) : s1, NULL, 0, &length));
}
