/* Area "properties": napi_define_properties with attributes, accessors and methods in C, enumeration with
   napi_get_all_property_names' filters. */
#include "conformance.h"

static int32_t stored = 1;

static napi_value Getter(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_create_int32(env, stored, &v);
  return v;
}

static napi_value Setter(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  napi_get_value_int32(env, arg, &stored);
  return NULL;
}

static napi_value Method(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_get_cb_info(env, info, NULL, NULL, NULL, &data);
  return str(env, data == &stored ? "method with data" : "method without data");
}

static void keys(napi_env env, const char* label, napi_value o, napi_key_collection_mode mode,
                 napi_key_filter filter, napi_key_conversion conversion) {
  napi_value names;
  napi_status s = napi_get_all_property_names(env, o, mode, filter, conversion, &names);
  char text[400] = "-";
  if (s == napi_ok) {
    uint32_t n = 0;
    napi_get_array_length(env, names, &n);
    size_t o_ = 0;
    text[0] = '\0';
    for (uint32_t i = 0; i < n && o_ + 40 < sizeof(text); i++) {
      napi_value k;
      napi_get_element(env, names, i, &k);
      o_ += (size_t)snprintf(text + o_, sizeof(text) - o_, "%s%s", i ? ", " : "", show(env, k));
    }
  }
  line("%s: %s -> [%s]%s", label, status_name(s), text, pending_suffix(env));
}

