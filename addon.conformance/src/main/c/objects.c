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
}
