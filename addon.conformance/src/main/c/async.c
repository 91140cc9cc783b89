/*
 * Area "async": async work (created, queued, executed, completed, cancelled, deleted), promises (created, resolved,
 * rejected, napi_is_promise) and the async-hooks calls. An asynchronous area: run() answers a promise that the last
 * complete callback resolves with the lines (conformance.h, CONFORMANCE_ASYNC); both drivers await it.
 *
 * The steps run one after the other, each started by the previous one's complete callback, so that the lines come
 * in one order. Where works run at the same time (the pool filled to cancel a queued one), each complete writes its
 * own slot and the lines are made from the slots once all have completed.
 *
 * The pool has 4 threads in both runtimes (libuv's default, the runtime's addon.async.threads default): 4 blocking
 * works fill it, so that a fifth stays queued and can be cancelled, and a running one cannot. A blocking work waits
 * for a release that the complete callback of the previous step sends once it has made its observations; waiting
 * for the works to start is bounded (the line then says how many started) so that a busy pool cannot hang the test.
 */
#define CONFORMANCE_ASYNC
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "conformance.h"

#define POOL_SIZE 4

static pthread_t run_thread;
static atomic_bool inside_run; /* observe() is running: a complete must not run then (nested, or concurrently) */

/* ---- blocking works: started count and a release, under one mutex -------------------------------------------- */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_changed = PTHREAD_COND_INITIALIZER;
static int started;
static bool released;

typedef struct {
  napi_async_work work;
  bool executed;
  bool completed;
  napi_status status;
} slot;

static slot blockers[POOL_SIZE];
static slot queued_one;
static int completions;

static void execute_blocker(napi_env env, void* data) {
  (void)env;
  slot* s = data;
  pthread_mutex_lock(&gate_lock);
  s->executed = true;
  started++;
  pthread_cond_broadcast(&gate_changed);
  while (!released) {
    pthread_cond_wait(&gate_changed, &gate_lock);
  }
  pthread_mutex_unlock(&gate_lock);
}

/* Waits (at most 10 s) until `count` blocking works run; answers how many did. */
static int await_started(int count) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
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

static void release_blockers(void) {
  pthread_mutex_lock(&gate_lock);
  released = true;
  pthread_cond_broadcast(&gate_changed);
  pthread_mutex_unlock(&gate_lock);
}

static const char* yes_no(bool b) {
  return b ? "yes" : "no";
}

/* ---- step 4: a work queued from a complete callback; its complete ends the area ------------------------------- */
static void execute_nothing(napi_env env, void* data) {
  (void)env;
  (void)data;
}

static napi_async_work last_work;

static void complete_last(napi_env env, napi_status status, void* data) {
  (void)data;
  line("work queued from a complete: complete status %s", status_name(status));
  OBS("delete_async_work(in its complete)", napi_delete_async_work(env, last_work));
  finish(env);
}

/* ---- step 3: the filled pool's completions, a promise settled in a complete callback -------------------------- */
static void show_slot(const char* name, const slot* s) {
  line("%s: complete status %s, executed %s", name, status_name(s->status), yes_no(s->executed));
}

static void after_filled_pool(napi_env env) {
  char name[32];
  for (int i = 0; i < POOL_SIZE; i++) {
    snprintf(name, sizeof(name), "blocking work %d", i);
    show_slot(name, &blockers[i]);
  }
  show_slot("cancelled work", &queued_one);
  int failed = 0;
  for (int i = 0; i < POOL_SIZE; i++) {
    failed += napi_delete_async_work(env, blockers[i].work) != napi_ok;
  }
  failed += napi_delete_async_work(env, queued_one.work) != napi_ok;
  line("delete_async_work(the five): %d failed", failed);

  napi_deferred deferred;
  napi_value promise;
  bool is = false;
  OBSV("create_promise(in a complete)", napi_create_promise(env, &deferred, &promise), promise);
  OBS("resolve_deferred(in a complete)", napi_resolve_deferred(env, deferred, str(env, "done")));
  OBSF("is_promise(settled in a complete)", napi_is_promise(env, promise, &is), "%s", is ? "true" : "false");

  OBS("create_async_work(in a complete)", napi_create_async_work(env, NULL, str(env, "last"), execute_nothing,
                                                                  complete_last, NULL, &last_work));
  OBS("queue_async_work(in a complete)", napi_queue_async_work(env, last_work));
}


