/*
 * Fixture "objectmodel": values that cross to Java as handles (docs/object-model.md). A class Counter (a `value`
 * accessor, plusOne, wrapping its instances, whose destructor counts in `finalized()`), functions that make or
 * compare values (sameValue uses napi_strict_equals), a strong reference the addon keeps (keep/kept; keep() with
 * undefined forgets it), and what the addon saw of an argument (typeOf: "undefined" and "null" are told apart).
 * Binary values for JsObject.withBytes: an Int32Array over part of an ArrayBuffer, its sum, its detachment.
 * Symbol keys: an object with a method under Symbol.iterator and a value under the addon's private symbol
 * (privateKey), what the addon reads under a symbol (readKey). Errors with own properties, as Node's fs errors
 * have them (failOpen throws one, failOpenLater rejects a promise with it), any value thrown (throwValue) or
 * settled (settleLater).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAPI_VERSION 9
#include <node_api.h>

#define CALL(env, call)                                      \
  do {                                                       \
    if ((call) != napi_ok) {                                 \
      napi_throw_error((env), "E_NAPI", #call " failed");    \
      return NULL;                                           \
    }                                                        \
  } while (0)

typedef struct module_state {
  napi_ref constructor;
  napi_ref kept;
  napi_ref private_key; /* a symbol made with napi_create_symbol: the addon's own key */
  int finalized; /* Counter instances and externals whose finalizer ran */
} module_state;

static module_state* state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

static napi_value number(napi_env env, double d) {
  napi_value v = NULL;
  napi_create_double(env, d, &v);
  return v;
}

static napi_value first_arg(napi_env env, napi_callback_info info, napi_value* self) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, self, NULL) != napi_ok || argc < 1) {
    napi_get_undefined(env, &argv[0]);
  }
  return argv[0];
}

static void destroy(napi_env env, void* data, void* hint) {
  (void)hint;
  state_of(env)->finalized++;
  free(data);
}

static napi_value counter_new(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_value start = first_arg(env, info, &self);
  double* value = calloc(1, sizeof(*value));
  napi_valuetype type;
  CALL(env, napi_typeof(env, start, &type));
  if (type == napi_number) {
    CALL(env, napi_get_value_double(env, start, value));
  }
  if (napi_wrap(env, self, value, destroy, NULL, NULL) != napi_ok) {
    free(value);
    napi_throw_error(env, "E_NAPI", "napi_wrap failed");
    return NULL;
  }
  return self;
}

static double* counter_of(napi_env env, napi_callback_info info, napi_value* arg) {
  napi_value self;
  napi_value given = first_arg(env, info, &self);
  if (arg != NULL) {
    *arg = given;
  }
  void* value = NULL;
  if (napi_unwrap(env, self, &value) != napi_ok) {
    napi_throw_type_error(env, "E_NOT_COUNTER", "this is not a Counter");
    return NULL;
  }
  return value;
}

static napi_value get_value(napi_env env, napi_callback_info info) {
  double* value = counter_of(env, info, NULL);
  return value == NULL ? NULL : number(env, *value);
}

static napi_value set_value(napi_env env, napi_callback_info info) {
  napi_value arg;
  double* value = counter_of(env, info, &arg);
  if (value != NULL) {
    CALL(env, napi_get_value_double(env, arg, value));
  }
  return NULL;
}

static napi_value plus_one(napi_env env, napi_callback_info info) {
  double* value = counter_of(env, info, NULL);
  return value == NULL ? NULL : number(env, *value += 1);
}

/* makeCounter(n): an instance made inside the addon, as a factory would. */
static napi_value make_counter(napi_env env, napi_callback_info info) {
  napi_value self, cons, instance;
  napi_value start = first_arg(env, info, &self);
  CALL(env, napi_get_reference_value(env, state_of(env)->constructor, &cons));
  CALL(env, napi_new_instance(env, cons, 1, &start, &instance));
  return instance;
}

static napi_value same_value(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  bool same = false;
  napi_value answer;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc == 2) {
    CALL(env, napi_strict_equals(env, argv[0], argv[1], &same));
  }
  CALL(env, napi_get_boolean(env, same, &answer));
  return answer;
}

