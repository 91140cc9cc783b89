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
 * Three exports measure asynchrony (docs/async.md) against the same file under Node:
 *   addAsync(a, b)   queues one async work whose execute adds and whose complete resolves the promise it
 *                    answers: a round trip through the pool, the env's loop and back;
 *   addAsyncMany(n)  queues n such works (add(i, 1) for i < n) and answers one promise, resolved with the sum
 *                    by the complete of the last: throughput of works;
 *   addNow(a, b)     a promise resolved within the call: the promise's crossing and settlement, no pool;
 *   addLater(a, b)   addAsync under the name the idle-context measurement (IdleContexts) calls once per context,
 *                    so that the context's event loop exists.
 *
 * Two exports measure thread-safe functions (TsfnBenchmark), each answering a promise resolved by the function's
 * finalizer, i.e. once all n calls were delivered on the env's loop (in Node: its main thread):
 *   tsfnCalls(n, fn)     a thread-safe function on fn, whose call_js calls fn(i) for the i-th call (1..n);
 *   tsfnCallsNative(n)   one with no JavaScript function, whose call_js only counts (the queue and the loop alone).
 *                        For both, one native thread makes n blocking calls (unbounded queue) and releases it;
 *                        the promise resolves with n, or rejects if a call was lost, doubled or refused.
 *
 * The same file is loaded into node by the report (src/main/node/node-calls.js, process.dlopen), which times
 * add and noop called from JS and addLoop: both runtimes run this identical C loop. It finds `add` on its
 * receiver, so it must be called as a method of the exports (exports.addLoop(n), as both callers do).
 */
#include <pthread.h>
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

/* ---- Asynchrony --------------------------------------------------------------------------------------------- */

/* The promise of one addAsync call, or the batch of one addAsyncMany call: resolved when `remaining` reaches 0. */
typedef struct Batch {
  napi_deferred deferred;
  int32_t remaining;
  int32_t sum;
  bool failed;
} Batch;

typedef struct Job {
  Batch* batch;
  napi_async_work work;
  int32_t a, b, sum;
} Job;

static void ExecuteAdd(napi_env env, void* data) {
  (void)env;
  Job* job = data;
  job->sum = bench_add(job->a, job->b);
}

static void CompleteAdd(napi_env env, napi_status status, void* data) {
  Job* job = data;
  Batch* batch = job->batch;
  batch->sum = bench_add(batch->sum, job->sum);
  batch->failed = batch->failed || status != napi_ok;
  napi_delete_async_work(env, job->work);
  free(job);
  if (--batch->remaining > 0) {
    return;
  }
  napi_value value;
  if (batch->failed) {
    napi_create_string_utf8(env, "a work was cancelled", NAPI_AUTO_LENGTH, &value);
    napi_reject_deferred(env, batch->deferred, value);
  } else {
    napi_create_int32(env, batch->sum, &value);
    napi_resolve_deferred(env, batch->deferred, value);
  }
  free(batch);
}

/* Queues one work adding a and b into batch; false (and an exception pending) if it could not. */
static bool QueueAdd(napi_env env, Batch* batch, napi_value name, int32_t a, int32_t b) {
  Job* job = calloc(1, sizeof(*job));
  if (job == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return false;
  }
  job->batch = batch;
  job->a = a;
  job->b = b;
  if (napi_create_async_work(env, NULL, name, ExecuteAdd, CompleteAdd, job, &job->work) != napi_ok) {
    free(job);
    napi_throw_error(env, NULL, "napi_create_async_work failed");
    return false;
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    free(job);
    napi_throw_error(env, NULL, "napi_queue_async_work failed");
    return false;
  }
  return true;
}

/* Queues `count` works adding (first + i, second) for i < count; answers the promise of their sum. */
static napi_value QueueBatch(napi_env env, int32_t count, int32_t first, int32_t second, int32_t step) {
  Batch* batch = calloc(1, sizeof(*batch));
  if (batch == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_value promise, name;
  napi_create_promise(env, &batch->deferred, &promise);
  napi_create_string_utf8(env, "benchaddon.addAsync", NAPI_AUTO_LENGTH, &name);
  batch->remaining = count;
  for (int32_t i = 0; i < count; i++) {
    if (!QueueAdd(env, batch, name, bench_add(first, i * step), second)) {
      /* The works queued so far still complete: they must not see the batch end early, nor free it twice. */
      batch->remaining -= count - i;
      if (batch->remaining == 0) {
        napi_value reason;
        napi_create_string_utf8(env, "no work was queued", NAPI_AUTO_LENGTH, &reason);
        napi_reject_deferred(env, batch->deferred, reason);
        free(batch);
      } else {
        batch->failed = true;
      }
      return NULL;
    }
  }
  return promise;
}

static napi_value AddAsync(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t a = 0, b = 0;
  napi_get_value_int32(env, argv[0], &a);
  napi_get_value_int32(env, argv[1], &b);
  return QueueBatch(env, 1, a, b, 0);
}

static napi_value AddAsyncMany(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t n = 0;
  napi_get_value_int32(env, argv[0], &n);
  if (n < 1) {
    napi_throw_range_error(env, NULL, "addAsyncMany: n must be at least 1");
    return NULL;
  }
  return QueueBatch(env, n, 0, 1, 1); /* sum of (i + 1) for i < n */
}

static napi_value AddNow(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t a = 0, b = 0;
  napi_get_value_int32(env, argv[0], &a);
  napi_get_value_int32(env, argv[1], &b);
  napi_deferred deferred;
  napi_value promise, value;
  napi_create_promise(env, &deferred, &promise);
  napi_create_int32(env, bench_add(a, b), &value);
  napi_resolve_deferred(env, deferred, value);
  return promise;
}

/* ---- Thread-safe functions ------------------------------------------------------------------------------------- */

/* One tsfnCalls run: the env's thread owns it (call_js, finalizer); the native thread only reads calls and tsfn. */
typedef struct TsfnRun {
  napi_deferred deferred;
  napi_threadsafe_function tsfn;
  int32_t calls;       /* to make */
  int32_t delivered;   /* call_js runs with a live env */
  int64_t sum;         /* of the sequence numbers delivered: n (n + 1) / 2 if each arrived once */
  napi_status refused; /* the first call status other than napi_ok (written before the release) */
} TsfnRun;

static void* TsfnProducer(void* data) {
  TsfnRun* run = data;
  napi_threadsafe_function tsfn = run->tsfn;
  for (int32_t i = 1; i <= run->calls; i++) {
    napi_status status = napi_call_threadsafe_function(tsfn, (void*)(intptr_t)i, napi_tsfn_blocking);
    if (status != napi_ok) {
      run->refused = status; /* the release below publishes it to the finalizer (the function's lock) */
      break;
    }
  }
  /* The last touch of run: after the release the finalizer may free it. */
  napi_release_threadsafe_function(tsfn, napi_tsfn_release);
  return NULL;
}

static void TsfnCount(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)js_callback;
  TsfnRun* run = context;
  if (env == NULL) {
    return; /* aborted: nothing to free, the pointer is a number */
  }
  run->delivered++;
  run->sum += (intptr_t)data;
}

