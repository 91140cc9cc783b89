/*
 * Area "tsfn": thread-safe functions. Creation and its arguments, max_queue_size (napi_queue_full), blocking and
 * non-blocking calls from native threads, acquire/release, abort (napi_closing to callers, blocked callers woken,
 * finalizer then the queued pointers with a NULL env), ref/unref, the finalizer's finalize_data and context,
 * napi_get_threadsafe_function_context, call_js with a NULL js_callback, a function without call_js, and calls that
 * arrive after the last release. An asynchronous area (conformance.h, CONFORMANCE_ASYNC): run() answers a promise
 * that the last call_js resolves with the lines.
 *
 * Lines are made on the loop only (in run(), call_js, func and finalizers), in queue order. Native threads record
 * their statuses in their own slots, printed by the loop once the thread said it is done (a condition, bounded).
 * Where a native thread's call must find the queue in a known state, the loop waits inside a call_js (so that it
 * cannot take anything from the queue meanwhile) until the thread made its calls.
 *
 * The steps, each started by the previous one:
 *   A (run(), then call_js on the loop): queue of 2, the run thread fills it; a native thread's blocking calls wait
 *     for room; inside call_js(4) the thread makes non-blocking calls and releases; call_js(6) releases the last
 *     hold and calls again; the finalizer starts B.
 *   B (in A's finalizer): queue filled, a native thread blocked on it, abort; calls, acquire and release after it;
 *     B's finalizer, then B's queued pointers to call_js with a NULL env; the last one starts D.
 *   D (no call_js: func is called): two calls, released; D's finalizer calls C.
 *   C (func and call_js): its call_js resolves run()'s promise.
 */
#define CONFORMANCE_ASYNC
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "conformance.h"

#define WAIT_SECONDS 10

static int context_a, finalize_data_a, context_b, finalize_data_b;
static napi_threadsafe_function tsfn_a, tsfn_b, tsfn_c, tsfn_d;

static const char* yes_no(bool b) {
  return b ? "yes" : "no";
}

static const char* set_or_null(const void* p) {
  return p == NULL ? "NULL" : "set";
}

/* ---- flags a native thread and the loop wait on, under one mutex (bounded waits: a lost signal fails a line) --- */
static pthread_mutex_t flag_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flag_changed = PTHREAD_COND_INITIALIZER;

static void raise_flag(bool* flag) {
  pthread_mutex_lock(&flag_lock);
  *flag = true;
  pthread_cond_broadcast(&flag_changed);
  pthread_mutex_unlock(&flag_lock);
}

/* Waits (at most WAIT_SECONDS) for the flag; answers whether it was raised. */
static bool await_flag(const bool* flag) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += WAIT_SECONDS;
  pthread_mutex_lock(&flag_lock);
  while (!*flag) {
    if (pthread_cond_timedwait(&flag_changed, &flag_lock, &deadline) == ETIMEDOUT) {
      break;
    }
  }
  bool raised = *flag;
  pthread_mutex_unlock(&flag_lock);
  return raised;
}

/* ---- step C: func and call_js; its call_js ends the area -------------------------------------------------------- */
static napi_value func_c(napi_env env, napi_callback_info info) {
  (void)info;
  line("C func called (it should not be: call_js decides)");
  return undef(env);
}

static void call_js_c(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)context;
  napi_valuetype type = napi_undefined;
  napi_typeof(env, js_callback, &type);
  line("C call_js: data %ld, env %s, js_callback is a function: %s", (long)(intptr_t)data, set_or_null(env),
       yes_no(type == napi_function));
  finish(env);
}

/* ---- step D: no call_js, func is called with no arguments ------------------------------------------------------- */
static napi_value func_d(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  napi_value this_arg = NULL;
  napi_get_cb_info(env, info, &argc, NULL, &this_arg, NULL);
  char receiver[LINE_MAX_CHARS];
  snprintf(receiver, sizeof(receiver), "%s", show(env, this_arg));
  line("D func: %zu argument(s), this %s", argc, receiver);
  return undef(env);
}

static void finalize_d(napi_env env, void* data, void* hint) {
  line("D finalizer: env %s, finalize_data %s, context %s", set_or_null(env), set_or_null(data), set_or_null(hint));
  OBS("C call(from D's finalizer)", napi_call_threadsafe_function(tsfn_c, (void*)1, napi_tsfn_nonblocking));
  OBS("C release(from D's finalizer)", napi_release_threadsafe_function(tsfn_c, napi_tsfn_release));
}

static void start_d(void) {
  line("D call 1: %s", status_name(napi_call_threadsafe_function(tsfn_d, (void*)1, napi_tsfn_nonblocking)));
  line("D call 2: %s", status_name(napi_call_threadsafe_function(tsfn_d, (void*)2, napi_tsfn_blocking)));
  line("D release: %s", status_name(napi_release_threadsafe_function(tsfn_d, napi_tsfn_release)));
}

