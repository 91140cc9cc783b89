/*
 * Fixture "tsfn": thread-safe functions fed by native producer threads, and node_api_post_finalizer (docs/async.md).
 * Each scenario export answers a promise that the function's finalizer resolves (on the context's loop) with a
 * summary line the test compares. Every entry (export, call_js, finalizer) checks that nothing else runs in its env
 * at the same time, and call_js checks that it runs with an env (on the loop) and in each producer's order.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* node_api_post_finalizer is experimental in Node 20's headers; finalizers keep a full napi_env (opt-out). */
#define NAPI_EXPERIMENTAL
#define NODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT
#include <node_api.h>

#define EXPORTED __attribute__((visibility("default")))
#define MAX_PRODUCERS 16
#define SEQ_BITS 20

typedef struct State {
  atomic_int inside; /* entries running in this env now */
  atomic_int violations;
} State;

/* One scenario: the thread-safe function's context. */
typedef struct Run {
  State* state;
  napi_threadsafe_function tsfn;
  napi_deferred deferred;
  pthread_t threads[MAX_PRODUCERS];
  int producers, per_producer;
  int64_t last_seq[MAX_PRODUCERS];
  int calls, out_of_order, null_env;
  char log[512];     /* what call_js saw, in order */
  char summary[512]; /* what the scenario observed in its call */
  /* backpressure and abort: the producer's progress, under lock */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int started, returned;
  napi_status statuses[8];
} Run;

static State* state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

static void enter(State* s) {
  if (atomic_fetch_add(&s->inside, 1) != 0) {
    atomic_fetch_add(&s->violations, 1);
  }
}

static void leave(State* s) {
  atomic_fetch_sub(&s->inside, 1);
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static void append(char* buf, size_t size, const char* text) {
  size_t used = strlen(buf);
  snprintf(buf + used, size - used, "%s%s", used > 0 ? "," : "", text);
}

static Run* new_run(napi_env env, napi_value* promise) {
  Run* run = calloc(1, sizeof(*run));
  run->state = state_of(env);
  pthread_mutex_init(&run->lock, NULL);
  pthread_cond_init(&run->cond, NULL);
  napi_create_promise(env, &run->deferred, promise);
  return run;
}

static void free_run(Run* run) {
  pthread_mutex_destroy(&run->lock);
  pthread_cond_destroy(&run->cond);
  free(run);
}

/* Waits (at most 10 s) until the predicate holds; the run's lock held. */
static void await_progress(Run* run, int started, int returned) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  while (run->started < started || run->returned < returned) {
    if (pthread_cond_timedwait(&run->cond, &run->lock, &deadline) != 0) {
      break;
    }
  }
}

static napi_value name_of(napi_env env, const char* name) {
  napi_value v;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v);
  return v;
}

/* call_js of every scenario: data is producer << SEQ_BITS | sequence number. */
static void CallJs(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)js_callback;
  Run* run = context;
  intptr_t item = (intptr_t)data;
  char text[32];
  if (env == NULL) {
    run->null_env++;
    snprintf(text, sizeof(text), "%ld:null", (long)item);
    append(run->log, sizeof(run->log), text);
    return;
  }
  enter(run->state);
  int producer = (int)(item >> SEQ_BITS);
  int64_t seq = item & ((1 << SEQ_BITS) - 1);
  if (producer < MAX_PRODUCERS) {
    if (seq <= run->last_seq[producer]) {
      run->out_of_order++;
    }
    run->last_seq[producer] = seq;
  }
  run->calls++;
  if (run->calls <= 16) {
    snprintf(text, sizeof(text), "%ld", (long)item);
    append(run->log, sizeof(run->log), text);
  }
  leave(run->state);
}

/* The finalizer of every scenario: joins the producers and resolves the promise with the summary. */
static void Finalize(napi_env env, void* data, void* hint) {
  (void)data;
  Run* run = hint;
  enter(run->state);
  for (int i = 0; i < run->producers; i++) {
    pthread_join(run->threads[i], NULL);
  }
  char text[1400];
  snprintf(text, sizeof(text), "calls=%d outOfOrder=%d nullEnv=%d violations=%d log=%s%s%s", run->calls,
           run->out_of_order, run->null_env, atomic_load(&run->state->violations), run->log,
           run->summary[0] ? " " : "", run->summary);
  napi_value v;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &v);
  napi_resolve_deferred(env, run->deferred, v);
  leave(run->state);
  /* The abort scenario frees its run in report(): call_js with a NULL env still comes after this. */
  if (run->summary[0] != 'a') {
    free_run(run);
  }
}

static int64_t arg_int(napi_env env, napi_callback_info info, size_t i) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int64_t v = 0;
  if (i < argc) {
    napi_get_value_int64(env, argv[i], &v);
  }
  return v;
}