static void TsfnCallFunction(napi_env env, napi_value js_callback, void* context, void* data) {
  TsfnCount(env, js_callback, context, data);
  if (env == NULL) {
    return;
  }
  napi_value undefined, argument;
  napi_get_undefined(env, &undefined);
  napi_create_int32(env, (int32_t)(intptr_t)data, &argument);
  napi_call_function(env, undefined, js_callback, 1, &argument, NULL);
}

static void TsfnFinished(napi_env env, void* finalize_data, void* context) {
  (void)finalize_data;
  TsfnRun* run = context;
  int64_t n = run->calls;
  napi_value value;
  if (run->refused == napi_ok && run->delivered == run->calls && run->sum == n * (n + 1) / 2) {
    napi_create_int32(env, run->delivered, &value);
    napi_resolve_deferred(env, run->deferred, value);
  } else {
    napi_create_string_utf8(env,
                            run->refused != napi_ok ? "a thread-safe call was refused"
                                                    : "thread-safe calls were lost or delivered twice",
                            NAPI_AUTO_LENGTH, &value);
    napi_reject_deferred(env, run->deferred, value);
  }
  free(run);
}

/* n calls from one native thread to a thread-safe function on fn (NULL: call_js only counts); answers a promise. */
static napi_value StartTsfnRun(napi_env env, int32_t n, napi_value fn) {
  if (n < 1) {
    napi_throw_range_error(env, NULL, "tsfnCalls: n must be at least 1");
    return NULL;
  }
  TsfnRun* run = calloc(1, sizeof(*run));
  if (run == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  run->calls = n;
  napi_value promise, name;
  napi_create_string_utf8(env, "benchaddon.tsfnCalls", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, fn, NULL, name, 0, 1, NULL, TsfnFinished, run,
                                      fn == NULL ? TsfnCount : TsfnCallFunction, &run->tsfn) != napi_ok) {
    free(run);
    napi_throw_error(env, NULL, "napi_create_threadsafe_function failed");
    return NULL;
  }
  napi_create_promise(env, &run->deferred, &promise);
  pthread_t thread;
  if (pthread_create(&thread, NULL, TsfnProducer, run) != 0) {
    run->refused = napi_generic_failure; /* the finalizer rejects */
    napi_release_threadsafe_function(run->tsfn, napi_tsfn_release);
    return promise;
  }
  pthread_detach(thread);
  return promise;
}

static napi_value TsfnCalls(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t n = 0;
  napi_get_value_int32(env, argv[0], &n);
  napi_valuetype type = napi_undefined;
  if (argc < 2 || napi_typeof(env, argv[1], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, NULL, "tsfnCalls: the second argument must be a function");
    return NULL;
  }
  return StartTsfnRun(env, n, argv[1]);
}

static napi_value TsfnCallsNative(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t n = 0;
  napi_get_value_int32(env, argv[0], &n);
  return StartTsfnRun(env, n, NULL);
}

NAPI_MODULE_INIT(/* env, exports */) {
  napi_property_descriptor props[] = {
      {"add", NULL, Add, NULL, NULL, NULL, napi_default, NULL},
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_default, NULL},
      {"addLoop", NULL, AddLoop, NULL, NULL, NULL, napi_default, NULL},
      {"addAsync", NULL, AddAsync, NULL, NULL, NULL, napi_default, NULL},
      {"addAsyncMany", NULL, AddAsyncMany, NULL, NULL, NULL, napi_default, NULL},
      {"addNow", NULL, AddNow, NULL, NULL, NULL, napi_default, NULL},
      {"addLater", NULL, AddAsync, NULL, NULL, NULL, napi_default, NULL},
      {"tsfnCalls", NULL, TsfnCalls, NULL, NULL, NULL, napi_default, NULL},
      {"tsfnCallsNative", NULL, TsfnCallsNative, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