/* ---- step B: abort with calls queued and a native thread blocked on the full queue ------------------------------ */
static bool blocked_caller_done;
static napi_status blocked_caller_status;

static void* blocked_caller(void* arg) {
  (void)arg;
  blocked_caller_status = napi_call_threadsafe_function(tsfn_b, (void*)4, napi_tsfn_blocking);
  raise_flag(&blocked_caller_done);
  return NULL;
}

static void call_js_b(napi_env env, napi_value js_callback, void* context, void* data) {
  long n = (long)(intptr_t)data;
  line("B call_js: data %ld, env %s, js_callback %s, context is B's: %s", n, set_or_null(env),
       set_or_null(js_callback), yes_no(context == &context_b));
  if (n == 2) {
    start_d();
  }
}

static void finalize_b(napi_env env, void* data, void* hint) {
  line("B finalizer: env %s, finalize_data is B's: %s, context is B's: %s", set_or_null(env),
       yes_no(data == &finalize_data_b), yes_no(hint == &context_b));
}

static void start_b(napi_env env) {
  OBS("B acquire(for a native thread)", napi_acquire_threadsafe_function(tsfn_b));
  OBS("B call 1", napi_call_threadsafe_function(tsfn_b, (void*)1, napi_tsfn_nonblocking));
  OBS("B call 2", napi_call_threadsafe_function(tsfn_b, (void*)2, napi_tsfn_nonblocking));
  OBS("B call 3(queue full)", napi_call_threadsafe_function(tsfn_b, (void*)3, napi_tsfn_nonblocking));
  pthread_t thread;
  bool started = pthread_create(&thread, NULL, blocked_caller, NULL) == 0;
  OBS("B release(abort)", napi_release_threadsafe_function(tsfn_b, napi_tsfn_abort));
  bool done = started && await_flag(&blocked_caller_done);
  if (started) {
    pthread_join(thread, NULL);
  }
  line("B native thread's blocking call 4 (full queue, then abort): %s",
       done ? status_name(blocked_caller_status) : "did not return");
  OBS("B call after abort", napi_call_threadsafe_function(tsfn_b, (void*)5, napi_tsfn_nonblocking));
  OBS("B acquire after abort", napi_acquire_threadsafe_function(tsfn_b));
  OBS("B release after abort", napi_release_threadsafe_function(tsfn_b, napi_tsfn_release));
  OBS("B ref after abort", napi_ref_threadsafe_function(env, tsfn_b));
  OBS("B unref after abort", napi_unref_threadsafe_function(env, tsfn_b));
}

/* ---- step A: the queue of 2, a native thread's blocking and non-blocking calls, the last release ---------------- */
static bool producer_may_go_on, producer_done;
static napi_status producer_calls[5];
static napi_status producer_release;

static void* producer(void* arg) {
  (void)arg;
  producer_calls[0] = napi_call_threadsafe_function(tsfn_a, (void*)3, napi_tsfn_blocking);
  producer_calls[1] = napi_call_threadsafe_function(tsfn_a, (void*)4, napi_tsfn_blocking);
  if (await_flag(&producer_may_go_on)) {
    /* The loop is inside call_js(4): the queue is empty and stays as these calls leave it. */
    producer_calls[2] = napi_call_threadsafe_function(tsfn_a, (void*)5, napi_tsfn_nonblocking);
    producer_calls[3] = napi_call_threadsafe_function(tsfn_a, (void*)6, napi_tsfn_nonblocking);
    producer_calls[4] = napi_call_threadsafe_function(tsfn_a, (void*)7, napi_tsfn_nonblocking);
    producer_release = napi_release_threadsafe_function(tsfn_a, napi_tsfn_release);
  }
  raise_flag(&producer_done);
  return NULL;
}

static pthread_t producer_thread;
static bool producer_started;

static void call_js_a(napi_env env, napi_value js_callback, void* context, void* data) {
  long n = (long)(intptr_t)data;
  line("A call_js: data %ld, env %s, js_callback %s, context is A's: %s", n, set_or_null(env),
       set_or_null(js_callback), yes_no(context == &context_a));
  if (n == 4) {
    raise_flag(&producer_may_go_on);
    bool done = producer_started && await_flag(&producer_done);
    if (producer_started) {
      pthread_join(producer_thread, NULL);
    }
    if (!done) {
      line("A native thread: did not finish");
      return;
    }
    line("A native thread's blocking call 3 (queue full): %s", status_name(producer_calls[0]));
    line("A native thread's blocking call 4: %s", status_name(producer_calls[1]));
    line("A native thread's non-blocking call 5 (queue empty): %s", status_name(producer_calls[2]));
    line("A native thread's non-blocking call 6: %s", status_name(producer_calls[3]));
    line("A native thread's non-blocking call 7 (queue full): %s", status_name(producer_calls[4]));
    line("A native thread's release: %s", status_name(producer_release));
  } else if (n == 6) {
    OBS("A release(the last hold, in call_js)", napi_release_threadsafe_function(tsfn_a, napi_tsfn_release));
    OBS("A call 8(after the last release, in the same call_js)",
        napi_call_threadsafe_function(tsfn_a, (void*)8, napi_tsfn_nonblocking));
  } else if (n == 8) {
    OBS("A call 9(in call_js of a call made after the last release)",
        napi_call_threadsafe_function(tsfn_a, (void*)9, napi_tsfn_nonblocking));
    OBS("A release(no hold left)", napi_release_threadsafe_function(tsfn_a, napi_tsfn_release));
  }
}

