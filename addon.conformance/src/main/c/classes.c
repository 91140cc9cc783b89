/* Area "classes and wrap": napi_define_class with instance and static members, napi_new_instance, new.target,
   napi_wrap / napi_unwrap / napi_remove_wrap on plain objects. */
#include "conformance.h"

static int native_point;

static napi_value PointCtor(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, self, target;
  napi_get_cb_info(env, info, &argc, &arg, &self, NULL);
  napi_status s = napi_get_new_target(env, info, &target);
  line("  constructor: argc %zu, new_target %s %s", argc, status_name(s), target == NULL ? "NULL" : "set");
  napi_set_named_property(env, self, "x", arg);
  napi_wrap(env, self, &native_point, NULL, NULL, NULL);
  return self;
}

static napi_value Norm(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  void* data = NULL;
  napi_status s = napi_unwrap(env, self, &data);
  line("  norm: unwrap %s, native %d", status_name(s), data == &native_point);
  return num(env, 5);
}

static napi_value Origin(napi_env env, napi_callback_info info) {
  (void)info;
  return str(env, "static origin");
}

static void observe(napi_env env) {
  napi_value cls = NULL, instance = NULL, v;
  napi_property_descriptor members[] = {
      {"norm", NULL, Norm, NULL, NULL, NULL, napi_default_method, NULL},
      {"origin", NULL, Origin, NULL, NULL, NULL, napi_static, NULL},
      {"unit", NULL, NULL, NULL, NULL, num(env, 1), napi_static, NULL},
  };
  OBSV("define_class(Point)", napi_define_class(env, "Point", NAPI_AUTO_LENGTH, PointCtor, NULL, 3, members, &cls),
       cls);
  napi_value args[1] = {num(env, 3)};
  OBSV("new_instance(Point, 3)", napi_new_instance(env, cls, 1, args, &instance), instance);
  bool b;
  OBSF("instanceof(instance, Point)", napi_instanceof(env, instance == NULL ? obj(env) : instance, cls, &b), "%d", b);
  if (instance != NULL) {
    OBSV("instance.x", napi_get_named_property(env, instance, "x", &v), v);
    napi_value norm, result;
    OBSV("instance.norm", napi_get_named_property(env, instance, "norm", &norm), norm);
    OBSV("call instance.norm()", napi_call_function(env, instance, norm, 0, NULL, &result), result);
  }
  if (cls != NULL) {
    OBSV("Point.unit", napi_get_named_property(env, cls, "unit", &v), v);
    OBSV("Point.name", napi_get_named_property(env, cls, "name", &v), v);
    napi_value origin, result;
    napi_get_named_property(env, cls, "origin", &origin);
    OBSV("call Point.origin()", napi_call_function(env, cls, origin, 0, NULL, &result), result);
  }
  OBS("define_class(NULL constructor)", napi_define_class(env, "X", NAPI_AUTO_LENGTH, NULL, NULL, 0, NULL, &cls));
  OBS("define_class(NULL name)", napi_define_class(env, NULL, 0, PointCtor, NULL, 0, NULL, &cls));
  OBS("define_class(1 property, NULL array)", napi_define_class(env, "X", 1, PointCtor, NULL, 1, NULL, &cls));
  OBSV("new_instance(not a function)", napi_new_instance(env, obj(env), 0, NULL, &v), v);

  /* Wrapping a plain object. */
  static int a, c;
  napi_value o = obj(env);
  void* data = NULL;
  napi_ref ref = NULL;
  OBS("wrap(object, a)", napi_wrap(env, o, &a, NULL, NULL, NULL));
  OBSF("unwrap", napi_unwrap(env, o, &data), "%s", data == &a ? "a" : "other");
  OBS("wrap again", napi_wrap(env, o, &c, NULL, NULL, NULL));
  OBSF("remove_wrap", napi_remove_wrap(env, o, &data), "%s", data == &a ? "a" : "other");
  OBS("unwrap after remove", napi_unwrap(env, o, &data));
  OBS("remove_wrap again", napi_remove_wrap(env, o, &data));
  OBS("wrap with a reference", napi_wrap(env, o, &c, NULL, NULL, &ref));
  uint32_t count = 99;
  if (ref != NULL) {
    OBSF("  reference_ref(wrap ref)", napi_reference_ref(env, ref, &count), "count %u", count);
    napi_value back;
    OBSF("  get_reference_value(wrap ref) is the object", napi_get_reference_value(env, ref, &back), "%d",
         napi_strict_equals(env, back, o, &b) == napi_ok && b);
    napi_reference_unref(env, ref, &count);
    napi_delete_reference(env, ref);
  }
  OBS("wrap(number)", napi_wrap(env, num(env, 1), &a, NULL, NULL, NULL));
  OBS("wrap(string)", napi_wrap(env, str(env, "s"), &a, NULL, NULL, NULL));
  OBS("unwrap(never wrapped)", napi_unwrap(env, obj(env), &data));
  OBS("unwrap(number)", napi_unwrap(env, num(env, 1), &data));
  OBS("wrap(NULL result ok, NULL object)", napi_wrap(env, NULL, &a, NULL, NULL, NULL));
  OBS("unwrap(NULL result)", napi_unwrap(env, o, NULL));
  napi_value fn;
  napi_create_function(env, "f", NAPI_AUTO_LENGTH, Origin, NULL, &fn);
  OBS("wrap(function)", napi_wrap(env, fn, &a, NULL, NULL, NULL));
  OBSF("unwrap(function)", napi_unwrap(env, fn, &data), "%s", data == &a ? "a" : "other");
}
