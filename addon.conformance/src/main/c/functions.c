/* Area "functions and callbacks": functions made in C and called through napi_call_function, so that both runtimes
   run the same callbacks; napi_get_cb_info's argc/argv/this/data, new.target, return values, throwing callbacks. */
#include "conformance.h"

static int data_token = 42;

/* Reports what it receives into the observation lines, returns its first argument (or undefined). */
static napi_value Probe(napi_env env, napi_callback_info info) {
  napi_value argv[4] = {NULL, NULL, NULL, NULL};
  size_t argc = 2;
  napi_value self = NULL, target = NULL;
  void* data = NULL;
  napi_status s = napi_get_cb_info(env, info, &argc, argv, &self, &data);
  char a0[200], a1[200], a2[200];
  snprintf(a0, sizeof(a0), "%s", show(env, argv[0]));
  snprintf(a1, sizeof(a1), "%s", show(env, argv[1]));
  snprintf(a2, sizeof(a2), "%s", argv[2] == NULL ? "untouched" : "written");
  line("  probe: get_cb_info %s, argc %zu, argv[0] %s, argv[1] %s, argv[2] %s, this %s, data %s", status_name(s), argc,
       a0, a1, a2, show(env, self), data == &data_token ? "token" : data == NULL ? "NULL" : "other");
  napi_status t = napi_get_new_target(env, info, &target);
  line("  probe: get_new_target %s, %s", status_name(t), target == NULL ? "NULL" : show(env, target));
  return argv[0];
}

static napi_value CountOnly(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  napi_status s = napi_get_cb_info(env, info, &argc, NULL, NULL, NULL);
  line("  count-only: %s, argc %zu", status_name(s), argc);
  napi_status n = napi_get_cb_info(env, info, NULL, NULL, NULL, NULL);
  line("  all NULL: %s", status_name(n));
  return NULL;
}

static napi_value Thrower(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, "E_PROBE", "thrown by the callback");
  return NULL;
}

static napi_value ThrowAndReturn(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, NULL, "thrown, then a value returned");
  return num(env, 5);
}

static napi_value CallsAfterThrow(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, NULL, "first");
  napi_value v;
  OBSV("  create_object while pending", napi_create_object(env, &v), v);
  bool pending;
  napi_is_exception_pending(env, &pending);
  line("  still pending: %d", pending);
  return NULL;
}

static napi_value ReturnsNumber(napi_env env, napi_callback_info info) {
  (void)info;
  return num(env, 7);
}

/* Returns its `this`, to see how the receiver was converted. */
static napi_value ReturnsThis(napi_env env, napi_callback_info info) {
  napi_value self = NULL;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  return self;
}

/* Reports the last error it finds on entry: Node clears it whenever a callback is entered. */
static napi_value ReportsLastError(napi_env env, napi_callback_info info) {
  (void)info;
  const napi_extended_error_info* last = NULL;
  napi_status s = napi_get_last_error_info(env, &last);
  line("  last error on entry: %s, error_code %s", status_name(s), last ? status_name(last->error_code) : "-");
  return NULL;
}

