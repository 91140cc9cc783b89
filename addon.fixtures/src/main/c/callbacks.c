/*
 * Fixture "callbacks": an addon that takes functions and calls them, as addons do with callbacks. From Java the
 * functions are JavaFunctions (docs/callbacks.md); the same calls run under Node with JavaScript functions
 * (addon.impl/src/test/node/callbacks.js), which is how the expected behaviour was checked.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define NAPI_VERSION 9
#include <node_api.h>

#define MAX_ARGS 8

#define CALL(env, call)                                     \
  do {                                                      \
    if ((call) != napi_ok) {                                \
      napi_throw_error((env), "E_NAPI", "napi call failed"); \
      return NULL;                                          \
    }                                                       \
  } while (0)

/* A call whose failure is an exception the callee left pending: returning NULL passes it on to our caller. */
#define PASS_ON(call)       \
  do {                      \
    if ((call) != napi_ok) { \
      return NULL;          \
    }                       \
  } while (0)

typedef struct state {
  napi_ref stored; /* store(cb): one strong reference, or NULL */
} state;

static state* state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

typedef struct args {
  size_t argc;
  napi_value argv[MAX_ARGS];
  napi_value this_arg;
} args;

static bool get_args(napi_env env, napi_callback_info info, args* a) {
  a->argc = MAX_ARGS;
  return napi_get_cb_info(env, info, &a->argc, a->argv, &a->this_arg, NULL) == napi_ok;
}

static napi_value undefined(napi_env env) {
  napi_value u = NULL;
  napi_get_undefined(env, &u);
  return u;
}

/* forEach(array, cb): cb(element, index) for each element, each call in its own handle scope. */
static napi_value ForEach(napi_env env, napi_callback_info info) {
  args a;
  uint32_t length = 0;
  if (!get_args(env, info, &a) || a.argc < 2 || napi_get_array_length(env, a.argv[0], &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "forEach(array, cb)");
    return NULL;
  }
  for (uint32_t i = 0; i < length; i++) {
    napi_handle_scope scope;
    CALL(env, napi_open_handle_scope(env, &scope));
    napi_value call_args[2];
    CALL(env, napi_get_element(env, a.argv[0], i, &call_args[0]));
    CALL(env, napi_create_uint32(env, i, &call_args[1]));
    napi_status s = napi_call_function(env, undefined(env), a.argv[1], 2, call_args, NULL);
    napi_close_handle_scope(env, scope);
    PASS_ON(s);
  }
  return NULL;
}

/* callWith(cb, ...args): cb(...args) with this undefined; its result. */
static napi_value CallWith(napi_env env, napi_callback_info info) {
  args a;
  if (!get_args(env, info, &a) || a.argc < 1) {
    napi_throw_type_error(env, NULL, "callWith(cb, ...args)");
    return NULL;
  }
  napi_value result;
  PASS_ON(napi_call_function(env, undefined(env), a.argv[0], a.argc - 1, a.argv + 1, &result));
  return result;
}

/* callOn(recv, cb, ...args): cb(...args) with this recv. */
static napi_value CallOn(napi_env env, napi_callback_info info) {
  args a;
  if (!get_args(env, info, &a) || a.argc < 2) {
    napi_throw_type_error(env, NULL, "callOn(recv, cb, ...args)");
    return NULL;
  }
  napi_value result;
  PASS_ON(napi_call_function(env, a.argv[0], a.argv[1], a.argc - 2, a.argv + 2, &result));
  return result;
}

/* callMember(object, key, ...args): object[key](...args), this being the object. */
static napi_value CallMember(napi_env env, napi_callback_info info) {
  args a;
  if (!get_args(env, info, &a) || a.argc < 2) {
    napi_throw_type_error(env, NULL, "callMember(object, key, ...args)");
    return NULL;
  }
  napi_value f, result;
  CALL(env, napi_get_property(env, a.argv[0], a.argv[1], &f));
  PASS_ON(napi_call_function(env, a.argv[0], f, a.argc - 2, a.argv + 2, &result));
  return result;
}

