/*
 * Fixture "inflight": work in flight when its bundle stops (the stress test InflightBundlesTest, addon.embedded).
 * Its calls queue async works (short ones, and long ones that are still queued or running when a stop comes),
 * start native producer threads that call a thread-safe function with a small queue in blocking mode (so that some
 * are blocked in backpressure when the context closes), and answer promises that are settled later or never.
 *
 * Teardown, as a Node addon must do it: the cleanup hook aborts every thread-safe function (blocked producers wake
 * with napi_closing) and joins the producers, so that no thread runs this library's code once the context closed.
 * The instance-data finalizer, the last callback of a context, appends one line to the ledger file the test named:
 * works created and completed, functions created and finalized, threads started and joined. The library is
 * unloaded with its context, so the test reads what it needs from those lines and from the threads' names.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <node_api.h>

#define MAX_RUNS 4          /* thread-safe functions per context */
#define MAX_PRODUCERS 4     /* threads per function */
#define MAX_LONG_WORKS 8    /* long works not completed yet, per context: keeps a close's wait short */
#define MAX_LONG_MILLIS 50  /* how long a long work's execute sleeps at most */
#define THREAD_NAME "inflight-prod" /* what the test counts in /proc/self/task (15 characters at most) */

static atomic_int live_threads; /* producers of every context of this copy that have not ended */

typedef struct Job Job;

/* One thread-safe function and its producers. */
typedef struct Run {
  struct State* state;
  napi_threadsafe_function tsfn;
  pthread_t threads[MAX_PRODUCERS];
  int producers;
  int calls_each; /* 0: until the function closes */
  bool aborted;   /* by the cleanup hook */
} Run;

typedef struct State {
  char ledger[1024];
  Job* jobs; /* works not completed yet */
  int long_works;
  long works_created, works_completed, works_ok, works_cancelled;
  long calls_seen;
  Run* runs[MAX_RUNS];
  int run_count, tsfns_finalized, threads_started, threads_joined;
} State;

struct Job {
  State* state;
  napi_async_work work;
  napi_deferred deferred; /* NULL: no promise */
  int64_t millis;
  bool is_long;
  Job *prev, *next;
};

static State* state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

static int64_t arg_int(napi_env env, napi_value* argv, size_t argc, size_t i, int64_t fallback) {
  int64_t v = fallback;
  if (i < argc) {
    napi_get_value_int64(env, argv[i], &v);
  }
  return v;
}

static int64_t clamp(int64_t v, int64_t low, int64_t high) {
  return v < low ? low : v > high ? high : v;
}

static napi_value int_value(napi_env env, int64_t v) {
  napi_value result;
  napi_create_int64(env, v, &result);
  return result;
}

/* ---- Async work ------------------------------------------------------------------------------------------- */

static void Execute(napi_env env, void* data) {
  (void)env;
  Job* job = data;
  if (job->millis > 0) {
    struct timespec t = {job->millis / 1000, (job->millis % 1000) * 1000000L};
    nanosleep(&t, NULL);
  }
}

static void Complete(napi_env env, napi_status status, void* data) {
  Job* job = data;
  State* s = job->state;
  s->works_completed++;
  if (status == napi_cancelled) {
    s->works_cancelled++;
  } else if (status == napi_ok) {
    s->works_ok++;
  }
  if (job->deferred != NULL) {
    napi_value value;
    if (status == napi_ok) {
      napi_create_int64(env, job->millis, &value);
      napi_resolve_deferred(env, job->deferred, value);
    } else {
      napi_value code, message;
      napi_create_string_utf8(env, "E_CANCELLED", NAPI_AUTO_LENGTH, &code);
      napi_create_string_utf8(env, "the work was cancelled", NAPI_AUTO_LENGTH, &message);
      napi_create_error(env, code, message, &value);
      napi_reject_deferred(env, job->deferred, value);
    }
  }
  if (job->is_long) {
    s->long_works--;
  }
  if (job->prev != NULL) {
    job->prev->next = job->next;
  } else {
    s->jobs = job->next;
  }
  if (job->next != NULL) {
    job->next->prev = job->prev;
  }
  napi_delete_async_work(env, job->work);
  free(job);
}