static void observe(napi_env env) {
  napi_value fn, result, global;
  napi_get_global(env, &global);
  OBSV("create_function(Probe)", napi_create_function(env, "probe", NAPI_AUTO_LENGTH, Probe, &data_token, &fn), fn);
  napi_value name, length;
  OBSV("probe.name", napi_get_named_property(env, fn, "name", &name), name);
  OBSV("probe.length", napi_get_named_property(env, fn, "length", &length), length);
  napi_value anonymous;
  OBSV("create_function(NULL name)", napi_create_function(env, NULL, 0, Probe, NULL, &anonymous), anonymous);
  OBSV("anonymous.name", napi_get_named_property(env, anonymous, "name", &name), name);
  napi_value short_name;
  OBSV("create_function(\"probe\", 3)", napi_create_function(env, "probe", 3, Probe, NULL, &short_name), short_name);
  OBSV("short.name", napi_get_named_property(env, short_name, "name", &name), name);
  OBS("create_function(NULL callback)", napi_create_function(env, "x", NAPI_AUTO_LENGTH, NULL, NULL, &fn));
  OBS("create_function(NULL result)", napi_create_function(env, "x", NAPI_AUTO_LENGTH, Probe, NULL, NULL));

  napi_create_function(env, "probe", NAPI_AUTO_LENGTH, Probe, &data_token, &fn);
  napi_value args3[3] = {num(env, 1), str(env, "two"), num(env, 3)};
  OBSV("call probe(1, \"two\", 3) this=global", napi_call_function(env, global, fn, 3, args3, &result), result);
  OBSV("call probe(1) this=object", napi_call_function(env, obj(env), fn, 1, args3, &result), result);
  OBSV("call probe() this=undefined", napi_call_function(env, undef(env), fn, 0, NULL, &result), result);
  OBSV("call probe() this=number", napi_call_function(env, num(env, 5), fn, 0, NULL, &result), result);
  OBS("call probe(NULL result)", napi_call_function(env, global, fn, 0, NULL, NULL));
  OBSV("call probe(argc 1, NULL argv)", napi_call_function(env, global, fn, 1, NULL, &result), result);
  OBSV("call probe(NULL recv)", napi_call_function(env, NULL, fn, 0, NULL, &result), result);
  OBSV("call NULL function", napi_call_function(env, global, NULL, 0, NULL, &result), result);
  OBSV("call non-function object", napi_call_function(env, global, obj(env), 0, NULL, &result), result);
  OBSV("call non-function number", napi_call_function(env, global, num(env, 1), 0, NULL, &result), result);

  napi_value count_only;
  napi_create_function(env, "countOnly", NAPI_AUTO_LENGTH, CountOnly, NULL, &count_only);
  OBSV("call countOnly(1, 2, 3)", napi_call_function(env, global, count_only, 3, args3, &result), result);

  napi_value thrower;
  napi_create_function(env, "thrower", NAPI_AUTO_LENGTH, Thrower, NULL, &thrower);
  OBSV("call thrower", napi_call_function(env, global, thrower, 0, NULL, &result), result);
  napi_create_function(env, "throwAndReturn", NAPI_AUTO_LENGTH, ThrowAndReturn, NULL, &thrower);
  OBSV("call throwAndReturn", napi_call_function(env, global, thrower, 0, NULL, &result), result);
  napi_create_function(env, "callsAfterThrow", NAPI_AUTO_LENGTH, CallsAfterThrow, NULL, &thrower);
  OBSV("call callsAfterThrow", napi_call_function(env, global, thrower, 0, NULL, &result), result);

  /* A call made while an exception is pending. */
  napi_value returns;
  napi_create_function(env, "returnsNumber", NAPI_AUTO_LENGTH, ReturnsNumber, NULL, &returns);
  napi_throw_error(env, NULL, "pending before the call");
  OBSV("call while an exception is pending", napi_call_function(env, global, returns, 0, NULL, &result), result);
  OBSV("call returnsNumber", napi_call_function(env, global, returns, 0, NULL, &result), result);

  /* A function stored on an object and called as a method. */
  napi_value holder = obj(env);
  napi_set_named_property(env, holder, "probe", fn);
  napi_value method;
  napi_get_named_property(env, holder, "probe", &method);
  bool same;
  OBSF("method is the same function", napi_strict_equals(env, method, fn, &same), "%d", same);
  OBSV("call holder.probe(\"m\")", napi_call_function(env, holder, method, 1, args3 + 1, &result), result);
  napi_valuetype type;
  OBSF("typeof function", napi_typeof(env, fn, &type), "%d", (int)type);
  OBSV("new_instance(probe, 1)", napi_new_instance(env, fn, 1, args3, &result), result);

  /* The receiver of a sloppy-mode function: undefined and null become the global object, primitives their wrapper. */
  napi_value returns_this, self, yes, symbol;
  napi_create_function(env, "returnsThis", NAPI_AUTO_LENGTH, ReturnsThis, NULL, &returns_this);
  napi_get_global(env, &global);
  napi_get_boolean(env, true, &yes);
  napi_create_symbol(env, NULL, &symbol);
  same = false;
  OBSV("this of undefined", napi_call_function(env, undef(env), returns_this, 0, NULL, &self), self);
  OBSF("  undefined became the global object", napi_strict_equals(env, self, global, &same), "%d", same);
  napi_value null_value;
  napi_get_null(env, &null_value);
  OBSV("this of null", napi_call_function(env, null_value, returns_this, 0, NULL, &self), self);
  OBSF("  null became the global object", napi_strict_equals(env, self, global, &same), "%d", same);
  napi_value unboxed;
  OBSV("this of string \"ab\"", napi_call_function(env, str(env, "ab"), returns_this, 0, NULL, &self), self);
  OBSV("  length of the wrapped string", napi_get_named_property(env, self, "length", &unboxed), unboxed);
  OBSV("  coerce_to_string of the wrapped string", napi_coerce_to_string(env, self, &unboxed), unboxed);
  OBSV("this of number 5", napi_call_function(env, num(env, 5), returns_this, 0, NULL, &self), self);
  OBSV("  coerce_to_number of the wrapped 5", napi_coerce_to_number(env, self, &unboxed), unboxed);
  OBSV("this of true", napi_call_function(env, yes, returns_this, 0, NULL, &self), self);
  OBSV("this of symbol", napi_call_function(env, symbol, returns_this, 0, NULL, &self), self);
  napi_value receiver = obj(env);
  OBSV("this of an object", napi_call_function(env, receiver, returns_this, 0, NULL, &self), self);
  OBSF("  the object is passed as is", napi_strict_equals(env, self, receiver, &same), "%d", same);

  /* Argument checks of napi_call_function (Node's test_function NULL cases). */
  OBSV("call(NULL recv)", napi_call_function(env, NULL, returns_this, 0, NULL, &self), self);
  OBSV("call(NULL func)", napi_call_function(env, undef(env), NULL, 0, NULL, &self), self);
  OBSV("call(undefined func)", napi_call_function(env, undef(env), undef(env), 0, NULL, &self), self);
  OBSV("call(argc 1, NULL argv)", napi_call_function(env, undef(env), returns_this, 1, NULL, &self), self);
  OBS("call(NULL result)", napi_call_function(env, undef(env), returns_this, 0, NULL, NULL));
  napi_throw_error(env, NULL, "pending");
  OBSV("call while an exception is pending", napi_call_function(env, undef(env), returns_this, 0, NULL, &self),
       self);

  /* The last error is cleared when a callback is entered (the failed call before it notwithstanding). */
  napi_value reports_last_error;
  napi_create_function(env, "reportsLastError", NAPI_AUTO_LENGTH, ReportsLastError, NULL, &reports_last_error);
  int32_t not_a_number = 0;
  napi_get_value_int32(env, str(env, "x"), &not_a_number);
  OBSV("call after a failed call", napi_call_function(env, undef(env), reports_last_error, 0, NULL, &self), self);
}