/* callTwice(cb, arg): [cb(arg), cb(arg)]. */
static napi_value CallTwice(napi_env env, napi_callback_info info) {
  args a;
  if (!get_args(env, info, &a) || a.argc < 2) {
    napi_throw_type_error(env, NULL, "callTwice(cb, arg)");
    return NULL;
  }
  napi_value results, r;
  CALL(env, napi_create_array(env, &results));
  for (uint32_t i = 0; i < 2; i++) {
    PASS_ON(napi_call_function(env, undefined(env), a.argv[0], 1, a.argv + 1, &r));
    CALL(env, napi_set_element(env, results, i, r));
  }
  return results;
}

/* catchFrom(cb, ...args): {caught: false, result} or {caught: true, error, status} when cb threw. */
static napi_value CatchFrom(napi_env env, napi_callback_info info) {
  args a;
  if (!get_args(env, info, &a) || a.argc < 1) {
    napi_throw_type_error(env, NULL, "catchFrom(cb, ...args)");
    return NULL;
  }
  napi_value result, answer, flag, error = NULL;
  napi_status s = napi_call_function(env, undefined(env), a.argv[0], a.argc - 1, a.argv + 1, &result);
  bool pending = false;
  CALL(env, napi_is_exception_pending(env, &pending));
  if (pending) { /* first: napi_set_named_property refuses to run while an exception is pending, as in Node */
    CALL(env, napi_get_and_clear_last_exception(env, &error));
  }
  CALL(env, napi_create_object(env, &answer));
  CALL(env, napi_get_boolean(env, pending, &flag));
  CALL(env, napi_set_named_property(env, answer, "caught", flag));
  if (pending) {
    napi_value status;
    CALL(env, napi_set_named_property(env, answer, "error", error));
    CALL(env, napi_create_int32(env, (int32_t)s, &status));
    CALL(env, napi_set_named_property(env, answer, "status", status));
  } else {
    CALL(env, napi_set_named_property(env, answer, "result", result));
  }
  return answer;
}

/* store(cb): keeps cb (one strong reference) until drop() or another store(). */
static napi_value Store(napi_env env, napi_callback_info info) {
  args a;
  state* st = state_of(env);
  if (!get_args(env, info, &a) || a.argc < 1 || st == NULL) {
    napi_throw_type_error(env, NULL, "store(cb)");
    return NULL;
  }
  if (st->stored != NULL) {
    CALL(env, napi_delete_reference(env, st->stored));
    st->stored = NULL;
  }
  CALL(env, napi_create_reference(env, a.argv[0], 1, &st->stored));
  return NULL;
}

static napi_value Drop(napi_env env, napi_callback_info info) {
  (void)info;
  state* st = state_of(env);
  if (st != NULL && st->stored != NULL) {
    CALL(env, napi_delete_reference(env, st->stored));
    st->stored = NULL;
  }
  return NULL;
}

static napi_value stored_value(napi_env env) {
  state* st = state_of(env);
  napi_value f = NULL;
  if (st == NULL || st->stored == NULL || napi_get_reference_value(env, st->stored, &f) != napi_ok) {
    return NULL;
  }
  return f;
}

/* callStored(...args): the stored cb's result. */
static napi_value CallStored(napi_env env, napi_callback_info info) {
  args a;
  napi_value f = stored_value(env);
  if (!get_args(env, info, &a) || f == NULL) {
    napi_throw_error(env, "E_NOTHING_STORED", "nothing stored");
    return NULL;
  }
  napi_value result;
  PASS_ON(napi_call_function(env, undefined(env), f, a.argc, a.argv, &result));
  return result;
}

/* isStored(v): v is the very value stored (napi_strict_equals). */
static napi_value IsStored(napi_env env, napi_callback_info info) {
  args a;
  napi_value f = stored_value(env);
  bool same = false;
  if (get_args(env, info, &a) && a.argc >= 1 && f != NULL) {
    CALL(env, napi_strict_equals(env, a.argv[0], f, &same));
  }
  napi_value result;
  CALL(env, napi_get_boolean(env, same, &result));
  return result;
}

