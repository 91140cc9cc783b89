/*
 * The env's loop queue (loop.h), the process-wide pool of worker threads, async work, and the async-hooks
 * functions that have nothing to do without an engine (napi_async_init, napi_make_callback, callback scopes).
 *
 * Locks: the pool's lock guards the pool's queue, every work's state and each loop's works/outstanding/closing;
 * a loop's own lock guards its task queue and settled list. Order: pool, then loop. Addon code (execute, complete)
 * never runs under either.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loop.h"

#define DEFAULT_POOL_THREADS 4
#define MAX_POOL_THREADS 256

enum work_state { WORK_IDLE, WORK_QUEUED, WORK_EXECUTING, WORK_COMPLETING };

struct napi_async_work__ {
  rt_task task; /* first: the completion posted to the env's loop */
  napi_env env;
  napi_async_execute_callback execute;
  napi_async_complete_callback complete;
  void* data;
  napi_status status;    /* what complete gets */
  enum work_state state; /* the pool's lock */
  bool deleted;          /* deleted while executing or completing: whoever holds it last frees it */
  bool abandoned;        /* the env closed while execute ran: the worker frees it when execute returns */
  void* pin;             /* abandoned: a dlopen handle keeping execute's library mapped until it returns */
  struct napi_async_work__ *queue_prev, *queue_next; /* the pool's queue (doubly linked: cancels are O(1)) */
  struct napi_async_work__ *works_prev, *works_next; /* the loop's list of works */
};

static struct {
  pthread_mutex_t lock;
  pthread_cond_t ready; /* work queued, or stop */
  pthread_cond_t done;  /* a work finished executing (teardowns wait on it) */
  struct napi_async_work__ *head, *tail;
  int size; /* threads at most */
  int threads;
  int idle;
  int queued; /* works on the queue, not taken by a thread yet */
  /* Threads in the upcall that wakes the host after a work, which may drain the context there and run its complete
     callbacks (docs/async.md): lent to the host, not counted against size, so that works queued meanwhile (by a
     complete, say) still find size threads, as Node's pool is there in full while its loop runs completes. */
  int lent;
  bool stopping;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL,
          DEFAULT_POOL_THREADS, 0, 0, 0, 0, false};

/* ---- The loop queue ----------------------------------------------------------------------------------------- */

rt_loop* rt_loop_of(napi_env env) {
  if (env->loop == NULL) {
    rt_loop* loop = calloc(1, sizeof(*loop));
    if (loop == NULL) {
      return NULL;
    }
    pthread_mutex_init(&loop->lock, NULL);
    env->loop = loop; /* published before any work exists: other threads reach it only through a work */
  }
  return env->loop;
}

/* Appends; answers whether the host must be woken. Called with the loop's lock. */
static bool append_locked(rt_loop* loop, rt_task* task) {
  task->next = NULL;
  if (loop->tail == NULL) {
    loop->head = task;
  } else {
    loop->tail->next = task;
  }
  loop->tail = task;
  bool wake = !loop->signalled && !loop->closing;
  loop->signalled = true;
  return wake;
}

bool rt_loop_post(napi_env env, rt_task* task) {
  rt_loop* loop = env->loop;
  pthread_mutex_lock(&loop->lock);
  if (loop->refusing) {
    pthread_mutex_unlock(&loop->lock);
    return false;
  }
  bool wake = append_locked(loop, task);
  void (*wake_fn)(napi_env, bool) = env->wake;
  pthread_mutex_unlock(&loop->lock);
  if (wake && wake_fn != NULL) {
    wake_fn(env, false);
  }
  return true;
}

void rt_loop_signal(napi_env env) {
  rt_loop* loop = env->loop;
  if (loop == NULL || loop->draining) {
    return; /* a drain reports settlements when its tasks are done */
  }
  pthread_mutex_lock(&loop->lock);
  bool wake = !loop->signalled && !loop->closing;
  loop->signalled = true;
  pthread_mutex_unlock(&loop->lock);
  if (wake && env->wake != NULL) {
    env->wake(env, false);
  }
}

