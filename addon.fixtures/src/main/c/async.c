/*
 * Fixture "async": async work on the runtime's pool, promises, cancellation and teardown (docs/async.md).
 * Executes that block wait on a latch the test opens through release(); every complete callback, the cleanup hook
 * and the instance-data finalizer append a line to the file given to setLog(). Every entry (export or complete)
 * checks that nothing else runs in its env at the same time (violations()).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <node_api.h>

#define EXPORTED __attribute__((visibility("default")))

static pthread_mutex_t latch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t latch_cond = PTHREAD_COND_INITIALIZER;
static bool latch_open;
static int blockers_started;
static atomic_long cancelled_total; /* complete callbacks that got napi_cancelled, in every env of this copy */

typedef struct State {
  char log[1024];
  atomic_int inside; /* entries running in this env now */
  atomic_int violations;
  napi_async_work last_queued;
} State;

typedef struct Job {
  State* state;
  napi_async_work work;
  napi_deferred deferred;
  char name[32];
  int64_t n, delay_ms, sum;
  bool block;
  bool fail;
} Job;

static State* state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

static void log_line(State* s, const char* line) {
  if (s->log[0] == '\0') {
    return;
  }
  FILE* f = fopen(s->log, "a");
  if (f != NULL) {
    fprintf(f, "%s\n", line);
    fclose(f);
  }
}

static void enter(State* s) {
  if (atomic_fetch_add(&s->inside, 1) != 0) {
    atomic_fetch_add(&s->violations, 1);
  }
}

static void leave(State* s) {
  atomic_fetch_sub(&s->inside, 1);
}

static void sleep_ms(int64_t ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

EXPORTED void AsyncFixtureExecute(napi_env env, void* data) {
  (void)env;
  Job* job = data;
  if (job->block) {
    pthread_mutex_lock(&latch_lock);
    blockers_started++;
    pthread_cond_broadcast(&latch_cond);
    while (!latch_open) {
      pthread_cond_wait(&latch_cond, &latch_lock);
    }
    pthread_mutex_unlock(&latch_lock);
  }
  sleep_ms(job->delay_ms);
  for (int64_t i = 1; i <= job->n; i++) {
    job->sum += i;
  }
}

static void Complete(napi_env env, napi_status status, void* data) {
  Job* job = data;
  State* s = job->state;
  enter(s);
  char line[128];
  snprintf(line, sizeof(line), "complete %s %s", job->name,
           status == napi_ok ? "ok" : status == napi_cancelled ? "cancelled" : "failed");
  log_line(s, line);
  if (status == napi_cancelled) {
    atomic_fetch_add(&cancelled_total, 1);
  }
  if (job->deferred != NULL) {
    napi_value value;
    if (status == napi_cancelled) {
      napi_create_string_utf8(env, "cancelled", NAPI_AUTO_LENGTH, &value);
      napi_resolve_deferred(env, job->deferred, value);
    } else if (job->fail) {
      napi_value code, message;
      napi_create_string_utf8(env, "E_ASYNC", NAPI_AUTO_LENGTH, &code);
      napi_create_string_utf8(env, "the work failed", NAPI_AUTO_LENGTH, &message);
      napi_create_error(env, code, message, &value);
      napi_reject_deferred(env, job->deferred, value);
    } else {
      napi_create_int64(env, job->sum, &value);
      napi_resolve_deferred(env, job->deferred, value);
    }
  }
  napi_delete_async_work(env, job->work);
  free(job);
  leave(s);
}

static int64_t arg_int(napi_env env, napi_value* argv, size_t argc, size_t i) {
  int64_t v = 0;
  if (i < argc) {
    napi_get_value_int64(env, argv[i], &v);
  }
  return v;
}

/* queue(name, n, delayMs, flags): flags 1 = block on the latch, 2 = reject; 4 = no promise. Answers the promise. */
static napi_value Queue(napi_env env, napi_callback_info info) {
  State* s = state_of(env);
  enter(s);
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Job* job = calloc(1, sizeof(*job));
  job->state = s;
  if (argc > 0) {
    size_t length;
    napi_get_value_string_utf8(env, argv[0], job->name, sizeof(job->name), &length);
  }
  job->n = arg_int(env, argv, argc, 1);
  job->delay_ms = arg_int(env, argv, argc, 2);
  int64_t flags = arg_int(env, argv, argc, 3);
  job->block = (flags & 1) != 0;
  job->fail = (flags & 2) != 0;
  napi_value result = NULL, name;
  if (!(flags & 4)) {
    napi_create_promise(env, &job->deferred, &result);
  }
  napi_create_string_utf8(env, job->name, NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, AsyncFixtureExecute, Complete, job, &job->work);
  napi_status status = napi_queue_async_work(env, job->work);
  s->last_queued = job->work;
  if (status != napi_ok) {
    napi_throw_error(env, "E_QUEUE", "napi_queue_async_work failed");
  }
  leave(s);
  return result;
}

/* cancelLast(): the status of napi_cancel_async_work on the work queued last. */
static napi_value CancelLast(napi_env env, napi_callback_info info) {
  (void)info;
  State* s = state_of(env);
  enter(s);
  napi_value result;
  napi_create_int32(env, (int32_t)napi_cancel_async_work(env, s->last_queued), &result);
  leave(s);
  return result;
}

/* awaitBlockers(n): waits (at most 10 s) until n blocking executes have started; answers how many did. */
static napi_value AwaitBlockers(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int64_t n = arg_int(env, argv, argc, 0);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  pthread_mutex_lock(&latch_lock);
  while (blockers_started < n) {
    if (pthread_cond_timedwait(&latch_cond, &latch_lock, &deadline) != 0) {
      break;
    }
  }
  int started = blockers_started;
  pthread_mutex_unlock(&latch_lock);
  napi_value result;
  napi_create_int32(env, started, &result);
  return result;
}

/* release(open): opens (true) or closes (false, and resets the count) the latch. */
static napi_value Release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool open = true;
  if (argc > 0) {
    napi_get_value_bool(env, argv[0], &open);
  }
  pthread_mutex_lock(&latch_lock);
  latch_open = open;
  if (!open) {
    blockers_started = 0;
  }
  pthread_cond_broadcast(&latch_cond);
  pthread_mutex_unlock(&latch_lock);
  return NULL;
}