static void complete_slot(napi_env env, napi_status status, void* data) {
  slot* s = data;
  s->status = status;
  s->completed = true;
  if (++completions < POOL_SIZE + 1) {
    return;
  }
  after_filled_pool(env);
}

/* ---- step 2: fill the pool, cancel a queued work and a running one -------------------------------------------- */
static void fill_pool(napi_env env) {
  int failed = 0;
  for (int i = 0; i < POOL_SIZE; i++) {
    failed += napi_create_async_work(env, NULL, str(env, "blocker"), execute_blocker, complete_slot, &blockers[i],
                                     &blockers[i].work) != napi_ok;
    failed += napi_queue_async_work(env, blockers[i].work) != napi_ok;
  }
  line("create and queue %d blocking works: %d failed", POOL_SIZE, failed);
  line("blocking works running: %d", await_started(POOL_SIZE));
  OBS("create_async_work(fifth)", napi_create_async_work(env, NULL, str(env, "fifth"), execute_blocker, complete_slot,
                                                         &queued_one, &queued_one.work));
  OBS("queue_async_work(fifth, pool full)", napi_queue_async_work(env, queued_one.work));
  OBS("cancel_async_work(queued)", napi_cancel_async_work(env, queued_one.work));
  OBS("cancel_async_work(running)", napi_cancel_async_work(env, blockers[0].work));
  release_blockers();
}

/* ---- step 1: one work that computes something; its complete starts step 2 ------------------------------------- */
typedef struct {
  napi_async_work work;
  long sum;
  bool execute_off_run_thread;
} sum_job;

static sum_job job;

static void execute_sum(napi_env env, void* data) {
  (void)env;
  sum_job* j = data;
  j->execute_off_run_thread = !pthread_equal(pthread_self(), run_thread);
  for (long i = 1; i <= 100; i++) {
    j->sum += i;
  }
}

static void complete_sum(napi_env env, napi_status status, void* data) {
  sum_job* j = data;
  line("sum work: complete status %s, sum %ld, data is the job: %s", status_name(status), j->sum,
       yes_no(j == &job));
  line("sum work: execute ran off run()'s thread: %s", yes_no(j->execute_off_run_thread));
  /* Not which thread: Node completes on run()'s (its only) thread; ours on whichever drains the context (the pool
     thread, or the caller's once its call has left the context: it depends on timing). Both never inside run(). */
  line("sum work: complete runs inside run(): %s", yes_no(atomic_load(&inside_run)));
  napi_value value;
  OBSV("create_object(in a complete)", napi_create_object(env, &value), value);
  OBS("cancel_async_work(finished, in its complete)", napi_cancel_async_work(env, j->work));
  OBS("delete_async_work(sum, in its complete)", napi_delete_async_work(env, j->work));
  fill_pool(env);
}

/* ---- step 0, inside run(): arguments, promises, async hooks; queues step 1 ------------------------------------ */
static void execute_unused(napi_env env, void* data) {
  (void)env;
  (void)data;
}

static void complete_unused(napi_env env, napi_status status, void* data) {
  (void)env;
  (void)status;
  (void)data;
}

static napi_value make_callback_target(napi_env env, napi_callback_info info) {
  (void)info;
  return str(env, "called");
}

static void observe_arguments(napi_env env) {
  napi_async_work work = NULL;
  OBS("create_async_work(NULL execute)",
      napi_create_async_work(env, NULL, str(env, "w"), NULL, complete_unused, NULL, &work));
  OBS("create_async_work(NULL result)",
      napi_create_async_work(env, NULL, str(env, "w"), execute_unused, complete_unused, NULL, NULL));
  OBS("create_async_work(NULL complete)",
      napi_create_async_work(env, NULL, str(env, "w"), execute_unused, NULL, NULL, &work));
  OBS("delete_async_work(never queued)", napi_delete_async_work(env, work));
  OBS("create_async_work(object resource)",
      napi_create_async_work(env, obj(env), str(env, "w"), execute_unused, complete_unused, NULL, &work));
  OBS("delete_async_work(object resource)", napi_delete_async_work(env, work));
  OBS("queue_async_work(NULL)", napi_queue_async_work(env, NULL));
  OBS("cancel_async_work(NULL)", napi_cancel_async_work(env, NULL));
  OBS("delete_async_work(NULL)", napi_delete_async_work(env, NULL));
}