static napi_value keep(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_value value = first_arg(env, info, &self);
  module_state* state = state_of(env);
  if (state->kept != NULL) {
    napi_delete_reference(env, state->kept);
    state->kept = NULL;
  }
  napi_valuetype type;
  CALL(env, napi_typeof(env, value, &type));
  if (type != napi_undefined) { /* keep(undefined) forgets: Node-API 9 refers to objects, functions and symbols */
    CALL(env, napi_create_reference(env, value, 1, &state->kept));
  }
  return NULL;
}

static napi_value kept(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value value = NULL;
  module_state* state = state_of(env);
  if (state->kept != NULL) {
    CALL(env, napi_get_reference_value(env, state->kept, &value));
  }
  return value;
}

static napi_value type_of(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"undefined", "null",     "boolean",  "number", "string",
                                      "symbol",    "object",   "function", "external", "bigint"};
  napi_value self, answer;
  napi_valuetype type;
  CALL(env, napi_typeof(env, first_arg(env, info, &self), &type));
  CALL(env, napi_create_string_utf8(env, names[type], NAPI_AUTO_LENGTH, &answer));
  return answer;
}

static napi_value symbol(napi_env env, napi_callback_info info) {
  napi_value self, answer;
  CALL(env, napi_create_symbol(env, first_arg(env, info, &self), &answer));
  return answer;
}

static void free_external(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  state_of(env)->finalized++;
}

static napi_value external(napi_env env, napi_callback_info info) {
  (void)info;
  static int payload;
  napi_value answer;
  CALL(env, napi_create_external(env, &payload, free_external, NULL, &answer));
  return answer;
}

static napi_value plain(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value object, inner;
  CALL(env, napi_create_object(env, &object));
  CALL(env, napi_create_object(env, &inner));
  CALL(env, napi_set_named_property(env, inner, "b", number(env, 2)));
  CALL(env, napi_set_named_property(env, object, "a", number(env, 1)));
  CALL(env, napi_set_named_property(env, object, "inner", inner));
  return object;
}

static napi_value answer_42(napi_env env, napi_callback_info info) {
  (void)info;
  return number(env, 42);
}

static napi_value with_accessor(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value object;
  napi_property_descriptor x = {"x", NULL, NULL, answer_42, NULL, NULL, napi_enumerable, NULL};
  CALL(env, napi_create_object(env, &object));
  CALL(env, napi_define_properties(env, object, 1, &x));
  return object;
}

static napi_value finalized(napi_env env, napi_callback_info info) {
  (void)info;
  return number(env, state_of(env)->finalized);
}

static napi_value nothing(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  return NULL;
}

static napi_value null_value(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value answer;
  CALL(env, napi_get_null(env, &answer));
  return answer;
}

/*
 * Binary values for JsObject.withBytes: an Int32Array of 3 elements (30, 40, 50) at byte offset 8 of a 24-byte
 * ArrayBuffer holding 10, 20, 30, 40, 50, 60; so a view must show 12 bytes, not the buffer's 24.
 */
static napi_value int32_view(napi_env env, napi_callback_info info) {
  (void)info;
  void* data = NULL;
  napi_value buffer, view;
  CALL(env, napi_create_arraybuffer(env, 6 * sizeof(int32_t), &data, &buffer));
  for (int32_t i = 0; i < 6; i++) {
    ((int32_t*)data)[i] = 10 * (i + 1);
  }
  CALL(env, napi_create_typedarray(env, napi_int32_array, 3, buffer, 2 * sizeof(int32_t), &view));
  return view;
}

/* {view: int32View()}: a plain object (a copy in Java) holding a typed array (a copy too, unless asked as handle). */
static napi_value int32_holder(napi_env env, napi_callback_info info) {
  napi_value holder;
  CALL(env, napi_create_object(env, &holder));
  CALL(env, napi_set_named_property(env, holder, "view", int32_view(env, info)));
  return holder;
}