size_t rt_loop_run(napi_env env) {
  rt_loop* loop = env->loop;
  if (loop == NULL) {
    return 0;
  }
  pthread_mutex_lock(&loop->lock);
  rt_task* task = loop->head;
  loop->head = loop->tail = NULL;
  loop->signalled = false;
  pthread_mutex_unlock(&loop->lock);
  bool was_draining = loop->draining;
  loop->draining = true;
  size_t ran = 0;
  while (task != NULL) {
    rt_task* next = task->next; /* the task may free itself */
    size_t mark = env->handle_count;
    task->run(env, task);
    rt_scope_release_to(env, mark);
    task = next;
    ran++;
  }
  loop->draining = was_draining;
  return ran;
}

/*
 * After a drain from the host: if nothing of this env is in flight (no work, no unsettled promise, no thread-safe
 * function, no call running), its loop may stay idle for long, as may thousands of contexts like it: free what
 * grew for the work just done (the handle stack, the recycled values, the settlements' array). A context kept busy
 * by works or promises keeps them; one that is not pays a few allocations at its next call.
 */
void rt_loop_trim_if_idle(napi_env env) {
  rt_loop* loop = env->loop;
  if (loop == NULL || env->handle_count != 0 || loop->draining || loop->deferreds != NULL || loop->tsfns != NULL) {
    return;
  }
  pthread_mutex_lock(&pool.lock);
  bool works = loop->works != NULL;
  pthread_mutex_unlock(&pool.lock);
  if (works) {
    return;
  }
  pthread_mutex_lock(&loop->lock);
  if (loop->settled_count == 0) {
    free(loop->settled);
    loop->settled = NULL;
    loop->settled_cap = 0;
  }
  pthread_mutex_unlock(&loop->lock);
  rt_store_trim(env);
}

/* ---- The pool ------------------------------------------------------------------------------------------------ */

void rt_pool_configure(int threads) {
  pthread_mutex_lock(&pool.lock);
  pool.size = threads < 1 ? 1 : threads > MAX_POOL_THREADS ? MAX_POOL_THREADS : threads;
  pthread_mutex_unlock(&pool.lock);
}

void rt_pool_stop(void) {
  pthread_mutex_lock(&pool.lock);
  pool.stopping = true; /* threads end once the queue is empty; the next queue starts them again */
  pthread_cond_broadcast(&pool.ready);
  pthread_mutex_unlock(&pool.lock);
}

int rt_pool_started_threads(void) {
  pthread_mutex_lock(&pool.lock);
  int threads = pool.threads;
  pthread_mutex_unlock(&pool.lock);
  return threads;
}

static void unlink_work(rt_loop* loop, struct napi_async_work__* w) {
  if (w->works_prev != NULL) {
    w->works_prev->works_next = w->works_next;
  } else if (loop->works == w) {
    loop->works = w->works_next;
  }
  if (w->works_next != NULL) {
    w->works_next->works_prev = w->works_prev;
  }
  w->works_prev = w->works_next = NULL;
}

/*
 * Removes w, which is WORK_QUEUED, from the pool's queue. Pool's lock held. One step whatever the queue's length: a
 * close past the bound cancels every queued work of its env, and a search from the head for each of them made that
 * quadratic (the queue is shared by every env of the process).
 */
static void dequeue(struct napi_async_work__* w) {
  if (w->queue_prev != NULL) {
    w->queue_prev->queue_next = w->queue_next;
  } else {
    pool.head = w->queue_next;
  }
  if (w->queue_next != NULL) {
    w->queue_next->queue_prev = w->queue_prev;
  } else {
    pool.tail = w->queue_prev;
  }
  w->queue_prev = w->queue_next = NULL;
  pool.queued--;
}

/* The completion goes to the env's loop; answers the wake to make after unlocking. Pool's lock held. */
static void (*complete_locked(struct napi_async_work__* w, napi_status status))(napi_env, bool) {
  rt_loop* loop = w->env->loop;
  w->state = WORK_COMPLETING;
  w->status = status;
  pthread_mutex_lock(&loop->lock);
  bool wake = append_locked(loop, &w->task); /* also while closing: teardown runs it */
  pthread_mutex_unlock(&loop->lock);
  return wake ? w->env->wake : NULL;
}

static void spawn_if_needed_locked(void);

