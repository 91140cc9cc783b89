/*
 * The bench addon: the raw JNI baseline's addition as a Node-API addon, the way an addon author writes it
 * (napi_get_cb_info, napi_get_value_int32 twice, napi_create_int32).
 *
 * Two more exports split the bound call's cost into pieces for the report:
 *   noop()     does no Node-API work at all: a bound call to it is the fixed cost of the call path
 *              (method handle, context lock, JNI crossing, the bridge's scope handling);
 *   addLoop(n) calls exports.add n times from C through napi_call_function, each call in its own handle scope:
 *              the Node-API work of one bound call without the JNI crossing and without the Java side.
 *
 *   addLater(a, b) the addition on the async pool: a promise, resolved by the work's complete callback. The
 *              idle-context measurement (IdleContexts) calls it once per context, so that the context's event loop
 *              exists.
 *
 * The same file is loaded into node by the report (src/main/node/node-calls.js, process.dlopen), which times
 * add and noop called from JS and addLoop: both runtimes run this identical C loop. It finds `add` on its
 * receiver, so it must be called as a method of the exports (exports.addLoop(n), as both callers do).
 */
#include <stdint.h>
#include <stdlib.h>

#include <node_api.h>

#include "bench_add.h"

static napi_value Add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t a = 0, b = 0;
  napi_get_value_int32(env, argv[0], &a);
  napi_get_value_int32(env, argv[1], &b);
  napi_value result;
  napi_create_int32(env, bench_add(a, b), &result);
  return result;
}

static napi_value Noop(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  return NULL; /* undefined */
}

static napi_value AddLoop(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value self;
  napi_get_cb_info(env, info, &argc, argv, &self, NULL);
  int32_t n = 0;
  napi_get_value_int32(env, argv[0], &n);
  napi_value add;
  if (napi_get_named_property(env, self, "add", &add) != napi_ok) {
    napi_throw_error(env, NULL, "addLoop: no export 'add'");
    return NULL;
  }
  int32_t sum = 0;
  for (int32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value args[2];
    napi_create_int32(env, i, &args[0]);
    napi_create_int32(env, 1, &args[1]);
    napi_value r;
    int32_t v = 0;
    if (napi_call_function(env, self, add, 2, args, &r) == napi_ok) {
      napi_get_value_int32(env, r, &v);
    }
    sum = bench_add(sum, v);
    napi_close_handle_scope(env, scope);
  }
  napi_value result;
  napi_create_int32(env, sum, &result);
  return result;
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  int32_t a, b, sum;
} add_later;

static void ExecuteAdd(napi_env env, void* data) {
  (void)env;
  add_later* job = data;
  job->sum = bench_add(job->a, job->b);
}

static void CompleteAdd(napi_env env, napi_status status, void* data) {
  add_later* job = data;
  napi_value value = NULL;
  if (status == napi_ok && napi_create_int32(env, job->sum, &value) == napi_ok) {
    napi_resolve_deferred(env, job->deferred, value);
  } else {
    napi_value message = NULL;
    napi_create_string_utf8(env, "addLater: the work did not run", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &value);
    napi_reject_deferred(env, job->deferred, value);
  }
  napi_delete_async_work(env, job->work);
  free(job);
}

static napi_value AddLater(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  add_later* job = calloc(1, sizeof(*job));
  napi_value promise = NULL, name = NULL;
  if (job == NULL) {
    napi_throw_error(env, NULL, "addLater: out of memory");
    return NULL;
  }
  napi_get_value_int32(env, argv[0], &job->a);
  napi_get_value_int32(env, argv[1], &job->b);
  napi_create_string_utf8(env, "addLater", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_async_work(env, NULL, name, ExecuteAdd, CompleteAdd, job, &job->work) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    /* A deferred not settled is freed with the env; the caller sees the exception. */
    if (job->work != NULL) {
      napi_delete_async_work(env, job->work);
    }
    free(job);
    napi_throw_error(env, NULL, "addLater: the work could not be queued");
    return NULL;
  }
  return promise;
}

NAPI_MODULE_INIT(/* env, exports */) {
  napi_property_descriptor props[] = {
      {"add", NULL, Add, NULL, NULL, NULL, napi_default, NULL},
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_default, NULL},
      {"addLoop", NULL, AddLoop, NULL, NULL, NULL, napi_default, NULL},
      {"addLater", NULL, AddLater, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
