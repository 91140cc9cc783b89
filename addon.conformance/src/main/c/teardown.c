/*
 * Area "teardown": the order of what runs when an env ends while it still has work, a thread-safe function and a
 * promise. A teardown area (conformance.h, CONFORMANCE_TEARDOWN): the drivers load the library twice, a holder
 * instance and a subject instance; the subject's start() sets the scene and answers a promise once it is set, its
 * release() lets the blocking works go, then the subject's env ends (Node: its Worker calls process.exit(); here:
 * its context closes), and the holder's report() answers the lines both instances wrote into the library's one
 * buffer. The subject's env, at its end, has:
 *   - a work that completed before (its complete ran),
 *   - four works executing (libuv's pool and the runtime's default pool have 4 threads), released just before,
 *   - two works queued behind them,
 *   - a thread-safe function still acquired (count 2, released once) with two calls queued,
 *   - a promise never settled,
 *   - two cleanup hooks and instance data (added by its init).
 * The lines record the order of the cleanup hooks, the thread-safe function's finalizer and call_js, and the
 * instance-data finalizer. Completes and call_js that run while the env winds down run in an order that depends on
 * the threads: they are counted, and the first cleanup hook prints what ran before it.
 */
#define CONFORMANCE_TEARDOWN
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "conformance.h"

#define POOL_SIZE 4
#define QUEUED 2
#define WAIT_SECONDS 10

/* Only the subject instance (the one start() was called in) writes teardown lines. */
static napi_env subject;
static bool hooks_started;

/* ---- blocking works: started count and a release, under one mutex -------------------------------------------- */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_changed = PTHREAD_COND_INITIALIZER;
static int started;
static bool released;

typedef struct {
  const char* name;
  napi_async_work work;
  bool completed;
  bool completed_after_hooks;
  napi_status status;
} job;

static job done_job = {.name = "done"};
static job blockers[POOL_SIZE] = {{.name = "running 1"}, {.name = "running 2"}, {.name = "running 3"},
                                  {.name = "running 4"}};
static job queued[QUEUED] = {{.name = "queued 1"}, {.name = "queued 2"}};

static void execute_blocker(napi_env env, void* data) {
  (void)env;
  (void)data;
  pthread_mutex_lock(&gate_lock);
  started++;
  pthread_cond_broadcast(&gate_changed);
  while (!released) {
    pthread_cond_wait(&gate_changed, &gate_lock);
  }
  pthread_mutex_unlock(&gate_lock);
}

static void execute_nothing(napi_env env, void* data) {
  (void)env;
  (void)data;
}

/* Waits (at most WAIT_SECONDS) until `count` blocking works run; answers how many did. */
static int await_started(int count) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += WAIT_SECONDS;
  pthread_mutex_lock(&gate_lock);
  while (started < count) {
    if (pthread_cond_timedwait(&gate_changed, &gate_lock, &deadline) == ETIMEDOUT) {
      break;
    }
  }
  int now = started;
  pthread_mutex_unlock(&gate_lock);
  return now;
}

static void complete_job(napi_env env, napi_status status, void* data) {
  job* j = data;
  j->status = status;
  j->completed = true;
  j->completed_after_hooks = hooks_started;
  if (hooks_started) {
    line("complete %s after the cleanup hooks started: %s", j->name, status_name(status));
  }
  napi_delete_async_work(env, j->work);
}

static void queue_job(napi_env env, job* j, napi_async_execute_callback execute, napi_async_complete_callback done) {
  if (napi_create_async_work(env, NULL, str(env, j->name), execute, done, j, &j->work) != napi_ok ||
      napi_queue_async_work(env, j->work) != napi_ok) {
    line("work %s could not be queued", j->name);
  }
}

/* ---- the thread-safe function ---------------------------------------------------------------------------------- */
static napi_threadsafe_function tsfn;
static int call_js_with_env_before_hooks;

static void call_js(napi_env env, napi_value js_callback, void* context, void* data) {
  (void)js_callback;
  (void)context;
  if (env == NULL) {
    line("tsfn call_js %ld: env NULL", (long)(intptr_t)data);
  } else if (hooks_started) {
    line("tsfn call_js %ld after the cleanup hooks started: env set", (long)(intptr_t)data);
  } else {
    call_js_with_env_before_hooks++;
  }
}

static void tsfn_finalize(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  line("tsfn finalizer: env %s", env == NULL ? "NULL" : "set");
}