static void* worker(void* unused) {
  (void)unused;
  pthread_mutex_lock(&pool.lock);
  for (;;) {
    while (pool.head == NULL && !pool.stopping) {
      pool.idle++;
      pthread_cond_wait(&pool.ready, &pool.lock);
      pool.idle--;
    }
    if (pool.head == NULL) {
      break;
    }
    struct napi_async_work__* w = pool.head;
    dequeue(w);
    w->state = WORK_EXECUTING;
    pthread_mutex_unlock(&pool.lock);
    w->execute(w->env, w->data);
    pthread_mutex_lock(&pool.lock);
    void (*wake)(napi_env, bool) = NULL;
    napi_env env = w->env;
    if (w->abandoned) {
      if (w->pin != NULL) {
        dlclose(w->pin);
      }
      free(w); /* its env is gone; kept until execute returned, so that it did not run on freed memory */
    } else {
      env->loop->outstanding--;
      if (w->deleted) {
        free(w);
      } else {
        wake = complete_locked(w, napi_ok);
      }
    }
    pthread_cond_broadcast(&pool.done);
    if (wake != NULL) {
      pool.lent++;
      spawn_if_needed_locked(); /* works already waiting get a thread while this one is lent */
      pthread_mutex_unlock(&pool.lock);
      wake(env, true); /* names env only: the host does not dereference it */
      pthread_mutex_lock(&pool.lock);
      pool.lent--;
      if (pool.threads - pool.lent > pool.size) {
        break; /* a thread was started while this one was lent: the pool goes back to its size */
      }
    }
  }
  pool.threads--;
  pthread_mutex_unlock(&pool.lock);
  rt_host_pool_thread_exit(); /* a wake may have attached this thread to the JVM once, for its whole life */
  return NULL;
}

/*
 * A thread more if the queued works outnumber the idle threads and the pool may grow. Pool's lock held. Counting
 * the queue matters: an idle thread that was signalled but has not woken yet still counts as idle, and it takes one
 * work only; works queued in a burst each need a thread of their own (else one that blocks until a later one runs
 * would wait forever on a pool below its size).
 */