/* Queues one work; NULL if it could not (a closing context answers napi_closing: the test sees the throw). */
static Job* queue_job(napi_env env, State* s, int64_t millis, bool is_long, napi_value* promise) {
  Job* job = calloc(1, sizeof(*job));
  if (job == NULL) {
    return NULL;
  }
  job->state = s;
  job->millis = millis;
  job->is_long = is_long;
  napi_value name;
  napi_create_string_utf8(env, "inflight", NAPI_AUTO_LENGTH, &name);
  if (napi_create_async_work(env, NULL, name, Execute, Complete, job, &job->work) != napi_ok) {
    free(job);
    return NULL;
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    free(job);
    return NULL;
  }
  if (promise != NULL) {
    napi_create_promise(env, &job->deferred, promise);
  }
  s->works_created++;
  if (is_long) {
    s->long_works++;
  }
  job->next = s->jobs;
  if (s->jobs != NULL) {
    s->jobs->prev = job;
  }
  s->jobs = job;
  return job;
}

/* works(short, long, longMillis): queues short works and up to long ones; answers how many were queued. */
static napi_value Works(napi_env env, napi_callback_info info) {
  State* s = state_of(env);
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int64_t shorts = clamp(arg_int(env, argv, argc, 0, 0), 0, 10000);
  int64_t longs = clamp(arg_int(env, argv, argc, 1, 0), 0, MAX_LONG_WORKS - s->long_works);
  int64_t millis = clamp(arg_int(env, argv, argc, 2, 0), 0, MAX_LONG_MILLIS);
  int64_t queued = 0;
  for (int64_t i = 0; i < shorts + longs; i++) {
    if (queue_job(env, s, i < shorts ? 0 : millis, i >= shorts, NULL) == NULL) {
      napi_throw_error(env, "E_QUEUE", "inflight: napi_queue_async_work failed");
      return NULL;
    }
    queued++;
  }
  return int_value(env, queued);
}

/* work(millis): one long work; its promise resolves with millis, or rejects with E_CANCELLED. */
static napi_value Work(napi_env env, napi_callback_info info) {
  State* s = state_of(env);
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int64_t millis = clamp(arg_int(env, argv, argc, 0, 0), 0, MAX_LONG_MILLIS);
  napi_value promise = NULL;
  if (queue_job(env, s, millis, true, &promise) == NULL) {
    napi_throw_error(env, "E_QUEUE", "inflight: napi_queue_async_work failed");
    return NULL;
  }
  return promise;
}

/* cancelQueued(): napi_cancel_async_work on every work not completed (running ones refuse); answers how many. */
static napi_value CancelQueued(napi_env env, napi_callback_info info) {
  (void)info;
  State* s = state_of(env);
  int64_t cancelled = 0;
  for (Job* job = s->jobs; job != NULL; job = job->next) {
    if (napi_cancel_async_work(env, job->work) == napi_ok) {
      cancelled++;
    }
  }
  return int_value(env, cancelled);
}

/* pending(): a promise nobody settles (its future fails when the context closes). */
static napi_value Pending(napi_env env, napi_callback_info info) {
  (void)info;
  napi_deferred deferred;
  napi_value promise;
  napi_create_promise(env, &deferred, &promise);
  return promise;
}

/* ---- Thread-safe functions -------------------------------------------------------------------------------- */

static void CallJs(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)js_callback;
  (void)data;
  if (env != NULL) {
    ((Run*)context)->state->calls_seen++;
  }
}

static void* Produce(void* arg) {
  Run* run = arg;
  struct timespec pause = {0, 200000}; /* 0.2 ms: in flight all the time without taking a core */
  for (int i = 0; run->calls_each == 0 || i < run->calls_each; i++) {
    nanosleep(&pause, NULL);
    if (napi_call_threadsafe_function(run->tsfn, (void*)(intptr_t)i, napi_tsfn_blocking) == napi_closing) {
      atomic_fetch_sub(&live_threads, 1);
      return NULL; /* the answer gave up this thread's hold */
    }
  }
  napi_release_threadsafe_function(run->tsfn, napi_tsfn_release);
  atomic_fetch_sub(&live_threads, 1);
  return NULL;
}

static void FinalizeRun(napi_env env, void* finalize_data, void* context) {
  (void)env;
  (void)context;
  Run* run = finalize_data;
  run->state->tsfns_finalized++; /* the run itself is freed with the state: the hook joined its threads */
}

