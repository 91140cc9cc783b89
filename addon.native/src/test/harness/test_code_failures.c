/*
 * What the runtime logs for code whose errors nobody can be told of (a thread-safe function's call_js, cleanup
 * hooks, finalizers: rt_code_enter / rt_code_leave). napi_pending_exception is not a failure of its own: it says
 * that an exception is in flight, and code that catches it (napi_get_and_clear_last_exception, as node-addon-api's
 * `catch (const Napi::Error&)` does) has handled it: nothing is logged. One left pending is logged as thrown, and a
 * call that really failed with its status.
 */
#include <string.h>

#include "harness.h"
#include "loop.h"

static napi_value harness_throwing(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, "ERR_CALLBACK", "the callback threw");
  return NULL;
}

typedef struct outcome {
  napi_status call;
  napi_status clear;
  napi_status wrong_type;
} outcome;

/* Calls the throwing function and catches what it threw. */
static void harness_call_and_catch(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)data;
  outcome* seen = context;
  napi_value undefined, result, error;
  napi_get_undefined(env, &undefined);
  seen->call = napi_call_function(env, undefined, js_callback, 0, NULL, &result);
  seen->clear = napi_get_and_clear_last_exception(env, &error);
}

/* Catches as above, then makes a call that fails on its own (a number expected). */
static void harness_catch_then_fail(napi_env env, napi_value js_callback, void* context, void* data) {
  harness_call_and_catch(env, js_callback, context, data);
  double d;
  ((outcome*)context)->wrong_type = napi_get_value_double(env, js_callback, &d);
}

static void call_once(napi_env env, napi_value fn, napi_threadsafe_function_call_js call_js, outcome* seen) {
  napi_threadsafe_function t = NULL;
  CHECK_INT(napi_create_threadsafe_function(env, fn, NULL, str(env, "code failures"), 0, 1, NULL, NULL, seen, call_js,
                                            &t),
            napi_ok);
  CHECK_INT(napi_call_threadsafe_function(t, NULL, napi_tsfn_nonblocking), napi_ok);
  CHECK_INT(napi_release_threadsafe_function(t, napi_tsfn_release), napi_ok);
  rt_loop_run(env);
}

void test_caught_exception_is_no_code_failure(void) {
  addon a;
  napi_env env = env_load(&a, "values", "code failures");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  napi_value fn;
  CHECK_INT(napi_create_function(env, "throwing", NAPI_AUTO_LENGTH, harness_throwing, NULL, &fn), napi_ok);
  char warnings[1024];

  outcome caught = {napi_ok, napi_generic_failure, napi_ok};
  call_once(env, fn, harness_call_and_catch, &caught);
  CHECK_INT(caught.call, napi_pending_exception);
  CHECK_INT(caught.clear, napi_ok);
  CHECK_STR(take_warnings(env, warnings, sizeof(warnings)), ""); /* handled: nothing to say */

  outcome failed = {napi_ok, napi_generic_failure, napi_ok};
  call_once(env, fn, harness_catch_then_fail, &failed);
  CHECK_INT(failed.wrong_type, napi_number_expected);
  take_warnings(env, warnings, sizeof(warnings));
  CHECK(strstr(warnings, "a Node-API call failed with status 6 (A number was expected)") != NULL);

  frame_close(env, mark);
  closed c = env_close(env, 1000);
  CHECK_STR(c.warnings, "");
  addon_close(&a);
}