/* The sum of an Int32Array's elements, read as the addon reads them (napi_get_typedarray_info). */
static napi_value sum_int32(napi_env env, napi_callback_info info) {
  napi_value view = first_arg(env, info, NULL);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = NULL;
  CALL(env, napi_get_typedarray_info(env, view, &type, &length, &data, NULL, NULL));
  double sum = 0;
  for (size_t i = 0; i < length; i++) {
    sum += ((int32_t*)data)[i];
  }
  return number(env, sum);
}

/* Detaches the ArrayBuffer under a typed array. */
static napi_value detach(napi_env env, napi_callback_info info) {
  napi_value view = first_arg(env, info, NULL), buffer;
  CALL(env, napi_get_typedarray_info(env, view, NULL, NULL, NULL, &buffer, NULL));
  CALL(env, napi_detach_arraybuffer(env, buffer));
  return NULL;
}

/* globalThis.Symbol[name], as node-addon-api's Napi::Symbol::WellKnown reads it. */
static napi_status well_known(napi_env env, const char* name, napi_value* result) {
  napi_value global, symbol;
  napi_status status = napi_get_global(env, &global);
  if (status == napi_ok) {
    status = napi_get_named_property(env, global, "Symbol", &symbol);
  }
  return status == napi_ok ? napi_get_named_property(env, symbol, name, result) : status;
}

static napi_value private_key(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value key;
  CALL(env, napi_get_reference_value(env, state_of(env)->private_key, &key));
  return key;
}

static napi_value iterated(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value answer;
  CALL(env, napi_create_string_utf8(env, "iterated", NAPI_AUTO_LENGTH, &answer));
  return answer;
}

/* An object keyed by symbols only: { [Symbol.iterator]() { return "iterated" }, [privateKey]: 7 }. */
static napi_value symbol_keyed(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value object, iterator, method, key;
  CALL(env, napi_create_object(env, &object));
  CALL(env, well_known(env, "iterator", &iterator));
  CALL(env, napi_create_function(env, "iterate", NAPI_AUTO_LENGTH, iterated, NULL, &method));
  CALL(env, napi_set_property(env, object, iterator, method));
  CALL(env, napi_get_reference_value(env, state_of(env)->private_key, &key));
  CALL(env, napi_set_property(env, object, key, number(env, 7)));
  return object;
}

/* readKey(object, key): object[key] as the addon reads it (napi_get_property). */
static napi_value read_key(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], value;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CALL(env, napi_get_property(env, argv[0], argv[1], &value));
  return value;
}

/* Error: ENOENT: no such file or directory, open '<path>', with code, errno, syscall and path, as Node's fs. */
static napi_value open_error(napi_env env, napi_value path) {
  char text[200];
  size_t length = 0;
  napi_value code, message, error, errno_value, syscall;
  if (napi_get_value_string_utf8(env, path, text, sizeof(text), &length) != napi_ok) {
    text[0] = '\0';
  }
  char full[300];
  snprintf(full, sizeof(full), "ENOENT: no such file or directory, open '%s'", text);
  CALL(env, napi_create_string_utf8(env, "ENOENT", NAPI_AUTO_LENGTH, &code));
  CALL(env, napi_create_string_utf8(env, full, NAPI_AUTO_LENGTH, &message));
  CALL(env, napi_create_error(env, code, message, &error));
  CALL(env, napi_create_int32(env, -2, &errno_value));
  CALL(env, napi_set_named_property(env, error, "errno", errno_value));
  CALL(env, napi_create_string_utf8(env, "open", NAPI_AUTO_LENGTH, &syscall));
  CALL(env, napi_set_named_property(env, error, "syscall", syscall));
  CALL(env, napi_set_named_property(env, error, "path", path));
  return error;
}

static napi_value fail_open(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_value error = open_error(env, first_arg(env, info, &self));
  if (error != NULL) {
    napi_throw(env, error);
  }
  return NULL;
}

static napi_value fail_open_later(napi_env env, napi_callback_info info) {
  napi_value self, promise;
  napi_deferred deferred;
  napi_value error = open_error(env, first_arg(env, info, &self));
  if (error == NULL) {
    return NULL;
  }
  CALL(env, napi_create_promise(env, &deferred, &promise));
  CALL(env, napi_reject_deferred(env, deferred, error));
  return promise;
}