/* producers(threads, queueSize, callsEach): a function, and threads calling it; answers the threads started. */
static napi_value Producers(napi_env env, napi_callback_info info) {
  State* s = state_of(env);
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (s->run_count == MAX_RUNS) {
    return int_value(env, 0);
  }
  Run* run = calloc(1, sizeof(*run));
  if (run == NULL) {
    napi_throw_error(env, "E_NOMEM", "inflight: out of memory");
    return NULL;
  }
  run->state = s;
  int threads = (int)clamp(arg_int(env, argv, argc, 0, 1), 1, MAX_PRODUCERS);
  size_t queue = (size_t)clamp(arg_int(env, argv, argc, 1, 1), 1, 64);
  run->calls_each = (int)clamp(arg_int(env, argv, argc, 2, 0), 0, 1000000);
  napi_value name;
  napi_create_string_utf8(env, "inflight", NAPI_AUTO_LENGTH, &name);
  /* One hold per producer and one for the context, which the cleanup hook gives up by aborting. */
  if (napi_create_threadsafe_function(env, NULL, NULL, name, queue, (size_t)threads + 1, run, FinalizeRun, run,
                                      CallJs, &run->tsfn) != napi_ok) {
    free(run);
    napi_throw_error(env, "E_TSFN", "inflight: napi_create_threadsafe_function failed");
    return NULL;
  }
  s->runs[s->run_count++] = run;
  for (int i = 0; i < threads; i++) {
    pthread_t thread;
    atomic_fetch_add(&live_threads, 1);
    if (pthread_create(&thread, NULL, Produce, run) != 0) {
      atomic_fetch_sub(&live_threads, 1);
      napi_release_threadsafe_function(run->tsfn, napi_tsfn_release); /* the hold this thread would have had */
      continue;
    }
    pthread_setname_np(thread, THREAD_NAME);
    run->threads[run->producers++] = thread;
    s->threads_started++;
  }
  return int_value(env, run->producers);
}

/* liveThreads(): producer threads of this library copy that have not ended. */
static napi_value LiveThreads(napi_env env, napi_callback_info info) {
  (void)info;
  return int_value(env, atomic_load(&live_threads));
}

/* ledger(path): the file the instance-data finalizer appends this context's summary line to. */
static napi_value Ledger(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t length;
  State* s = state_of(env);
  napi_get_value_string_utf8(env, argv[0], s->ledger, sizeof(s->ledger), &length);
  return NULL;
}

/* ---- Teardown ---------------------------------------------------------------------------------------------- */

static void StopProducers(void* arg) {
  State* s = arg;
  for (int r = 0; r < s->run_count; r++) {
    Run* run = s->runs[r];
    napi_release_threadsafe_function(run->tsfn, napi_tsfn_abort); /* blocked producers wake: napi_closing */
    run->aborted = true;
    for (int i = 0; i < run->producers; i++) {
      pthread_join(run->threads[i], NULL);
      s->threads_joined++;
    }
  }
}

static void FinalizeState(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  State* s = data;
  if (s->ledger[0] != '\0') {
    FILE* f = fopen(s->ledger, "a");
    if (f != NULL) {
      fprintf(f, "works %ld completed %ld ok %ld cancelled %ld tsfns %d finalized %d threads %d joined %d\n",
              s->works_created, s->works_completed, s->works_ok, s->works_cancelled, s->run_count,
              s->tsfns_finalized, s->threads_started, s->threads_joined);
      fclose(f);
    }
  }
  for (int r = 0; r < s->run_count; r++) {
    free(s->runs[r]);
  }
  free(s);
}

NAPI_MODULE_INIT() {
  State* s = calloc(1, sizeof(*s));
  if (s == NULL) {
    napi_throw_error(env, "E_NOMEM", "inflight: out of memory");
    return NULL;
  }
  napi_set_instance_data(env, s, FinalizeState, NULL);
  napi_add_env_cleanup_hook(env, StopProducers, s);
  napi_property_descriptor props[] = {
      {"works", NULL, Works, NULL, NULL, NULL, napi_default, NULL},
      {"work", NULL, Work, NULL, NULL, NULL, napi_default, NULL},
      {"cancelQueued", NULL, CancelQueued, NULL, NULL, NULL, napi_default, NULL},
      {"pending", NULL, Pending, NULL, NULL, NULL, napi_default, NULL},
      {"producers", NULL, Producers, NULL, NULL, NULL, napi_default, NULL},
      {"liveThreads", NULL, LiveThreads, NULL, NULL, NULL, napi_default, NULL},
      {"ledger", NULL, Ledger, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
