/* Area "references and finalizers": reference counts, values through references, deletion, wrong arguments.
   Finalizers that only garbage collection would run are not observable in both runtimes and are left out. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_ref ref = NULL, weak = NULL;
  napi_value o = obj(env), v;
  uint32_t count = 99;
  napi_set_named_property(env, o, "tag", str(env, "referenced"));
  OBS("create_reference(object, 1)", napi_create_reference(env, o, 1, &ref));
  OBSV("get_reference_value", napi_get_reference_value(env, ref, &v), v);
  napi_value tag;
  napi_get_named_property(env, v, "tag", &tag);
  line("  value's tag: %s", show(env, tag));
  OBSF("reference_ref", napi_reference_ref(env, ref, &count), "count %u", count);
  OBSF("reference_ref", napi_reference_ref(env, ref, &count), "count %u", count);
  OBSF("reference_unref", napi_reference_unref(env, ref, &count), "count %u", count);
  OBSF("reference_unref", napi_reference_unref(env, ref, &count), "count %u", count);
  OBSF("reference_unref", napi_reference_unref(env, ref, &count), "count %u", count);
  OBSF("reference_unref at 0", napi_reference_unref(env, ref, &count), "count %u", count);
  OBSV("get_reference_value of a weak reference to a live object", napi_get_reference_value(env, ref, &v), v);
  OBS("reference_ref(NULL result)", napi_reference_ref(env, ref, NULL));
  OBS("reference_unref(NULL result)", napi_reference_unref(env, ref, NULL));
  OBS("delete_reference", napi_delete_reference(env, ref));

  OBS("create_reference(object, 0)", napi_create_reference(env, o, 0, &weak));
  OBSV("get_reference_value(weak)", napi_get_reference_value(env, weak, &v), v);
  OBSF("reference_ref(weak)", napi_reference_ref(env, weak, &count), "count %u", count);
  OBS("delete_reference(weak)", napi_delete_reference(env, weak));

  napi_value fn;
  napi_get_global(env, &fn);
  napi_get_named_property(env, fn, "Object", &fn);
  napi_ref r = NULL;
  OBS("create_reference(number)", napi_create_reference(env, num(env, 1), 1, &r));
  if (r != NULL) {
    OBSV("  get_reference_value(number ref)", napi_get_reference_value(env, r, &v), v);
    napi_delete_reference(env, r);
    r = NULL;
  }
  OBS("create_reference(string)", napi_create_reference(env, str(env, "s"), 1, &r));
  if (r != NULL) {
    napi_delete_reference(env, r);
    r = NULL;
  }
  OBS("create_reference(undefined)", napi_create_reference(env, undef(env), 1, &r));
  if (r != NULL) {
    napi_delete_reference(env, r);
    r = NULL;
  }
  napi_value ext;
  static int target;
  napi_create_external(env, &target, NULL, NULL, &ext);
  OBS("create_reference(external)", napi_create_reference(env, ext, 1, &r));
  if (r != NULL) {
    OBSV("  get_reference_value(external ref)", napi_get_reference_value(env, r, &v), v);
    napi_delete_reference(env, r);
    r = NULL;
  }
  napi_value array;
  napi_create_array(env, &array);
  OBS("create_reference(array, 2)", napi_create_reference(env, array, 2, &r));
  OBSF("reference_unref(array ref)", napi_reference_unref(env, r, &count), "count %u", count);
  OBS("delete_reference(array ref with count 1)", napi_delete_reference(env, r));

  OBS("create_reference(NULL value)", napi_create_reference(env, NULL, 1, &r));
  OBS("create_reference(NULL result)", napi_create_reference(env, o, 1, NULL));
  OBS("get_reference_value(NULL ref)", napi_get_reference_value(env, NULL, &v));
  OBS("delete_reference(NULL ref)", napi_delete_reference(env, NULL));
  OBS("reference_ref(NULL ref)", napi_reference_ref(env, NULL, &count));

  /* Finalizer registration (runs at GC or teardown, not observed here). */
  OBS("add_finalizer(object)", napi_add_finalizer(env, obj(env), NULL, NULL, NULL, NULL));
  static int finalized;
  OBS("add_finalizer(NULL callback)", napi_add_finalizer(env, obj(env), &finalized, NULL, NULL, NULL));
  OBS("add_finalizer(number)", napi_add_finalizer(env, num(env, 1), NULL, NULL, NULL, NULL));
}