static void spawn_if_needed_locked(void) {
  if (pool.queued <= pool.idle || pool.threads - pool.lent >= pool.size) {
    return;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  if (pthread_create(&thread, &attr, worker, NULL) == 0) {
    pool.threads++;
    pthread_setname_np(thread, "addon-async");
  }
  pthread_attr_destroy(&attr);
}

static void grow_locked(void) {
  pool.stopping = false;
  spawn_if_needed_locked();
}

/* ---- Async work ---------------------------------------------------------------------------------------------- */

static void run_completion(napi_env env, rt_task* task) {
  struct napi_async_work__* w = (struct napi_async_work__*)task;
  pthread_mutex_lock(&pool.lock);
  bool deleted = w->deleted;
  w->state = WORK_IDLE; /* complete may queue it again, or delete it */
  pthread_mutex_unlock(&pool.lock);
  if (deleted) {
    free(w);
    return;
  }
  if (w->complete != NULL) {
    napi_async_complete_callback complete = w->complete;
    rt_code_frame saved = rt_code_enter(env, RT_CODE_COMPLETE, (void*)complete);
    complete(env, w->status, w->data);
    rt_code_leave(env, &saved);
  }
}

static void drop_completion(napi_env env, rt_task* task) {
  (void)env;
  struct napi_async_work__* w = (struct napi_async_work__*)task;
  if (w->deleted) {
    free(w); /* else still on the loop's list of works, freed with it */
  } else {
    w->state = WORK_IDLE;
  }
}

napi_status NAPI_CDECL napi_create_async_work(napi_env env, napi_value async_resource,
                                              napi_value async_resource_name, napi_async_execute_callback execute,
                                              napi_async_complete_callback complete, void* data,
                                              napi_async_work* result) {
  (void)async_resource; /* they only name the work for async hooks, which this runtime has not */
  (void)async_resource_name;
  CHECK_ENV(env);
  CHECK_ARG(env, execute);
  CHECK_ARG(env, result);
  rt_loop* loop = rt_loop_of(env);
  struct napi_async_work__* w = loop == NULL ? NULL : calloc(1, sizeof(*w));
  if (w == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  w->task.run = run_completion;
  w->task.drop = drop_completion;
  w->env = env;
  w->execute = execute;
  w->complete = complete;
  w->data = data;
  pthread_mutex_lock(&pool.lock);
  w->works_next = loop->works;
  if (loop->works != NULL) {
    loop->works->works_prev = w;
  }
  loop->works = w;
  pthread_mutex_unlock(&pool.lock);
  *result = w;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_delete_async_work(napi_env env, napi_async_work work) {
  CHECK_ENV(env);
  CHECK_ARG(env, work);
  pthread_mutex_lock(&pool.lock);
  unlink_work(env->loop, work);
  bool free_now = true;
  if (work->state == WORK_QUEUED) {
    dequeue(work);
    env->loop->outstanding--;
    pthread_cond_broadcast(&pool.done);
  } else if (work->state == WORK_EXECUTING || work->state == WORK_COMPLETING) {
    work->deleted = true; /* the worker, or the queued completion, frees it */
    free_now = false;
  }
  pthread_mutex_unlock(&pool.lock);
  if (free_now) {
    free(work);
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_queue_async_work(node_api_basic_env basic_env, napi_async_work work) {
  napi_env env = (napi_env)basic_env;
  CHECK_ENV(env);
  CHECK_ARG(env, work);
  pthread_mutex_lock(&pool.lock);
  rt_loop* loop = env->loop;
  if (loop->refusing) {
    pthread_mutex_unlock(&pool.lock);
    return rt_set_error_message(env, napi_closing, "the context is closing: no more async work");
  }
  if (work->state != WORK_IDLE) {
    pthread_mutex_unlock(&pool.lock);
    return rt_set_error_message(env, napi_generic_failure, "this async work is queued or running already");
  }
  work->state = WORK_QUEUED;
  work->queue_next = NULL;
  work->queue_prev = pool.tail;
  if (pool.tail == NULL) {
    pool.head = work;
  } else {
    pool.tail->queue_next = work;
  }
  pool.tail = work;
  pool.queued++;
  loop->outstanding++;
  grow_locked();
  pthread_cond_signal(&pool.ready);
  pthread_mutex_unlock(&pool.lock);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_cancel_async_work(node_api_basic_env basic_env, napi_async_work work) {
  napi_env env = (napi_env)basic_env;
  CHECK_ENV(env);
  CHECK_ARG(env, work);
  pthread_mutex_lock(&pool.lock);
  if (work->state != WORK_QUEUED) {
    pthread_mutex_unlock(&pool.lock);
    /* As Node (uv_cancel): only work that has not started can be cancelled. */
    return rt_set_error(env, napi_generic_failure);
  }
  dequeue(work);
  env->loop->outstanding--;
  pthread_cond_broadcast(&pool.done);
  void (*wake)(napi_env, bool) = complete_locked(work, napi_cancelled);
  pthread_mutex_unlock(&pool.lock);
  if (wake != NULL) {
    wake(env, false);
  }
  return rt_clear_error(env);
}

/* ---- Teardown ------------------------------------------------------------------------------------------------ */

static struct timespec deadline_after(int64_t millis) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_sec += millis / 1000;
  t.tv_nsec += (millis % 1000) * 1000000L;
  if (t.tv_nsec >= 1000000000L) {
    t.tv_sec++;
    t.tv_nsec -= 1000000000L;
  }
  return t;
}

/* The wait is over: queued works complete with napi_cancelled, running ones are abandoned. Pool's lock held. */
static void give_up_locked(napi_env env, int64_t wait_millis) {
  rt_loop* loop = env->loop;
  size_t cancelled = 0;
  for (struct napi_async_work__* w = loop->works; w != NULL;) {
    struct napi_async_work__* next = w->works_next;
    if (w->state == WORK_QUEUED) {
      dequeue(w);
      complete_locked(w, napi_cancelled); /* no wake: closing */
      cancelled++;
    } else if (w->state == WORK_EXECUTING) {
      char where[400];
      rt_describe_code((void*)w->execute, where, sizeof(where));
      rt_warn(env,
              "async work (execute %s) was still executing %lld ms after the context began to close; its complete "
              "callback will not run and its memory is kept until execute returns",
              where, (long long)wait_millis);
      w->abandoned = true;
      Dl_info info; /* the library must stay mapped while its code runs: one more reference until it returns */
      if (dladdr((void*)w->execute, &info) != 0 && info.dli_fname != NULL) {
        w->pin = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
      }
      unlink_work(loop, w);
    }
    w = next;
  }
  if (cancelled > 0) {
    rt_warn(env, "%zu queued async work(s) had not started %lld ms after the context began to close: their "
                 "complete callbacks get napi_cancelled", cancelled, (long long)wait_millis);
  }
  loop->outstanding = 0;
}

static void set_flag(rt_loop* loop, bool* flag) {
  pthread_mutex_lock(&loop->lock);
  *flag = true;
  pthread_mutex_unlock(&loop->lock);
}

void rt_loop_teardown(napi_env env, int64_t wait_millis) {
  rt_loop* loop = env->loop;
  if (loop == NULL) {
    return;
  }
  struct timespec deadline = deadline_after(wait_millis);
  pthread_mutex_lock(&pool.lock);
  set_flag(loop, &loop->closing);
  /* Settlements nobody will hear of: the futures complete with "context closed" (docs/async.md). */
  pthread_mutex_lock(&loop->lock);
  for (size_t i = 0; i < loop->settled_count; i++) {
    rt_release(env, loop->settled[i].promise);
  }
  loop->settled_count = 0;
  pthread_mutex_unlock(&loop->lock);
  for (;;) {
    bool timed_out = false;
    while (loop->outstanding > 0 && !timed_out) {
      timed_out = pthread_cond_timedwait(&pool.done, &pool.lock, &deadline) == ETIMEDOUT;
    }
    if (loop->outstanding > 0) {
      give_up_locked(env, wait_millis);
      set_flag(loop, &loop->refusing); /* completions may not start more work past the deadline */
    }
    pthread_mutex_unlock(&pool.lock);
    rt_loop_run(env); /* with napi_ok, as Node, for the works that finished (and thread-safe function calls) */
    pthread_mutex_lock(&pool.lock);
    /* Every completion was queued before outstanding dropped to 0 and ran above; the other tasks (calls of
       thread-safe functions, which a busy thread may post for ever) do not hold the teardown. */
    if (loop->outstanding == 0) {
      break;
    }
  }
  set_flag(loop, &loop->refusing);
  pthread_mutex_unlock(&pool.lock);
  rt_loop_run(env); /* tasks posted before the loop refused: none is left behind in the queue */
}

void rt_loop_free(napi_env env) {
  rt_loop* loop = env->loop;
  if (loop == NULL) {
    return;
  }
  pthread_mutex_lock(&pool.lock);
  if (loop->outstanding > 0) {
    give_up_locked(env, 0); /* freed without a teardown (the harness): nothing may point at the env any more */
  }
  for (rt_task* task = loop->head; task != NULL;) {
    rt_task* next = task->next;
    task->drop(env, task);
    task = next;
  }
  while (loop->works != NULL) {
    struct napi_async_work__* w = loop->works;
    unlink_work(loop, w);
    free(w);
  }
  pthread_mutex_unlock(&pool.lock);
  rt_tsfn_free_all(env);
  rt_loop_free_deferreds(loop);
  free(loop->settled); /* the values were swept with the env */
  pthread_mutex_destroy(&loop->lock);
  free(loop);
  env->loop = NULL;
}

/* ---- Async hooks: nothing to track without an engine; the calls go through ------------------------------------ */

static int async_context_token;

napi_status NAPI_CDECL napi_async_init(napi_env env, napi_value async_resource, napi_value async_resource_name,
                                       napi_async_context* result) {
  (void)async_resource;
  (void)async_resource_name;
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = (napi_async_context)&async_context_token;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_async_destroy(napi_env env, napi_async_context async_context) {
  CHECK_ENV(env);
  CHECK_ARG(env, async_context);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_make_callback(napi_env env, napi_async_context async_context, napi_value recv,
                                          napi_value func, size_t argc, const napi_value* argv, napi_value* result) {
  (void)async_context;
  return napi_call_function(env, recv, func, argc, argv, result);
}

napi_status NAPI_CDECL napi_open_callback_scope(napi_env env, napi_value resource_object,
                                                napi_async_context context, napi_callback_scope* result) {
  (void)resource_object;
  (void)context;
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = (napi_callback_scope)&async_context_token;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_close_callback_scope(napi_env env, napi_callback_scope scope) {
  CHECK_ENV(env);
  CHECK_ARG(env, scope);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_uv_event_loop(node_api_basic_env basic_env, struct uv_loop_s** loop) {
  napi_env env = (napi_env)basic_env;
  CHECK_ENV(env);
  CHECK_ARG(env, loop);
  *loop = NULL;
  rt_warn(env, "napi_get_uv_event_loop: this runtime has no libuv event loop; use async work (or thread-safe "
               "functions) instead");
  return rt_set_error_message(env, napi_generic_failure, "there is no libuv event loop in this runtime");
}