static void observe_promises(napi_env env) {
  napi_deferred deferred = NULL;
  napi_value promise = NULL;
  bool is = false;
  OBS("create_promise(NULL deferred)", napi_create_promise(env, NULL, &promise));
  OBS("create_promise(NULL promise)", napi_create_promise(env, &deferred, NULL));
  OBSV("create_promise", napi_create_promise(env, &deferred, &promise), promise);
  OBSF("is_promise(promise)", napi_is_promise(env, promise, &is), "%s", is ? "true" : "false");
  OBSF("is_promise(object)", napi_is_promise(env, obj(env), &is), "%s", is ? "true" : "false");
  OBSF("is_promise(number)", napi_is_promise(env, num(env, 1), &is), "%s", is ? "true" : "false");
  OBS("is_promise(NULL value)", napi_is_promise(env, NULL, &is));
  OBS("is_promise(NULL result)", napi_is_promise(env, promise, NULL));
  OBS("resolve_deferred(NULL value)", napi_resolve_deferred(env, deferred, NULL));
  OBS("resolve_deferred(number)", napi_resolve_deferred(env, deferred, num(env, 42)));
  OBSF("is_promise(resolved)", napi_is_promise(env, promise, &is), "%s", is ? "true" : "false");

  napi_deferred other = NULL;
  napi_value rejected = NULL, error = NULL;
  OBSV("create_promise(to reject)", napi_create_promise(env, &other, &rejected), rejected);
  napi_create_error(env, NULL, str(env, "no"), &error);
  OBS("reject_deferred(error)", napi_reject_deferred(env, other, error));
  OBSF("is_promise(rejected)", napi_is_promise(env, rejected, &is), "%s", is ? "true" : "false");

  napi_deferred third = NULL;
  napi_value resolved_with_promise = NULL;
  OBSV("create_promise(resolved with a promise)", napi_create_promise(env, &third, &resolved_with_promise),
       resolved_with_promise);
  OBS("resolve_deferred(a promise)", napi_resolve_deferred(env, third, promise));
}

static void observe_hooks(napi_env env) {
  napi_async_context context = NULL;
  napi_value global = NULL, fn = NULL, result;
  napi_callback_scope scope = NULL;
  struct uv_loop_s* loop = NULL;
  OBSF("get_uv_event_loop", napi_get_uv_event_loop(env, &loop), "%s", loop == NULL ? "NULL" : "a loop");
  OBS("async_init(NULL result)", napi_async_init(env, NULL, str(env, "hooks"), NULL));
  OBS("async_init", napi_async_init(env, NULL, str(env, "hooks"), &context));
  napi_get_global(env, &global);
  napi_create_function(env, "target", NAPI_AUTO_LENGTH, make_callback_target, NULL, &fn);
  OBSV("make_callback", napi_make_callback(env, context, global, fn, 0, NULL, &result), result);
  OBS("open_callback_scope(NULL result)", napi_open_callback_scope(env, obj(env), context, NULL));
  OBS("open_callback_scope", napi_open_callback_scope(env, obj(env), context, &scope));
  OBS("close_callback_scope", napi_close_callback_scope(env, scope));
  OBS("close_callback_scope(NULL)", napi_close_callback_scope(env, NULL));
  OBS("async_destroy", napi_async_destroy(env, context));
  OBS("async_destroy(NULL)", napi_async_destroy(env, NULL));
}

static void observe(napi_env env) {
  atomic_store(&inside_run, true);
  run_thread = pthread_self();
  observe_arguments(env);
  observe_promises(env);
  observe_hooks(env);
  OBS("create_async_work(sum)", napi_create_async_work(env, NULL, str(env, "sum"), execute_sum, complete_sum, &job,
                                                        &job.work));
  OBS("queue_async_work(sum)", napi_queue_async_work(env, job.work));
  atomic_store(&inside_run, false);
}