/* ---- ordered(producers, perProducer): unlimited queue, each producer calls (blocking) and releases ---------- */

typedef struct Producer {
  Run* run;
  int index;
} Producer;

static void* produce(void* arg) {
  Producer* p = arg;
  Run* run = p->run;
  int index = p->index;
  free(p);
  for (int seq = 1; seq <= run->per_producer; seq++) {
    napi_call_threadsafe_function(run->tsfn, (void*)(((intptr_t)index << SEQ_BITS) | seq), napi_tsfn_blocking);
  }
  napi_release_threadsafe_function(run->tsfn, napi_tsfn_release);
  return NULL;
}

static napi_value Ordered(napi_env env, napi_callback_info info) {
  enter(state_of(env));
  napi_value promise;
  Run* run = new_run(env, &promise);
  run->producers = (int)arg_int(env, info, 0);
  run->per_producer = (int)arg_int(env, info, 1);
  if (run->producers < 1 || run->producers > MAX_PRODUCERS) {
    run->producers = 1;
  }
  napi_create_threadsafe_function(env, NULL, NULL, name_of(env, "ordered"), 0, run->producers, NULL, Finalize, run,
                                  CallJs, &run->tsfn);
  for (int i = 0; i < run->producers; i++) {
    Producer* p = malloc(sizeof(*p));
    p->run = run;
    p->index = i;
    pthread_create(&run->threads[i], NULL, produce, p);
  }
  leave(state_of(env));
  return promise;
}

/* ---- queueFull(): max_queue_size 2, three non-blocking calls from this call ---------------------------------- */

static napi_value QueueFull(napi_env env, napi_callback_info info) {
  (void)info;
  enter(state_of(env));
  napi_value promise;
  Run* run = new_run(env, &promise);
  napi_create_threadsafe_function(env, NULL, NULL, name_of(env, "full"), 2, 1, NULL, Finalize, run, CallJs,
                                  &run->tsfn);
  char text[64];
  for (intptr_t i = 1; i <= 3; i++) {
    snprintf(text, sizeof(text), "%d", (int)napi_call_threadsafe_function(run->tsfn, (void*)i, napi_tsfn_nonblocking));
    append(run->summary, sizeof(run->summary), text);
  }
  void* context = NULL;
  napi_get_threadsafe_function_context(run->tsfn, &context);
  snprintf(text, sizeof(text), "context=%s refs=%d%d", context == run ? "ok" : "wrong",
           (int)napi_unref_threadsafe_function(env, run->tsfn), (int)napi_ref_threadsafe_function(env, run->tsfn));
  append(run->summary, sizeof(run->summary), text);
  napi_release_threadsafe_function(run->tsfn, napi_tsfn_release);
  leave(state_of(env));
  return promise;
}

/* ---- backpressure(n): max_queue_size 2, a producer blocked while the loop is busy (this call holds it) ------- */

static void* produce_counted(void* arg) {
  Run* run = arg;
  for (int seq = 1; seq <= run->per_producer; seq++) {
    pthread_mutex_lock(&run->lock);
    run->started++;
    pthread_cond_broadcast(&run->cond);
    pthread_mutex_unlock(&run->lock);
    napi_status status = napi_call_threadsafe_function(run->tsfn, (void*)(intptr_t)seq, napi_tsfn_blocking);
    pthread_mutex_lock(&run->lock);
    run->returned++;
    if (seq <= 8) {
      run->statuses[seq - 1] = status;
    }
    pthread_cond_broadcast(&run->cond);
    pthread_mutex_unlock(&run->lock);
  }
  napi_release_threadsafe_function(run->tsfn, napi_tsfn_release);
  return NULL;
}

static napi_value Backpressure(napi_env env, napi_callback_info info) {
  enter(state_of(env));
  napi_value promise;
  Run* run = new_run(env, &promise);
  run->per_producer = (int)arg_int(env, info, 0);
  run->producers = 1;
  napi_create_threadsafe_function(env, NULL, NULL, name_of(env, "backpressure"), 2, 1, NULL, Finalize, run, CallJs,
                                  &run->tsfn);
  pthread_create(&run->threads[0], NULL, produce_counted, run);
  pthread_mutex_lock(&run->lock);
  await_progress(run, 3, 2); /* two calls queued, the third waits for a slot: the loop cannot drain now */
  snprintf(run->summary, sizeof(run->summary), "whileBusy=%d/%d", run->started, run->returned);
  pthread_mutex_unlock(&run->lock);
  leave(state_of(env));
  return promise;
}

/* ---- abort(): a producer blocked on a full queue wakes with napi_closing; queued items reach call_js(NULL) ---- */