static void finalize_a(napi_env env, void* data, void* hint) {
  line("A finalizer: env %s, finalize_data is A's: %s, context is A's: %s", set_or_null(env),
       yes_no(data == &finalize_data_a), yes_no(hint == &context_a));
  start_b(env);
}

/* ---- step 0, inside run(): arguments, the four functions, A's first calls --------------------------------------- */
static void call_js_unused(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)env;
  (void)js_callback;
  (void)context;
  (void)data;
}

/* A creation that should fail; one that succeeds is released at once, so that it keeps no loop alive. */
#define OBS_CREATE(label, call)                                                  \
  do {                                                                           \
    napi_threadsafe_function obs_created_ = NULL;                                \
    OBS((label), (call));                                                        \
    if (obs_created_ != NULL) {                                                  \
      napi_release_threadsafe_function(obs_created_, napi_tsfn_release);         \
    }                                                                            \
  } while (0)

static void observe_arguments(napi_env env) {
  napi_value name = str(env, "t");
  OBS_CREATE("create(NULL name)", napi_create_threadsafe_function(env, NULL, NULL, NULL, 0, 1, NULL, NULL, NULL,
                                                                   call_js_unused, &obs_created_));
  OBS_CREATE("create(0 threads)", napi_create_threadsafe_function(env, NULL, NULL, name, 0, 0, NULL, NULL, NULL,
                                                                   call_js_unused, &obs_created_));
  OBS_CREATE("create(no func, no call_js)", napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL,
                                                                             NULL, NULL, &obs_created_));
  OBS_CREATE("create(func a number, no call_js)",
             napi_create_threadsafe_function(env, num(env, 1), NULL, name, 0, 1, NULL, NULL, NULL, NULL,
                                             &obs_created_));
  OBS_CREATE("create(NULL result)", napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL, NULL,
                                                                     call_js_unused, NULL));
}

static void create_functions(napi_env env) {
  napi_value fn_c = NULL, fn_d = NULL;
  napi_create_function(env, "c", NAPI_AUTO_LENGTH, func_c, NULL, &fn_c);
  napi_create_function(env, "d", NAPI_AUTO_LENGTH, func_d, NULL, &fn_d);
  OBS("create A(queue 2, 1 thread, no func, call_js)",
      napi_create_threadsafe_function(env, NULL, NULL, str(env, "A"), 2, 1, &finalize_data_a, finalize_a, &context_a,
                                      call_js_a, &tsfn_a));
  OBS("create B(queue 2, 1 thread)", napi_create_threadsafe_function(env, NULL, obj(env), str(env, "B"), 2, 1,
                                                                     &finalize_data_b, finalize_b, &context_b,
                                                                     call_js_b, &tsfn_b));
  OBS("create C(func and call_js)", napi_create_threadsafe_function(env, fn_c, NULL, str(env, "C"), 0, 1, NULL,
                                                                    NULL, NULL, call_js_c, &tsfn_c));
  OBS("create D(func, no call_js, unlimited queue)",
      napi_create_threadsafe_function(env, fn_d, NULL, str(env, "D"), 0, 1, NULL, finalize_d, NULL, NULL, &tsfn_d));
}

static void observe(napi_env env) {
  void* context = NULL;
  observe_arguments(env);
  create_functions(env);
  OBSF("get_threadsafe_function_context(A)", napi_get_threadsafe_function_context(tsfn_a, &context),
       "is A's context: %s", yes_no(context == &context_a));
  OBS("A unref", napi_unref_threadsafe_function(env, tsfn_a));
  OBS("A ref", napi_ref_threadsafe_function(env, tsfn_a));
  OBS("A call 1", napi_call_threadsafe_function(tsfn_a, (void*)1, napi_tsfn_nonblocking));
  OBS("A call 2", napi_call_threadsafe_function(tsfn_a, (void*)2, napi_tsfn_nonblocking));
  OBS("A call 3(queue full)", napi_call_threadsafe_function(tsfn_a, (void*)3, napi_tsfn_nonblocking));
  OBS("A acquire(for a native thread)", napi_acquire_threadsafe_function(tsfn_a));
  producer_started = pthread_create(&producer_thread, NULL, producer, NULL) == 0;
  line("A native thread started: %s", yes_no(producer_started));
}