static napi_value ResolvedNow(napi_env env, napi_callback_info info) {
  (void)info;
  napi_deferred deferred;
  napi_value promise, value;
  napi_create_promise(env, &deferred, &promise);
  napi_create_string_utf8(env, "now", NAPI_AUTO_LENGTH, &value);
  napi_resolve_deferred(env, deferred, value);
  return promise;
}

static napi_value Pending(napi_env env, napi_callback_info info) {
  (void)info;
  napi_deferred deferred;
  napi_value promise;
  napi_create_promise(env, &deferred, &promise);
  return promise;
}

static napi_value IsPromise(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, promise;
  napi_deferred deferred;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool yes = false, made = false;
  napi_is_promise(env, argc > 0 ? argv[0] : NULL, &yes);
  napi_create_promise(env, &deferred, &promise);
  napi_is_promise(env, promise, &made);
  napi_resolve_deferred(env, deferred, promise);
  napi_get_boolean(env, yes || !made, &result); /* false for a non-promise argument, if made ones are promises */
  return result;
}

static napi_value UvLoop(napi_env env, napi_callback_info info) {
  (void)info;
  struct uv_loop_s* loop;
  napi_value result;
  napi_create_int32(env, (int32_t)napi_get_uv_event_loop(env, &loop), &result);
  return result;
}

/* cancelledTotal(): complete callbacks that got napi_cancelled so far, in every context of this library copy. */
static napi_value CancelledTotal(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int64(env, (int64_t)atomic_load(&cancelled_total), &result);
  return result;
}

static napi_value Violations(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, atomic_load(&state_of(env)->violations), &result);
  return result;
}

static napi_value SetLog(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t length;
  napi_get_value_string_utf8(env, argv[0], state_of(env)->log, sizeof(state_of(env)->log), &length);
  return NULL;
}

static void Hook(void* arg) {
  log_line(arg, "cleanup hook");
}

static void FinalizeState(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  log_line(data, "instance finalizer");
  free(data);
}

NAPI_MODULE_INIT() {
  State* s = calloc(1, sizeof(*s));
  napi_set_instance_data(env, s, FinalizeState, NULL);
  napi_add_env_cleanup_hook(env, Hook, s);
  napi_property_descriptor props[] = {
      {"queue", NULL, Queue, NULL, NULL, NULL, napi_default, NULL},
      {"cancelLast", NULL, CancelLast, NULL, NULL, NULL, napi_default, NULL},
      {"awaitBlockers", NULL, AwaitBlockers, NULL, NULL, NULL, napi_default, NULL},
      {"release", NULL, Release, NULL, NULL, NULL, napi_default, NULL},
      {"resolvedNow", NULL, ResolvedNow, NULL, NULL, NULL, napi_default, NULL},
      {"pending", NULL, Pending, NULL, NULL, NULL, napi_default, NULL},
      {"isPromise", NULL, IsPromise, NULL, NULL, NULL, napi_default, NULL},
      {"uvLoop", NULL, UvLoop, NULL, NULL, NULL, napi_default, NULL},
      {"cancelledTotal", NULL, CancelledTotal, NULL, NULL, NULL, napi_default, NULL},
      {"violations", NULL, Violations, NULL, NULL, NULL, napi_default, NULL},
      {"setLog", NULL, SetLog, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