static Run* last_abort;

static void* produce_once_blocked(void* arg) {
  Run* run = arg;
  pthread_mutex_lock(&run->lock);
  run->started++;
  pthread_cond_broadcast(&run->cond);
  pthread_mutex_unlock(&run->lock);
  napi_status status = napi_call_threadsafe_function(run->tsfn, (void*)(intptr_t)2, napi_tsfn_blocking);
  pthread_mutex_lock(&run->lock);
  run->statuses[0] = status;
  run->returned++;
  pthread_cond_broadcast(&run->cond);
  pthread_mutex_unlock(&run->lock);
  return NULL;
}

static napi_value Abort(napi_env env, napi_callback_info info) {
  (void)info;
  enter(state_of(env));
  napi_value promise;
  Run* run = new_run(env, &promise);
  run->producers = 1;
  last_abort = run;
  napi_create_threadsafe_function(env, NULL, NULL, name_of(env, "abort"), 1, 3, NULL, Finalize, run, CallJs,
                                  &run->tsfn);
  napi_status first = napi_call_threadsafe_function(run->tsfn, (void*)(intptr_t)1, napi_tsfn_nonblocking);
  pthread_create(&run->threads[0], NULL, produce_once_blocked, run);
  pthread_mutex_lock(&run->lock);
  await_progress(run, 1, 0);
  pthread_mutex_unlock(&run->lock);
  /* The producer is blocked on the full queue, or about to be: either way the abort must wake or refuse it. */
  napi_status aborted = napi_release_threadsafe_function(run->tsfn, napi_tsfn_abort);
  pthread_mutex_lock(&run->lock);
  await_progress(run, 1, 1);
  napi_status producer = run->statuses[0];
  pthread_mutex_unlock(&run->lock);
  napi_status call = napi_call_threadsafe_function(run->tsfn, (void*)(intptr_t)3, napi_tsfn_nonblocking);
  napi_status acquire = napi_acquire_threadsafe_function(run->tsfn);
  snprintf(run->summary, sizeof(run->summary), "abort first=%d abort=%d producer=%d call=%d acquire=%d", first,
           aborted, producer, call, acquire);
  leave(state_of(env));
  return promise;
}

/* report(): what call_js saw of the last abort run, finalizer included (then frees it). */
static napi_value Report(napi_env env, napi_callback_info info) {
  (void)info;
  Run* run = last_abort;
  napi_value v;
  napi_create_string_utf8(env, run == NULL ? "none" : run->log, NAPI_AUTO_LENGTH, &v);
  if (run != NULL) {
    free_run(run);
    last_abort = NULL;
  }
  return v;
}

/* ---- func(n[, fn]): no call_js: the function (fn, or one of the fixture's) is called with no arguments ---- */

static napi_value Counted(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  void* data;
  napi_get_cb_info(env, info, &argc, NULL, NULL, &data);
  Run* run = data;
  enter(run->state);
  run->calls++;
  run->out_of_order += argc != 0; /* must be called with no arguments */
  leave(run->state);
  return NULL;
}

static napi_value Func(napi_env env, napi_callback_info info) {
  enter(state_of(env));
  napi_value promise, fn;
  Run* run = new_run(env, &promise);
  int n = (int)arg_int(env, info, 0);
  size_t argc = 2;
  napi_value argv[2];
  napi_valuetype type = napi_undefined;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc > 1) {
    napi_typeof(env, argv[1], &type);
  }
  if (type == napi_function) {
    fn = argv[1]; /* the caller's function (a Java function, from Java): it counts its own calls */
  } else {
    napi_create_function(env, "counted", NAPI_AUTO_LENGTH, Counted, run, &fn);
  }
  napi_create_threadsafe_function(env, fn, NULL, name_of(env, "func"), 0, 1, NULL, Finalize, run, NULL, &run->tsfn);
  for (int i = 0; i < n; i++) {
    napi_call_threadsafe_function(run->tsfn, NULL, napi_tsfn_nonblocking);
  }
  napi_release_threadsafe_function(run->tsfn, napi_tsfn_release);
  leave(state_of(env));
  return promise;
}

/* ---- leak(): a thread that never releases before the context closes -------------------------------------- */

static pthread_mutex_t leak_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t leak_cond = PTHREAD_COND_INITIALIZER;
static bool leaker_done;
static int leaker_ok; /* calls answered napi_ok */
static char leaker_report[256];

EXPORTED void TsfnFixtureLeakCallJs(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)env;
  (void)js_callback;
  (void)context;
  (void)data;
}

static void LeakFinalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  (void)hint;
}