/* ---- the scene: set in the complete of the first work; start()'s promise resolves once it is set ------------- */
static napi_deferred ready;
static napi_deferred never_settled;

static void complete_done(napi_env env, napi_status status, void* data) {
  complete_job(env, status, data);
  line("complete done (before the end): %s", status_name(status));
  for (int i = 0; i < POOL_SIZE; i++) {
    queue_job(env, &blockers[i], execute_blocker, complete_job);
  }
  line("blocking works running: %d", await_started(POOL_SIZE));
  for (int i = 0; i < QUEUED; i++) {
    queue_job(env, &queued[i], execute_nothing, complete_job);
  }
  napi_value promise;
  OBS("create_promise(never settled)", napi_create_promise(env, &never_settled, &promise));
  OBS("create_threadsafe_function(queue 0, 1 thread)",
      napi_create_threadsafe_function(env, NULL, NULL, str(env, "t"), 0, 1, NULL, tsfn_finalize, NULL, call_js,
                                      &tsfn));
  OBS("acquire_threadsafe_function(held at the end)", napi_acquire_threadsafe_function(tsfn));
  napi_resolve_deferred(env, ready, undef(env));
}

static napi_value start(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value promise = NULL;
  subject = env;
  /* A fresh scene, should the library still be mapped from an earlier run in this process. */
  line_count = 0;
  hooks_started = false;
  started = 0;
  released = false;
  call_js_with_env_before_hooks = 0;
  done_job.completed = false;
  for (int i = 0; i < POOL_SIZE; i++) {
    blockers[i].completed = false;
  }
  for (int i = 0; i < QUEUED; i++) {
    queued[i].completed = false;
  }
  if (napi_create_promise(env, &ready, &promise) != napi_ok) {
    return NULL;
  }
  queue_job(env, &done_job, execute_nothing, complete_done);
  return promise;
}

/* Called just before the subject's env ends: the blocking works may finish, the function gets two calls. */
static napi_value release(napi_env env, napi_callback_info info) {
  (void)info;
  pthread_mutex_lock(&gate_lock);
  released = true;
  pthread_cond_broadcast(&gate_changed);
  pthread_mutex_unlock(&gate_lock);
  OBS("call_threadsafe_function 1(before the end)", napi_call_threadsafe_function(tsfn, (void*)1,
                                                                                  napi_tsfn_nonblocking));
  OBS("call_threadsafe_function 2(before the end)", napi_call_threadsafe_function(tsfn, (void*)2,
                                                                                  napi_tsfn_nonblocking));
  OBS("release_threadsafe_function(one of two holds)", napi_release_threadsafe_function(tsfn, napi_tsfn_release));
  line("the env ends");
  return undef(env);
}

/* ---- what the env's end runs ----------------------------------------------------------------------------------- */
static void show_job(const job* j) {
  line("  complete %s: %s", j->name,
       !j->completed ? "not run" : j->completed_after_hooks ? "after" : status_name(j->status));
}

static void cleanup_hook(napi_env env, const char* name) {
  if (env != subject) {
    return;
  }
  bool first = !hooks_started;
  hooks_started = true;
  line("cleanup hook %s", name);
  if (first) {
    line("before the first cleanup hook:");
    for (int i = 0; i < POOL_SIZE; i++) {
      show_job(&blockers[i]);
    }
    for (int i = 0; i < QUEUED; i++) {
      show_job(&queued[i]);
    }
    line("  tsfn call_js with env: %d", call_js_with_env_before_hooks);
  }
}

static void hook_added_first(void* arg) {
  cleanup_hook(arg, "added first");
}

static void hook_added_second(void* arg) {
  cleanup_hook(arg, "added second");
}

static void instance_finalize(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  if (env == subject) {
    line("instance-data finalizer");
  }
}

/* The holder's export: the lines (the subject's env has ended by now). */
static napi_value report(napi_env env, napi_callback_info info) {
  (void)info;
  return lines_array(env);
}

static bool export_function(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  if (napi_add_env_cleanup_hook(env, hook_added_first, env) != napi_ok ||
      napi_add_env_cleanup_hook(env, hook_added_second, env) != napi_ok ||
      napi_set_instance_data(env, &subject, instance_finalize, NULL) != napi_ok ||
      !export_function(env, exports, "start", start) || !export_function(env, exports, "release", release) ||
      !export_function(env, exports, "report", report)) {
    return NULL;
  }
  return exports;
}
