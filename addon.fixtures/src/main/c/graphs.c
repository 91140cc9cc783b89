/*
 * Fixture "graphs": values that are not trees. Results with cycles, shared sub-values, a diamond lattice whose
 * paths double at every level, and values past the conversion limits; arguments compared for identity.
 */
#include <stdbool.h>
#include <stdint.h>

#define NAPI_VERSION 9
#include <node_api.h>

#define CALL(env, call)                                     \
  do {                                                      \
    if ((call) != napi_ok) {                                \
      napi_throw_error((env), "E_NAPI", "napi call failed"); \
      return NULL;                                          \
    }                                                       \
  } while (0)

static napi_value object(napi_env env) {
  napi_value o = NULL;
  napi_create_object(env, &o);
  return o;
}

static napi_value int32(napi_env env, int32_t i) {
  napi_value v = NULL;
  napi_create_int32(env, i, &v);
  return v;
}

static uint32_t uint_argument(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint32_t n = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1) {
    napi_get_value_uint32(env, argv[0], &n);
  }
  return n;
}

/* o.a = o.b = o */
static napi_value SelfCycle(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o = object(env);
  CALL(env, napi_set_named_property(env, o, "a", o));
  CALL(env, napi_set_named_property(env, o, "b", o));
  return o;
}

/* {list: [1, {back: list}]}: the cycle starts below the result. */
static napi_value CycleBelow(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value root = object(env);
  napi_value list;
  CALL(env, napi_create_array(env, &list));
  napi_value inner = object(env);
  CALL(env, napi_set_element(env, list, 0, int32(env, 1)));
  CALL(env, napi_set_element(env, list, 1, inner));
  CALL(env, napi_set_named_property(env, inner, "back", list));
  CALL(env, napi_set_named_property(env, root, "list", list));
  return root;
}

/* s = {n: 1}; {x: s, y: s, list: [s, s]} */
static napi_value Shared(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value s = object(env);
  CALL(env, napi_set_named_property(env, s, "n", int32(env, 1)));
  napi_value list;
  CALL(env, napi_create_array(env, &list));
  CALL(env, napi_set_element(env, list, 0, s));
  CALL(env, napi_set_element(env, list, 1, s));
  napi_value root = object(env);
  CALL(env, napi_set_named_property(env, root, "x", s));
  CALL(env, napi_set_named_property(env, root, "y", s));
  CALL(env, napi_set_named_property(env, root, "list", list));
  return root;
}

/* A long string and a Buffer, each referenced three times. */
static napi_value SharedLeaves(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value text;
  CALL(env, napi_create_string_utf8(env, "a string long enough to be sent only once", NAPI_AUTO_LENGTH, &text));
  void* data;
  napi_value bytes;
  CALL(env, napi_create_buffer(env, 3, &data, &bytes));
  ((uint8_t*)data)[0] = 1;
  ((uint8_t*)data)[1] = 2;
  ((uint8_t*)data)[2] = 3;
  napi_value inner = object(env);
  CALL(env, napi_set_named_property(env, inner, "text", text));
  CALL(env, napi_set_named_property(env, inner, "bytes", bytes));
  napi_value list;
  CALL(env, napi_create_array(env, &list));
  CALL(env, napi_set_element(env, list, 0, text));
  CALL(env, napi_set_element(env, list, 1, text));
  CALL(env, napi_set_element(env, list, 2, bytes));
  CALL(env, napi_set_element(env, list, 3, bytes));
  CALL(env, napi_set_element(env, list, 4, inner));
  return list;
}

/* lattice(n): level 0 is {v: 0}; level i+1 is {l: level i, r: level i}. 2^n paths, n + 1 objects. */
static napi_value Lattice(napi_env env, napi_callback_info info) {
  uint32_t depth = uint_argument(env, info);
  napi_value node = object(env);
  CALL(env, napi_set_named_property(env, node, "v", int32(env, 0)));
  for (uint32_t i = 0; i < depth; i++) {
    napi_value up = object(env);
    CALL(env, napi_set_named_property(env, up, "l", node));
    CALL(env, napi_set_named_property(env, up, "r", node));
    node = up;
  }
  return node;
}

/* deep(n): {next: {next: ... {}}}, n levels of next. */
static napi_value Deep(napi_env env, napi_callback_info info) {
  uint32_t depth = uint_argument(env, info);
  napi_value node = object(env);
  for (uint32_t i = 0; i < depth; i++) {
    napi_value up = object(env);
    CALL(env, napi_set_named_property(env, up, "next", node));
    node = up;
  }
  return node;
}

/* wide(n): [0, 1, ..., n-1] */
static napi_value Wide(napi_env env, napi_callback_info info) {
  uint32_t n = uint_argument(env, info);
  napi_value list;
  CALL(env, napi_create_array_with_length(env, n, &list));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    CALL(env, napi_open_handle_scope(env, &scope));
    CALL(env, napi_set_element(env, list, i, int32(env, (int32_t)i)));
    CALL(env, napi_close_handle_scope(env, scope));
  }
  return list;
}

/* same(a, b): a === b, so Java can check that a value passed twice arrives as one napi_value. */
static napi_value Same(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool same = false;
  CALL(env, napi_strict_equals(env, argv[0], argv[1], &same));
  napi_value result;
  CALL(env, napi_get_boolean(env, same, &result));
  return result;
}

static napi_value Echo(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  return argv[0];
}

NAPI_MODULE_INIT(/* env, exports */) {
  napi_value cyclic = object(env);
  if (cyclic == NULL || napi_set_named_property(env, cyclic, "self", cyclic) != napi_ok) {
    return NULL;
  }
  napi_property_descriptor props[] = {
      {"selfCycle", NULL, SelfCycle, NULL, NULL, NULL, napi_default, NULL},
      {"cycleBelow", NULL, CycleBelow, NULL, NULL, NULL, napi_default, NULL},
      {"shared", NULL, Shared, NULL, NULL, NULL, napi_default, NULL},
      {"sharedLeaves", NULL, SharedLeaves, NULL, NULL, NULL, napi_default, NULL},
      {"lattice", NULL, Lattice, NULL, NULL, NULL, napi_default, NULL},
      {"deep", NULL, Deep, NULL, NULL, NULL, napi_default, NULL},
      {"wide", NULL, Wide, NULL, NULL, NULL, napi_default, NULL},
      {"same", NULL, Same, NULL, NULL, NULL, napi_default, NULL},
      {"echo", NULL, Echo, NULL, NULL, NULL, napi_default, NULL},
      {"cyclic", NULL, NULL, NULL, NULL, cyclic, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) {
    return NULL;
  }
  return exports;
}