static void observe(napi_env env) {
  napi_value o = obj(env), v;
  bool b;
  napi_property_descriptor descriptors[] = {
      {"plain", NULL, NULL, NULL, NULL, num(env, 1), napi_default, NULL},
      {"writable", NULL, NULL, NULL, NULL, num(env, 2), napi_writable, NULL},
      {"enumerable", NULL, NULL, NULL, NULL, num(env, 3), napi_enumerable, NULL},
      {"configurable", NULL, NULL, NULL, NULL, num(env, 4), napi_configurable, NULL},
      {"all", NULL, NULL, NULL, NULL, num(env, 5), napi_default_jsproperty, NULL},
      {"accessor", NULL, NULL, Getter, Setter, NULL, napi_enumerable, NULL},
      {"readonly_accessor", NULL, NULL, Getter, NULL, NULL, napi_default, NULL},
      {"method", NULL, Method, NULL, NULL, NULL, napi_default_method, &stored},
      {NULL, str(env, "by_value_name"), NULL, NULL, NULL, num(env, 6), napi_enumerable, NULL},
  };
  OBS("define_properties(9)", napi_define_properties(env, o, 9, descriptors));

  OBS("set plain=10", napi_set_named_property(env, o, "plain", num(env, 10)));
  OBSV("get plain", napi_get_named_property(env, o, "plain", &v), v);
  OBS("set writable=20", napi_set_named_property(env, o, "writable", num(env, 20)));
  OBSV("get writable", napi_get_named_property(env, o, "writable", &v), v);
  OBSF("delete plain", napi_delete_property(env, o, str(env, "plain"), &b), "%d", b);
  OBSF("has plain after delete", napi_has_named_property(env, o, "plain", &b), "%d", b);
  OBSF("delete configurable", napi_delete_property(env, o, str(env, "configurable"), &b), "%d", b);
  OBSF("has configurable after delete", napi_has_named_property(env, o, "configurable", &b), "%d", b);
  OBSV("get accessor", napi_get_named_property(env, o, "accessor", &v), v);
  OBS("set accessor=7", napi_set_named_property(env, o, "accessor", num(env, 7)));
  OBSV("get accessor after set", napi_get_named_property(env, o, "accessor", &v), v);
  OBS("set readonly_accessor=9", napi_set_named_property(env, o, "readonly_accessor", num(env, 9)));
  OBSV("get readonly_accessor", napi_get_named_property(env, o, "readonly_accessor", &v), v);
  napi_value method, result;
  OBSV("get method", napi_get_named_property(env, o, "method", &method), method);
  OBSV("call method", napi_call_function(env, o, method, 0, NULL, &result), result);
  OBSV("get by_value_name", napi_get_named_property(env, o, "by_value_name", &v), v);

  OBSV("get_property_names (enumerable, with prototype chain)", napi_get_property_names(env, o, &v), v);
  keys(env, "all names: own, all", o, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "all names: own, enumerable", o, napi_key_own_only, napi_key_enumerable, napi_key_keep_numbers);
  keys(env, "all names: own, writable", o, napi_key_own_only, napi_key_writable, napi_key_keep_numbers);
  keys(env, "all names: own, configurable", o, napi_key_own_only, napi_key_configurable, napi_key_keep_numbers);
  keys(env, "all names: own, enumerable|writable", o, napi_key_own_only, napi_key_enumerable | napi_key_writable,
       napi_key_keep_numbers);

  napi_value numbered = obj(env);
  napi_set_named_property(env, numbered, "b", num(env, 1));
  napi_set_element(env, numbered, 2, num(env, 2));
  napi_set_named_property(env, numbered, "a", num(env, 3));
  napi_set_element(env, numbered, 1, num(env, 4));
  keys(env, "numbers kept", numbered, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "numbers to strings", numbered, napi_key_own_only, napi_key_all_properties, napi_key_numbers_to_strings);
  keys(env, "skip strings", numbered, napi_key_own_only, napi_key_skip_strings, napi_key_keep_numbers);
  keys(env, "include prototypes", numbered, napi_key_include_prototypes, napi_key_enumerable,
       napi_key_numbers_to_strings);
  keys(env, "all names of number", num(env, 1), napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "all names of undefined", undef(env), napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);

  OBS("define_properties(0, NULL)", napi_define_properties(env, o, 0, NULL));
  OBS("define_properties(1, NULL)", napi_define_properties(env, o, 1, NULL));
  /* A descriptor with neither utf8name nor name crashes Node 20 (it dereferences the NULL name): not observed. */
  napi_property_descriptor number_name = {NULL, num(env, 5), NULL, NULL, NULL, num(env, 1), napi_default, NULL};
  OBS("define_properties(number as name)", napi_define_properties(env, o, 1, &number_name));
  napi_property_descriptor redefine = {"plain_again", NULL, NULL, NULL, NULL, num(env, 1), napi_default, NULL};
  napi_define_properties(env, o, 1, &redefine);
  OBS("define_properties(redefine non-configurable)", napi_define_properties(env, o, 1, &redefine));
  OBS("define_properties(on number)", napi_define_properties(env, num(env, 1), 1, &redefine));
  napi_property_descriptor write_only = {"write_only", NULL, NULL, NULL, Setter, NULL, napi_default, NULL};
  OBS("define_properties(setter only)", napi_define_properties(env, o, 1, &write_only));
  OBS("set write_only=3", napi_set_named_property(env, o, "write_only", num(env, 3)));
  OBSV("get write_only", napi_get_named_property(env, o, "write_only", &v), v);

  /* Primitive receivers: Node defines on (and lists) the ToObject wrapper; undefined and null throw. */
  napi_value ab = str(env, "ab"), null_value;
  napi_get_null(env, &null_value);
  keys(env, "all names of string \"ab\"", ab, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "all names of string \"ab\", enumerable", ab, napi_key_own_only, napi_key_enumerable,
       napi_key_numbers_to_strings);
  keys(env, "all names of string \"ab\", writable", ab, napi_key_own_only, napi_key_writable, napi_key_keep_numbers);
  keys(env, "all names of string \"ab\", skip strings", ab, napi_key_own_only, napi_key_skip_strings,
       napi_key_keep_numbers);
  napi_value string_object;
  napi_coerce_to_object(env, ab, &string_object);
  napi_set_named_property(env, string_object, "own", num(env, 1));
  keys(env, "all names of Object(\"ab\") with own", string_object, napi_key_own_only, napi_key_all_properties,
       napi_key_keep_numbers);
  keys(env, "all names of Object(\"ab\"), enumerable", string_object, napi_key_own_only, napi_key_enumerable,
       napi_key_numbers_to_strings);
  OBSF("delete Object(\"ab\").length", napi_delete_property(env, string_object, str(env, "length"), &b), "%d", b);
  OBSF("has_own_property(Object(\"ab\"), \"0\")", napi_has_own_property(env, string_object, str(env, "0"), &b),
       "%d", b);
  OBSV("get_element(Object(\"ab\"), 1)", napi_get_element(env, string_object, 1, &v), v);
  napi_value symbol;
  napi_create_symbol(env, NULL, &symbol);
  keys(env, "all names of symbol", symbol, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "all names of null", null_value, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "all names of undefined, bad mode", undef(env), (napi_key_collection_mode)7, napi_key_all_properties,
       napi_key_keep_numbers);
  keys(env, "all names, bad mode", o, (napi_key_collection_mode)7, napi_key_all_properties, napi_key_keep_numbers);
  keys(env, "all names, bad conversion", o, napi_key_own_only, napi_key_all_properties, (napi_key_conversion)7);
  OBS("all names(NULL result)", napi_get_all_property_names(env, o, napi_key_own_only, napi_key_all_properties,
                                                             napi_key_keep_numbers, NULL));
  OBS("define_properties(on string)", napi_define_properties(env, ab, 1, &redefine));
  OBS("define_properties(on undefined)", napi_define_properties(env, undef(env), 1, &redefine));
  OBS("define_properties(on null, 0 descriptors)", napi_define_properties(env, null_value, 0, NULL));
  OBS("define_properties(on undefined, 1, NULL)", napi_define_properties(env, undef(env), 1, NULL));
  OBS("define_properties(on number, number as name)", napi_define_properties(env, num(env, 1), 1, &number_name));

  /* Attributes as Object.defineProperty gives them (Node's test_properties). */
  napi_value attributed = obj(env);
  napi_property_descriptor read_only = {"read_only", NULL, NULL, NULL, NULL, num(env, 1), napi_enumerable, NULL};
  napi_property_descriptor symbol_named = {NULL, symbol, NULL, NULL, NULL, num(env, 2), napi_default_jsproperty, NULL};
  OBS("define_properties(read_only, symbol)", napi_define_properties(env, attributed, 1, &read_only));
  OBS("define_properties(symbol named)", napi_define_properties(env, attributed, 1, &symbol_named));
  OBS("set read_only=5", napi_set_named_property(env, attributed, "read_only", num(env, 5)));
  OBSV("get read_only", napi_get_named_property(env, attributed, "read_only", &v), v);
  OBSF("delete read_only", napi_delete_property(env, attributed, str(env, "read_only"), &b), "%d", b);
  OBSF("has_own_property(symbol)", napi_has_own_property(env, attributed, symbol, &b), "%d", b);
  OBSV("get_property(symbol)", napi_get_property(env, attributed, symbol, &v), v);
  keys(env, "names with a symbol, all", attributed, napi_key_own_only, napi_key_all_properties,
       napi_key_keep_numbers);
  keys(env, "names with a symbol, skip symbols", attributed, napi_key_own_only, napi_key_skip_symbols,
       napi_key_keep_numbers);
  OBSF("delete symbol", napi_delete_property(env, attributed, symbol, &b), "%d", b);
  OBSF("has_property(symbol) after delete", napi_has_property(env, attributed, symbol, &b), "%d", b);
  napi_throw_error(env, NULL, "pending");
  OBS("define_properties while pending", napi_define_properties(env, attributed, 1, &read_only));
  napi_throw_error(env, NULL, "pending");
  keys(env, "all names while pending", attributed, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers);
}