/* settleLater(value, rejected): a promise settled at once with value, crossing to Java at the next drain. */
static napi_value settle_later(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], promise;
  bool rejected = false;
  napi_deferred deferred;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CALL(env, napi_get_value_bool(env, argv[1], &rejected));
  CALL(env, napi_create_promise(env, &deferred, &promise));
  CALL(env, rejected ? napi_reject_deferred(env, deferred, argv[0]) : napi_resolve_deferred(env, deferred, argv[0]));
  return promise;
}

static napi_value throw_value(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_throw(env, first_arg(env, info, &self));
  return NULL;
}

static void free_state(napi_env env, void* data, void* hint) {
  (void)hint;
  module_state* state = data;
  napi_delete_reference(env, state->private_key);
  napi_delete_reference(env, state->constructor);
  if (state->kept != NULL) {
    napi_delete_reference(env, state->kept);
  }
  free(state);
}

static napi_value init(napi_env env, napi_value exports) {
  module_state* state = calloc(1, sizeof(*state));
  if (state == NULL || napi_set_instance_data(env, state, free_state, NULL) != napi_ok) {
    free(state);
    return NULL;
  }
  napi_property_descriptor members[] = {
      {"value", NULL, NULL, get_value, set_value, NULL, napi_default, NULL},
      {"plusOne", NULL, plus_one, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value cons;
  CALL(env, napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, counter_new, NULL, 2, members, &cons));
  CALL(env, napi_create_reference(env, cons, 1, &state->constructor));
  napi_value description, key;
  CALL(env, napi_create_string_utf8(env, "objectmodel.private", NAPI_AUTO_LENGTH, &description));
  CALL(env, napi_create_symbol(env, description, &key));
  CALL(env, napi_create_reference(env, key, 1, &state->private_key));
  napi_property_descriptor exported[] = {
      {"Counter", NULL, NULL, NULL, NULL, cons, napi_enumerable, NULL},
      {"makeCounter", NULL, make_counter, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sameValue", NULL, same_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"keep", NULL, keep, NULL, NULL, NULL, napi_enumerable, NULL},
      {"kept", NULL, kept, NULL, NULL, NULL, napi_enumerable, NULL},
      {"typeOf", NULL, type_of, NULL, NULL, NULL, napi_enumerable, NULL},
      {"symbol", NULL, symbol, NULL, NULL, NULL, napi_enumerable, NULL},
      {"external", NULL, external, NULL, NULL, NULL, napi_enumerable, NULL},
      {"plain", NULL, plain, NULL, NULL, NULL, napi_enumerable, NULL},
      {"withAccessor", NULL, with_accessor, NULL, NULL, NULL, napi_enumerable, NULL},
      {"finalized", NULL, finalized, NULL, NULL, NULL, napi_enumerable, NULL},
      {"nothing", NULL, nothing, NULL, NULL, NULL, napi_enumerable, NULL},
      {"nullValue", NULL, null_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"int32View", NULL, int32_view, NULL, NULL, NULL, napi_enumerable, NULL},
      {"int32Holder", NULL, int32_holder, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumInt32", NULL, sum_int32, NULL, NULL, NULL, napi_enumerable, NULL},
      {"detach", NULL, detach, NULL, NULL, NULL, napi_enumerable, NULL},
      {"privateKey", NULL, private_key, NULL, NULL, NULL, napi_enumerable, NULL},
      {"symbolKeyed", NULL, symbol_keyed, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readKey", NULL, read_key, NULL, NULL, NULL, napi_enumerable, NULL},
      {"failOpen", NULL, fail_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"failOpenLater", NULL, fail_open_later, NULL, NULL, NULL, napi_enumerable, NULL},
      {"throwValue", NULL, throw_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"settleLater", NULL, settle_later, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CALL(env, napi_define_properties(env, exports, sizeof(exported) / sizeof(exported[0]), exported));
  return exports;
}

NAPI_MODULE_INIT() {
  return init(env, exports);
}
