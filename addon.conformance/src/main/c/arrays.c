/* Area "arrays": creation, length, elements, holes, deletion and the array checks. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_value a, v;
  uint32_t length;
  bool b;
  OBSV("create_array", napi_create_array(env, &a), a);
  OBSF("get_array_length(empty)", napi_get_array_length(env, a, &length), "%u", length);
  OBS("set_element(0)", napi_set_element(env, a, 0, str(env, "zero")));
  OBS("set_element(10)", napi_set_element(env, a, 10, num(env, 10)));
  OBSF("get_array_length after set_element(10)", napi_get_array_length(env, a, &length), "%u", length);
  OBSV("get_element(0)", napi_get_element(env, a, 0, &v), v);
  OBSV("get_element(5) hole", napi_get_element(env, a, 5, &v), v);
  OBSV("get_element(100) beyond", napi_get_element(env, a, 100, &v), v);
  OBSF("has_element(0)", napi_has_element(env, a, 0, &b), "%d", b);
  OBSF("has_element(5) hole", napi_has_element(env, a, 5, &b), "%d", b);
  OBSF("delete_element(0)", napi_delete_element(env, a, 0, &b), "%d", b);
  OBSF("delete_element(0) again", napi_delete_element(env, a, 0, &b), "%d", b);
  OBS("delete_element(NULL result)", napi_delete_element(env, a, 10, NULL));
  OBSF("has_element(0) after delete", napi_has_element(env, a, 0, &b), "%d", b);
  OBSF("get_array_length after deletes", napi_get_array_length(env, a, &length), "%u", length);
  OBSF("is_array(array)", napi_is_array(env, a, &b), "%d", b);
  OBSF("is_array(object)", napi_is_array(env, obj(env), &b), "%d", b);
  OBSF("is_array(string)", napi_is_array(env, str(env, "abc"), &b), "%d", b);
  OBS("is_array(NULL value)", napi_is_array(env, NULL, &b));
  OBS("is_array(NULL result)", napi_is_array(env, a, NULL));

  OBSV("create_array_with_length(5)", napi_create_array_with_length(env, 5, &a), a);
  OBSF("has_element(2) of new length-5 array", napi_has_element(env, a, 2, &b), "%d", b);
  OBSV("get_element(2) of new length-5 array", napi_get_element(env, a, 2, &v), v);
  OBSV("create_array_with_length(0)", napi_create_array_with_length(env, 0, &a), a);
  OBS("create_array_with_length(NULL result)", napi_create_array_with_length(env, 1, NULL));
  OBS("create_array(NULL result)", napi_create_array(env, NULL));

  napi_value o = obj(env);
  OBSF("get_array_length(object)", napi_get_array_length(env, o, &length), "%u", length);
  OBSF("get_array_length(string)", napi_get_array_length(env, str(env, "abc"), &length), "%u", length);
  OBS("set_element(object, 2)", napi_set_element(env, o, 2, num(env, 2)));
  OBSV("get_named_property(object, \"2\")", napi_get_named_property(env, o, "2", &v), v);
  OBSF("has_element(object, 2)", napi_has_element(env, o, 2, &b), "%d", b);
  OBSV("get_element(undefined, 0)", napi_get_element(env, undef(env), 0, &v), v);
  OBS("set_element(undefined, 0)", napi_set_element(env, undef(env), 0, v));
  OBSV("get_element(string \"abc\", 1)", napi_get_element(env, str(env, "abc"), 1, &v), v);
  OBS("set_element(NULL value)", napi_set_element(env, o, 0, NULL));
  OBSV("get_element(UINT32_MAX)", napi_get_element(env, o, UINT32_MAX, &v), v);
  OBS("set_element(array, UINT32_MAX)", napi_set_element(env, a, UINT32_MAX, num(env, 1)));
  OBSF("get_array_length after set_element(UINT32_MAX)", napi_get_array_length(env, a, &length), "%u", length);

  napi_value names;
  napi_value arr;
  napi_create_array(env, &arr);
  napi_set_element(env, arr, 0, num(env, 1));
  napi_set_element(env, arr, 1, num(env, 2));
  napi_set_named_property(env, arr, "extra", num(env, 3));
  OBSV("get_property_names(array with extra)", napi_get_property_names(env, arr, &names), names);
  for (uint32_t i = 0; i < 3; i++) {
    char label[64];
    snprintf(label, sizeof(label), "array property name %u", i);
    OBSV(label, napi_get_element(env, names, i, &v), v);
  }

  /* undefined as receiver, the value given: ToObject's TypeError (the value's NULL check comes first, above). */
  OBS("set_element(undefined, 0, number)", napi_set_element(env, undef(env), 0, num(env, 1)));
  OBSF("has_element(undefined, 0)", napi_has_element(env, undef(env), 0, &b), "%d", b);
  OBSF("delete_element(undefined, 0)", napi_delete_element(env, undef(env), 0, &b), "%d", b);
  OBS("has_element(NULL result)", napi_has_element(env, arr, 0, NULL));
  OBS("get_element(NULL result)", napi_get_element(env, arr, 0, NULL));
  OBS("delete_element(NULL result)", napi_delete_element(env, arr, 5, NULL));
  /* 2^32-1 is no array index: a plain property, which the length does not count. */
  napi_value big;
  napi_create_array(env, &big);
  OBS("set_element(new array, UINT32_MAX)", napi_set_element(env, big, UINT32_MAX, num(env, 7)));
  OBSV("get_element(new array, UINT32_MAX)", napi_get_element(env, big, UINT32_MAX, &v), v);
  OBSF("has_element(new array, UINT32_MAX)", napi_has_element(env, big, UINT32_MAX, &b), "%d", b);
  OBSF("get_array_length(new array)", napi_get_array_length(env, big, &length), "%u", length);
  OBSV("get_property_names(new array)", napi_get_property_names(env, big, &names), names);
  OBSV("  its name 0", napi_get_element(env, names, 0, &v), v);
  OBSF("delete_element(new array, UINT32_MAX)", napi_delete_element(env, big, UINT32_MAX, &b), "%d", b);
  OBSF("has_element after delete", napi_has_element(env, big, UINT32_MAX, &b), "%d", b);
  /* A string's characters are its wrapper's elements: read-only, not configurable. */
  OBSF("has_element(string \"ab\", 1)", napi_has_element(env, str(env, "ab"), 1, &b), "%d", b);
  OBSF("delete_element(string \"ab\", 0)", napi_delete_element(env, str(env, "ab"), 0, &b), "%d", b);
  OBSF("delete_element(string \"ab\", 5)", napi_delete_element(env, str(env, "ab"), 5, &b), "%d", b);
}