/* same(a, b): napi_strict_equals. */
static napi_value Same(napi_env env, napi_callback_info info) {
  args a;
  bool same = false;
  if (get_args(env, info, &a) && a.argc >= 2) {
    CALL(env, napi_strict_equals(env, a.argv[0], a.argv[1], &same));
  }
  napi_value result;
  CALL(env, napi_get_boolean(env, same, &result));
  return result;
}

/* typeOf(v): napi_typeof's answer as JavaScript's typeof names it. */
static napi_value TypeOf(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"undefined", "object", "boolean", "number", "string",
                                      "symbol",    "object", "function", "object", "bigint"};
  args a;
  napi_valuetype type = napi_undefined;
  if (get_args(env, info, &a) && a.argc >= 1) {
    CALL(env, napi_typeof(env, a.argv[0], &type));
  }
  napi_value result;
  CALL(env, napi_create_string_utf8(env, names[type], NAPI_AUTO_LENGTH, &result));
  return result;
}

/* callResult(cb): cb() must answer a function, which is then called: a function returned by a callback. */
static napi_value CallResult(napi_env env, napi_callback_info info) {
  args a;
  if (!get_args(env, info, &a) || a.argc < 1) {
    napi_throw_type_error(env, NULL, "callResult(cb)");
    return NULL;
  }
  napi_value f, result;
  PASS_ON(napi_call_function(env, undefined(env), a.argv[0], 0, NULL, &f));
  PASS_ON(napi_call_function(env, undefined(env), f, 0, NULL, &result));
  return result;
}

/* The cleanup hook of callStoredAtClose: calls the stored cb while the context closes (and leaves what it threw). */
static void call_stored_hook(void* arg) {
  napi_env env = arg;
  napi_value f = stored_value(env);
  if (f != NULL) {
    napi_call_function(env, undefined(env), f, 0, NULL, NULL);
  }
}

static napi_value CallStoredAtClose(napi_env env, napi_callback_info info) {
  (void)info;
  CALL(env, napi_add_env_cleanup_hook(env, call_stored_hook, env));
  return NULL;
}

static void free_state(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data); /* the reference itself is the runtime's to free with the env (as in Node) */
}

NAPI_MODULE_INIT(/* env, exports */) {
  state* st = calloc(1, sizeof(*st));
  if (st == NULL || napi_set_instance_data(env, st, free_state, NULL) != napi_ok) {
    free(st);
    return NULL;
  }
  napi_property_descriptor props[] = {
      {"forEach", NULL, ForEach, NULL, NULL, NULL, napi_default, NULL},
      {"callWith", NULL, CallWith, NULL, NULL, NULL, napi_default, NULL},
      {"callOn", NULL, CallOn, NULL, NULL, NULL, napi_default, NULL},
      {"callMember", NULL, CallMember, NULL, NULL, NULL, napi_default, NULL},
      {"callTwice", NULL, CallTwice, NULL, NULL, NULL, napi_default, NULL},
      {"catchFrom", NULL, CatchFrom, NULL, NULL, NULL, napi_default, NULL},
      {"store", NULL, Store, NULL, NULL, NULL, napi_default, NULL},
      {"drop", NULL, Drop, NULL, NULL, NULL, napi_default, NULL},
      {"callStored", NULL, CallStored, NULL, NULL, NULL, napi_default, NULL},
      {"isStored", NULL, IsStored, NULL, NULL, NULL, napi_default, NULL},
      {"same", NULL, Same, NULL, NULL, NULL, napi_default, NULL},
      {"typeOf", NULL, TypeOf, NULL, NULL, NULL, napi_default, NULL},
      {"callResult", NULL, CallResult, NULL, NULL, NULL, napi_default, NULL},
      {"callStoredAtClose", NULL, CallStoredAtClose, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) {
    return NULL;
  }
  return exports;
}
