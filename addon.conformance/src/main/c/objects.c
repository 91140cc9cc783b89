/* Area "objects": object creation, named and keyed properties, has/delete, instanceof, the global object. */
#include "conformance.h"

static napi_value Constructor(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  return self;
}

static void observe(napi_env env) {
  napi_value o, v, keys;
  bool b;
  OBSV("create_object", napi_create_object(env, &o), o);
  OBS("create_object(NULL result)", napi_create_object(env, NULL));
  OBS("set_named_property(a=1)", napi_set_named_property(env, o, "a", num(env, 1)));
  OBSV("get_named_property(a)", napi_get_named_property(env, o, "a", &v), v);
  OBSV("get_named_property(missing)", napi_get_named_property(env, o, "missing", &v), v);
  OBSF("has_named_property(a)", napi_has_named_property(env, o, "a", &b), "%d", b);
  OBSF("has_named_property(missing)", napi_has_named_property(env, o, "missing", &b), "%d", b);
  OBSF("has_named_property(toString)", napi_has_named_property(env, o, "toString", &b), "%d", b);
  OBS("set_property(\"b\"=\"two\")", napi_set_property(env, o, str(env, "b"), str(env, "two")));
  OBS("set_property(3=true)", napi_set_property(env, o, num(env, 3), num(env, 33)));
  OBSV("get_property(\"3\")", napi_get_property(env, o, str(env, "3"), &v), v);
  OBSV("get_property(1.5 missing)", napi_get_property(env, o, num(env, 1.5), &v), v);
  OBSF("has_property(\"b\")", napi_has_property(env, o, str(env, "b"), &b), "%d", b);
  OBSF("has_property(\"toString\")", napi_has_property(env, o, str(env, "toString"), &b), "%d", b);
  OBSF("has_own_property(\"toString\")", napi_has_own_property(env, o, str(env, "toString"), &b), "%d", b);
  OBSF("has_own_property(\"b\")", napi_has_own_property(env, o, str(env, "b"), &b), "%d", b);
  OBSF("has_own_property(number 3)", napi_has_own_property(env, o, num(env, 3), &b), "%d", b);
  OBSV("get_property_names", napi_get_property_names(env, o, &keys), keys);
  for (uint32_t i = 0; i < 4; i++) {
    char label[64];
    snprintf(label, sizeof(label), "property name %u", i);
    OBSV(label, napi_get_element(env, keys, i, &v), v);
  }
  OBSF("delete_property(\"a\")", napi_delete_property(env, o, str(env, "a"), &b), "%d", b);
  OBSF("delete_property(\"a\") again", napi_delete_property(env, o, str(env, "a"), &b), "%d", b);
  OBS("delete_property(NULL result)", napi_delete_property(env, o, str(env, "b"), NULL));
  OBSF("has_named_property(b) after delete", napi_has_named_property(env, o, "b", &b), "%d", b);

  /* Wrong receivers and keys. */
  napi_value n = num(env, 7), u = undef(env), nul;
  napi_get_null(env, &nul);
  OBSV("get_named_property(number, toFixed)", napi_get_named_property(env, n, "toFixed", &v), v);
  OBSV("get_named_property(string, length)", napi_get_named_property(env, str(env, "abc"), "length", &v), v);
  OBSV("get_named_property(undefined, x)", napi_get_named_property(env, u, "x", &v), v);
  OBSV("get_property(null, x)", napi_get_property(env, nul, str(env, "x"), &v), v);
  OBS("set_named_property(undefined, x)", napi_set_named_property(env, u, "x", n));
  OBS("set_named_property(number, x)", napi_set_named_property(env, n, "x", n));
  OBSF("has_named_property(undefined, x)", napi_has_named_property(env, u, "x", &b), "%d", b);
  OBSF("has_property(number, \"x\")", napi_has_property(env, n, str(env, "x"), &b), "%d", b);
  OBSF("has_own_property(o, object key)", napi_has_own_property(env, o, obj(env), &b), "%d", b);
  OBSF("delete_property(undefined, x)", napi_delete_property(env, u, str(env, "x"), &b), "%d", b);
  OBSV("get_property_names(number)", napi_get_property_names(env, n, &v), v);
  OBSV("get_property_names(undefined)", napi_get_property_names(env, u, &v), v);
  OBS("set_named_property(NULL name)", napi_set_named_property(env, o, NULL, n));
  OBS("set_named_property(NULL value)", napi_set_named_property(env, o, "x", NULL));
  OBS("set_property(NULL key)", napi_set_property(env, o, NULL, n));
  OBS("get_named_property(NULL object)", napi_get_named_property(env, NULL, "x", &v));
  OBS("get_named_property(NULL result)", napi_get_named_property(env, o, "x", NULL));

  /* Object keys with a property named by an object: ToPropertyKey gives "[object Object]". */
  OBS("set_property(object key)", napi_set_property(env, o, obj(env), num(env, 9)));
  OBSV("get_named_property([object Object])", napi_get_named_property(env, o, "[object Object]", &v), v);

  /* instanceof, with a constructor made in C and with the global Object. */
  napi_value ctor, global, object_ctor, instance;
  OBSV("create_function(Constructor)", napi_create_function(env, "Ctor", NAPI_AUTO_LENGTH, Constructor, NULL, &ctor),
       ctor);
  napi_get_global(env, &global);
  OBSV("global.Object", napi_get_named_property(env, global, "Object", &object_ctor), object_ctor);
  OBSF("instanceof(o, Object)", napi_instanceof(env, o, object_ctor, &b), "%d", b);
  OBSF("instanceof(o, Ctor)", napi_instanceof(env, o, ctor, &b), "%d", b);
  OBSF("instanceof(number, Object)", napi_instanceof(env, n, object_ctor, &b), "%d", b);
  OBSF("instanceof(o, not a function)", napi_instanceof(env, o, o, &b), "%d", b);
  OBSV("new_instance(Ctor)", napi_new_instance(env, ctor, 0, NULL, &instance), instance);
  OBSV("get_prototype(o)", napi_get_prototype(env, o, &v), v);
  OBS("object_freeze(o)", napi_object_freeze(env, o));
  OBS("set_named_property(frozen, z)", napi_set_named_property(env, o, "z", n));
  OBSF("has_named_property(frozen, z)", napi_has_named_property(env, o, "z", &b), "%d", b);
  napi_value sealed = obj(env);
  napi_set_named_property(env, sealed, "k", n);
  OBS("object_seal", napi_object_seal(env, sealed));
  OBSF("delete_property(sealed, k)", napi_delete_property(env, sealed, str(env, "k"), &b), "%d", b);
  OBS("object_freeze(number)", napi_object_freeze(env, n));
  static const napi_type_tag tag = {0x1234, 0x5678};
  static const napi_type_tag other = {0x1234, 0x5679};
  napi_value tagged = obj(env);
  OBS("type_tag_object", napi_type_tag_object(env, tagged, &tag));
  OBS("type_tag_object again", napi_type_tag_object(env, tagged, &tag));
  OBSF("check_object_type_tag(same)", napi_check_object_type_tag(env, tagged, &tag, &b), "%d", b);
  OBSF("check_object_type_tag(other)", napi_check_object_type_tag(env, tagged, &other, &b), "%d", b);
  OBSF("check_object_type_tag(untagged)", napi_check_object_type_tag(env, obj(env), &tag, &b), "%d", b);

  /* ToPropertyKey of keys that are no names: booleans, null, undefined, numbers, BigInts, wrappers, objects. */
  napi_value keyed = obj(env), key;
  napi_get_boolean(env, true, &key);
  OBS("set_property(key true)", napi_set_property(env, keyed, key, num(env, 1)));
  OBSV("  get_named_property(\"true\")", napi_get_named_property(env, keyed, "true", &v), v);
  napi_get_null(env, &key);
  OBS("set_property(key null)", napi_set_property(env, keyed, key, num(env, 2)));
  OBSV("  get_named_property(\"null\")", napi_get_named_property(env, keyed, "null", &v), v);
  OBS("set_property(key undefined)", napi_set_property(env, keyed, undef(env), num(env, 3)));
  OBSV("  get_named_property(\"undefined\")", napi_get_named_property(env, keyed, "undefined", &v), v);
  OBS("set_property(key 1.5)", napi_set_property(env, keyed, num(env, 1.5), num(env, 4)));
  OBSV("  get_named_property(\"1.5\")", napi_get_named_property(env, keyed, "1.5", &v), v);
  OBS("set_property(key -0)", napi_set_property(env, keyed, num(env, -0.0), num(env, 5)));
  OBSV("  get_named_property(\"0\")", napi_get_named_property(env, keyed, "0", &v), v);
  napi_create_bigint_int64(env, 12, &key);
  OBS("set_property(key 12n)", napi_set_property(env, keyed, key, num(env, 6)));
  OBSV("  get_named_property(\"12\")", napi_get_named_property(env, keyed, "12", &v), v);
  napi_coerce_to_object(env, str(env, "boxed"), &key);
  OBS("set_property(key Object(\"boxed\"))", napi_set_property(env, keyed, key, num(env, 7)));
  OBSV("  get_named_property(\"boxed\")", napi_get_named_property(env, keyed, "boxed", &v), v);
  napi_value array_key;
  napi_create_array(env, &array_key);
  napi_set_element(env, array_key, 0, num(env, 1));
  napi_set_element(env, array_key, 1, str(env, "b"));
  OBS("set_property(key [1, \"b\"])", napi_set_property(env, keyed, array_key, num(env, 8)));
  OBSV("  get_named_property(\"1,b\")", napi_get_named_property(env, keyed, "1,b", &v), v);
  OBSF("has_property(key false)", napi_has_property(env, keyed, (napi_get_boolean(env, false, &key), key), &b), "%d",
       b);
  OBSF("has_property(key object)", napi_has_property(env, keyed, obj(env), &b), "%d", b);
  OBSF("delete_property(key true)", napi_delete_property(env, keyed, (napi_get_boolean(env, true, &key), key), &b),
       "%d", b);
  OBSF("  has_named_property(\"true\") after", napi_has_named_property(env, keyed, "true", &b), "%d", b);
  OBSF("has_own_property(key number)", napi_has_own_property(env, keyed, num(env, 12), &b), "%d", b);
  OBSF("has_own_property(key object)", napi_has_own_property(env, keyed, obj(env), &b), "%d", b);
  napi_create_external(env, NULL, NULL, NULL, &key);
  OBSV("get_property(key external)", napi_get_property(env, keyed, key, &v), v);

  /* Primitive receivers of the other functions: ToObject's wrapper, whose own keys are a string's characters. */
  OBSF("has_own_property(string \"ab\", \"length\")",
       napi_has_own_property(env, str(env, "ab"), str(env, "length"), &b), "%d", b);
  OBSF("has_own_property(string \"ab\", \"1\")", napi_has_own_property(env, str(env, "ab"), str(env, "1"), &b),
       "%d", b);
  OBSF("has_own_property(number, \"x\")", napi_has_own_property(env, n, str(env, "x"), &b), "%d", b);
  OBSF("delete_property(string \"ab\", \"length\")",
       napi_delete_property(env, str(env, "ab"), str(env, "length"), &b), "%d", b);
  OBSF("delete_property(number, \"x\")", napi_delete_property(env, n, str(env, "x"), &b), "%d", b);
  OBSF("has_own_property(undefined, \"x\")", napi_has_own_property(env, undef(env), str(env, "x"), &b), "%d", b);
  napi_value null_value;
  napi_get_null(env, &null_value);
  OBSF("has_property(null, \"x\")", napi_has_property(env, null_value, str(env, "x"), &b), "%d", b);
  OBSV("get_property_names(null)", napi_get_property_names(env, null_value, &v), v);
  napi_value string_keys;
  OBSV("get_property_names(string \"ab\")", napi_get_property_names(env, str(env, "ab"), &string_keys), string_keys);
  OBSV("  its name 1", napi_get_element(env, string_keys, 1, &v), v);

  /* NULL arguments come before the receiver's conversion (Node's test_object NULL cases). */
  OBS("set_property(undefined, NULL key)", napi_set_property(env, undef(env), NULL, n));
  OBS("set_property(undefined, NULL value)", napi_set_property(env, undef(env), str(env, "x"), NULL));
  OBS("get_property(undefined, NULL result)", napi_get_property(env, undef(env), str(env, "x"), NULL));
  OBS("has_property(undefined, NULL key)", napi_has_property(env, undef(env), NULL, &b));
  OBS("has_own_property(NULL object)", napi_has_own_property(env, NULL, str(env, "x"), &b));
  OBS("has_own_property(NULL key)", napi_has_own_property(env, o, NULL, &b));
  OBS("has_own_property(NULL result)", napi_has_own_property(env, o, str(env, "x"), NULL));
  OBS("delete_property(undefined, NULL key)", napi_delete_property(env, undef(env), NULL, &b));
  OBS("delete_property(NULL object)", napi_delete_property(env, NULL, str(env, "x"), &b));
  OBS("has_named_property(undefined, NULL name)", napi_has_named_property(env, undef(env), NULL, &b));
  OBS("set_named_property(undefined, NULL name)", napi_set_named_property(env, undef(env), NULL, n));
  OBS("get_named_property(undefined, NULL name)", napi_get_named_property(env, undef(env), NULL, &v));
  OBS("get_property_names(NULL object)", napi_get_property_names(env, NULL, &v));
  OBS("get_property_names(NULL result)", napi_get_property_names(env, o, NULL));

  /* While an exception is pending, every function that could run JavaScript refuses. */
  napi_throw_error(env, NULL, "pending");
  OBS("set_property while pending", napi_set_property(env, keyed, str(env, "p"), n));
  napi_throw_error(env, NULL, "pending");
  OBSV("get_property while pending", napi_get_property(env, keyed, str(env, "p"), &v), v);
  napi_throw_error(env, NULL, "pending");
  OBSF("has_own_property while pending", napi_has_own_property(env, keyed, str(env, "p"), &b), "%d", b);
  napi_throw_error(env, NULL, "pending");
  OBSF("delete_property while pending", napi_delete_property(env, keyed, str(env, "p"), &b), "%d", b);
  napi_throw_error(env, NULL, "pending");
  OBSV("get_property_names while pending", napi_get_property_names(env, keyed, &v), v);
  napi_throw_error(env, NULL, "pending");
  OBSV("get_prototype while pending", napi_get_prototype(env, keyed, &v), v);
  napi_throw_error(env, NULL, "pending");
  OBS("object_freeze while pending", napi_object_freeze(env, keyed));
}