static void* leak(void* arg) {
  napi_threadsafe_function tsfn = arg;
  int closing = 0, other = 0;
  /* Calls until the context closes, then three more (each answers napi_closing), then lets go. */
  while (closing < 4) {
    napi_status status = napi_call_threadsafe_function(tsfn, NULL, napi_tsfn_blocking);
    pthread_mutex_lock(&leak_lock);
    if (status == napi_ok && closing == 0) {
      leaker_ok++;
    } else if (status == napi_closing) {
      closing++;
    } else {
      other++;
    }
    pthread_cond_broadcast(&leak_cond);
    pthread_mutex_unlock(&leak_lock);
    sleep_ms(1);
  }
  napi_status released = napi_release_threadsafe_function(tsfn, napi_tsfn_release);
  pthread_mutex_lock(&leak_lock);
  snprintf(leaker_report, sizeof(leaker_report), "called=%s closing=%d other=%d release=%d",
           leaker_ok > 0 ? "yes" : "no", closing, other, released);
  leaker_done = true;
  pthread_cond_broadcast(&leak_cond);
  pthread_mutex_unlock(&leak_lock);
  return NULL;
}

static napi_value Leak(napi_env env, napi_callback_info info) {
  (void)info;
  napi_threadsafe_function tsfn;
  pthread_mutex_lock(&leak_lock);
  leaker_done = false;
  leaker_ok = 0;
  pthread_mutex_unlock(&leak_lock);
  napi_create_threadsafe_function(env, NULL, NULL, name_of(env, "leak"), 2, 1, NULL, LeakFinalize, NULL,
                                  TsfnFixtureLeakCallJs, &tsfn);
  pthread_t thread;
  pthread_create(&thread, NULL, leak, tsfn);
  pthread_detach(thread);
  struct timespec deadline; /* answers once the thread's first call went through (at most 10 s) */
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  pthread_mutex_lock(&leak_lock);
  while (leaker_ok == 0 && pthread_cond_timedwait(&leak_cond, &leak_lock, &deadline) == 0) {
  }
  pthread_mutex_unlock(&leak_lock);
  return NULL;
}

/* awaitLeaker(): waits (at most 10 s) until the leaking thread let go; answers what it saw. */
static napi_value AwaitLeaker(napi_env env, napi_callback_info info) {
  (void)info;
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  pthread_mutex_lock(&leak_lock);
  while (!leaker_done) {
    if (pthread_cond_timedwait(&leak_cond, &leak_lock, &deadline) != 0) {
      break;
    }
  }
  napi_value v;
  napi_create_string_utf8(env, leaker_done ? leaker_report : "still running", NAPI_AUTO_LENGTH, &v);
  pthread_mutex_unlock(&leak_lock);
  return v;
}

/* ---- postFinalizer(): node_api_post_finalizer runs the finalizer later, on the loop, not inside this call -- */

static bool in_call;

static void Posted(napi_env env, void* data, void* hint) {
  (void)hint;
  napi_value v;
  napi_create_string_utf8(env, in_call ? "ran inside the call" : "ran later", NAPI_AUTO_LENGTH, &v);
  napi_resolve_deferred(env, data, v);
}

static napi_value PostFinalizer(napi_env env, napi_callback_info info) {
  (void)info;
  napi_deferred deferred;
  napi_value promise;
  napi_create_promise(env, &deferred, &promise);
  in_call = true;
  if (node_api_post_finalizer(env, Posted, deferred, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "node_api_post_finalizer failed");
  }
  in_call = false;
  return promise;
}

static napi_value Violations(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, atomic_load(&state_of(env)->violations), &result);
  return result;
}

static void FinalizeState(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

NAPI_MODULE_INIT() {
  napi_set_instance_data(env, calloc(1, sizeof(State)), FinalizeState, NULL);
  napi_property_descriptor props[] = {
      {"ordered", NULL, Ordered, NULL, NULL, NULL, napi_default, NULL},
      {"queueFull", NULL, QueueFull, NULL, NULL, NULL, napi_default, NULL},
      {"backpressure", NULL, Backpressure, NULL, NULL, NULL, napi_default, NULL},
      {"abort", NULL, Abort, NULL, NULL, NULL, napi_default, NULL},
      {"report", NULL, Report, NULL, NULL, NULL, napi_default, NULL},
      {"func", NULL, Func, NULL, NULL, NULL, napi_default, NULL},
      {"leak", NULL, Leak, NULL, NULL, NULL, napi_default, NULL},
      {"awaitLeaker", NULL, AwaitLeaker, NULL, NULL, NULL, napi_default, NULL},
      {"postFinalizer", NULL, PostFinalizer, NULL, NULL, NULL, napi_default, NULL},
      {"violations", NULL, Violations, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
