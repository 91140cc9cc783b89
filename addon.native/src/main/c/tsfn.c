/*
 * Thread-safe functions and node_api_post_finalizer, on the env's loop (loop.h, docs/async.md).
 *
 * A napi_threadsafe_function is a queue of the data pointers native threads passed to napi_call_threadsafe_function.
 * The first call into an empty queue posts the function's one dispatch task to the env's loop; the dispatch (on the
 * env's thread, in a drain: serialized with every call) hands the queued pointers to call_js in order, a batch at a
 * time. Statuses and order follow Node 20 as measured by addon.conformance/src/oracle/tsfn/run.sh:
 *   - a full queue: napi_queue_full (non-blocking), or the caller waits on a condition (blocking): the native
 *     thread waits, never the loop;
 *   - napi_tsfn_abort: calls and acquires answer napi_closing (a call answering it gives up the caller's hold, as
 *     Node does), blocked callers wake; on the loop the finalizer runs, then every pointer still queued is passed to
 *     call_js with env and js_callback NULL;
 *   - the thread count reaching 0: the queue is drained, then the finalizer runs on the loop.
 *
 * Memory: the struct is owned by its env (until the finalizer ran) and by the threads holding it; it is freed when
 * both let go, never while a native thread may still touch it. At teardown (rt_tsfn_teardown, after the cleanup
 * hooks, as in Node) a function still held is finalized anyway and detached: from then on every call answers
 * napi_closing without giving up the hold, so that the struct stays valid until the thread releases it; its
 * library stays mapped for the rest of the process (the thread runs its code), and the close names it.
 *
 * Locks: the function's lock, then the loop's (rt_loop_post). Addon code never runs under either.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"

#define DISPATCH_BATCH 1000 /* calls per dispatch before the loop gets to other tasks (Node's kMaxIterationCount) */

struct napi_threadsafe_function__ {
  rt_task task; /* first: the dispatch posted to the env's loop */
  pthread_mutex_t lock;
  pthread_cond_t space; /* a slot was freed, or the function is closing: blocked callers look again */
  napi_env env;         /* NULL once the env let go of it (finalized) */
  napi_ref func;        /* the JavaScript function, or NULL */
  void* context;
  napi_threadsafe_function_call_js call_js; /* NULL: func is called with no arguments */
  napi_finalize finalize_cb;
  void* finalize_data;
  void** queue; /* ring buffer */
  size_t head, count, cap;
  size_t max_queue; /* 0: unlimited */
  size_t threads;
  bool closing;   /* aborted, or released to 0 and drained: calls answer napi_closing */
  bool posted;    /* the dispatch is in the loop's queue (or the loop refused it: teardown delivers) */
  bool finalized; /* the env's part is over */
  bool detached;  /* finalized at teardown while threads held it: calls keep their hold */
  struct napi_threadsafe_function__ *prev, *next; /* the loop's list: env's thread only */
};

static void destroy(napi_threadsafe_function tsfn) {
  pthread_mutex_destroy(&tsfn->lock);
  pthread_cond_destroy(&tsfn->space);
  free(tsfn->queue);
  free(tsfn);
}

/* ---- The queue (the function's lock held) ---------------------------------------------------------------------- */

static bool push_locked(napi_threadsafe_function tsfn, void* data) {
  if (tsfn->count == tsfn->cap) {
    size_t cap = tsfn->cap == 0 ? 16 : tsfn->cap * 2;
    void** grown = malloc(cap * sizeof(*grown));
    if (grown == NULL) {
      return false;
    }
    for (size_t i = 0; i < tsfn->count; i++) {
      grown[i] = tsfn->queue[(tsfn->head + i) % tsfn->cap];
    }
    free(tsfn->queue);
    tsfn->queue = grown;
    tsfn->cap = cap;
    tsfn->head = 0;
  }
  tsfn->queue[(tsfn->head + tsfn->count) % tsfn->cap] = data;
  tsfn->count++;
  return true;
}

static void* pop_locked(napi_threadsafe_function tsfn) {
  void* data = tsfn->queue[tsfn->head];
  tsfn->head = (tsfn->head + 1) % tsfn->cap;
  tsfn->count--;
  return data;
}

/* Posts the dispatch unless it is posted already. The env is alive: the function is not finalized (lock held). */
static void post_locked(napi_threadsafe_function tsfn) {
  if (tsfn->posted || tsfn->finalized) {
    return;
  }
  tsfn->posted = true; /* stays true if the loop refuses: teardown delivers what is queued (rt_tsfn_teardown) */
  rt_loop_post(tsfn->env, &tsfn->task);
}

/* ---- On the env's thread ------------------------------------------------------------------------------------- */

static void unlink_tsfn(napi_env env, napi_threadsafe_function tsfn) {
  rt_loop* loop = env->loop;
  if (tsfn->prev != NULL) {
    tsfn->prev->next = tsfn->next;
  } else if (loop->tsfns == tsfn) {
    loop->tsfns = tsfn->next;
  }
  if (tsfn->next != NULL) {
    tsfn->next->prev = tsfn->prev;
  }
  tsfn->prev = tsfn->next = NULL;
}

static void call_js(napi_env env, napi_threadsafe_function tsfn, void* data) {
  napi_value js_callback = NULL;
  if (env != NULL && tsfn->func != NULL) {
    napi_get_reference_value(env, tsfn->func, &js_callback);
  }
  if (tsfn->call_js != NULL) {
    napi_threadsafe_function_call_js cb = tsfn->call_js;
    rt_code_frame saved = env == NULL ? (rt_code_frame){0} : rt_code_enter(env, RT_CODE_CALL_JS, (void*)cb);
    cb(env, js_callback, tsfn->context, data);
    if (env != NULL) {
      rt_code_leave(env, &saved);
    }
  } else if (env != NULL && js_callback != NULL) {
    /* As Node's default: the function, with no arguments and an undefined receiver. */
    rt_code_frame saved = rt_code_enter(env, RT_CODE_CALL_JS, (void*)js_callback->u.function.callback);
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, js_callback, 0, NULL, NULL);
    rt_code_leave(env, &saved);
  }
}

/*
 * The env's part ends: the finalizer, then (as Node) every pointer still queued goes to call_js with env and
 * js_callback NULL, so that the addon can free it; then the struct is freed unless a thread still holds it. The
 * function is closing (no pointer is queued any more).
 */
static void finalize(napi_env env, napi_threadsafe_function tsfn) {
  unlink_tsfn(env, tsfn);
  if (tsfn->finalize_cb != NULL) {
    napi_finalize cb = tsfn->finalize_cb;
    rt_code_frame saved = rt_code_enter(env, RT_CODE_TSFN_FINALIZER, (void*)cb);
    cb(env, tsfn->finalize_data, tsfn->context);
    rt_code_leave(env, &saved);
    env->finalizers_run++;
  }
  pthread_mutex_lock(&tsfn->lock);
  while (tsfn->count > 0) {
    void* data = pop_locked(tsfn);
    pthread_mutex_unlock(&tsfn->lock);
    call_js(NULL, tsfn, data);
    pthread_mutex_lock(&tsfn->lock);
  }
  pthread_mutex_unlock(&tsfn->lock);
  if (tsfn->func != NULL) {
    napi_delete_reference(env, tsfn->func);
    tsfn->func = NULL;
  }
  pthread_mutex_lock(&tsfn->lock);
  tsfn->finalized = true;
  tsfn->env = NULL;
  bool free_now = tsfn->threads == 0;
  pthread_mutex_unlock(&tsfn->lock);
  if (free_now) {
    destroy(tsfn);
  }
}

/* The dispatch task: hands queued pointers to call_js, at most a batch, and finalizes the function when it closes. */
static void dispatch(napi_env env, rt_task* task) {
  napi_threadsafe_function tsfn = (napi_threadsafe_function)task;
  for (size_t n = 0;; n++) {
    pthread_mutex_lock(&tsfn->lock);
    if (tsfn->closing) {
      pthread_mutex_unlock(&tsfn->lock);
      finalize(env, tsfn);
      return;
    }
    if (tsfn->count == 0 && tsfn->threads == 0) {
      tsfn->closing = true; /* released and drained */
      pthread_cond_broadcast(&tsfn->space);
      pthread_mutex_unlock(&tsfn->lock);
      finalize(env, tsfn);
      return;
    }
    if (tsfn->count == 0 || n == DISPATCH_BATCH) {
      tsfn->posted = false;
      if (tsfn->count > 0) {
        post_locked(tsfn); /* the rest in a later task: other tasks of the loop get their turn */
      }
      pthread_mutex_unlock(&tsfn->lock);
      return;
    }
    bool was_full = tsfn->max_queue > 0 && tsfn->count >= tsfn->max_queue;
    void* data = pop_locked(tsfn);
    if (was_full) {
      pthread_cond_signal(&tsfn->space);
    }
    if (tsfn->count == 0 && tsfn->threads == 0) {
      /* The last pointer of a released function: closing before its call_js, as Node (a call made there answers
         napi_invalid_arg and queues nothing); the next turn of this loop finalizes. */
      tsfn->closing = true;
      pthread_cond_broadcast(&tsfn->space);
    }
    pthread_mutex_unlock(&tsfn->lock);
    size_t mark = env->handle_count;
    call_js(env, tsfn, data);
    rt_scope_release_to(env, mark);
  }
}

/* The env is freed before the dispatch ran (rt_loop_free): rt_tsfn_free_all deals with the function. */
static void drop_dispatch(napi_env env, rt_task* task) {
  (void)env;
  napi_threadsafe_function tsfn = (napi_threadsafe_function)task;
  pthread_mutex_lock(&tsfn->lock);
  tsfn->posted = false;
  pthread_mutex_unlock(&tsfn->lock);
}

/* ---- Node-API ------------------------------------------------------------------------------------------------ */

napi_status NAPI_CDECL napi_create_threadsafe_function(napi_env env, napi_value func, napi_value async_resource,
                                                       napi_value async_resource_name, size_t max_queue_size,
                                                       size_t initial_thread_count, void* thread_finalize_data,
                                                       napi_finalize thread_finalize_cb, void* context,
                                                       napi_threadsafe_function_call_js call_js_cb,
                                                       napi_threadsafe_function* result) {
  (void)async_resource; /* async hooks only */
  CHECK_ENV(env);
  CHECK_ARG(env, async_resource_name); /* required, as in Node (oracle) */
  if (initial_thread_count == 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  CHECK_ARG(env, result);
  if (func == NULL) {
    CHECK_ARG(env, call_js_cb);
  } else if (rt_type(func) != napi_function) {
    return rt_set_error(env, napi_invalid_arg); /* not napi_function_expected: Node (conformance area tsfn) */
  }
  rt_loop* loop = rt_loop_of(env);
  napi_threadsafe_function tsfn = loop == NULL ? NULL : calloc(1, sizeof(*tsfn));
  if (tsfn == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  if (func != NULL && napi_create_reference(env, func, 1, &tsfn->func) != napi_ok) {
    free(tsfn);
    return rt_set_error(env, napi_generic_failure);
  }
  pthread_mutex_init(&tsfn->lock, NULL);
  pthread_cond_init(&tsfn->space, NULL);
  tsfn->task.run = dispatch;
  tsfn->task.drop = drop_dispatch;
  tsfn->env = env;
  tsfn->context = context;
  tsfn->call_js = call_js_cb;
  tsfn->finalize_cb = thread_finalize_cb;
  tsfn->finalize_data = thread_finalize_data;
  tsfn->max_queue = max_queue_size;
  tsfn->threads = initial_thread_count;
  tsfn->next = loop->tsfns;
  if (loop->tsfns != NULL) {
    loop->tsfns->prev = tsfn;
  }
  loop->tsfns = tsfn;
  *result = tsfn;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_threadsafe_function_context(napi_threadsafe_function func, void** result) {
  if (func == NULL || result == NULL) {
    return napi_invalid_arg; /* Node aborts the process */
  }
  *result = func->context;
  return napi_ok;
}

/* Gives up the caller's hold after a napi_closing answer, as Node (not once detached: see the top). Lock held. */
static napi_status closing_locked(napi_threadsafe_function tsfn, bool* free_now) {
  if (tsfn->detached) {
    return napi_closing;
  }
  if (tsfn->threads == 0) {
    return napi_invalid_arg;
  }
  tsfn->threads--;
  *free_now = tsfn->threads == 0 && tsfn->finalized;
  return napi_closing;
}

napi_status NAPI_CDECL napi_call_threadsafe_function(napi_threadsafe_function func, void* data,
                                                     napi_threadsafe_function_call_mode is_blocking) {
  if (func == NULL) {
    return napi_invalid_arg;
  }
  pthread_mutex_lock(&func->lock);
  while (!func->closing && func->max_queue > 0 && func->count >= func->max_queue) {
    if (is_blocking != napi_tsfn_blocking) {
      pthread_mutex_unlock(&func->lock);
      return napi_queue_full;
    }
    pthread_cond_wait(&func->space, &func->lock); /* the loop frees a slot, or an abort or teardown closes */
  }
  napi_status status = napi_ok;
  bool free_now = false;
  if (func->closing) {
    status = closing_locked(func, &free_now);
  } else if (!push_locked(func, data)) {
    status = napi_generic_failure;
  } else {
    post_locked(func);
  }
  pthread_mutex_unlock(&func->lock);
  if (free_now) {
    destroy(func);
  }
  return status;
}

napi_status NAPI_CDECL napi_acquire_threadsafe_function(napi_threadsafe_function func) {
  if (func == NULL) {
    return napi_invalid_arg;
  }
  pthread_mutex_lock(&func->lock);
  napi_status status = napi_ok;
  if (func->closing) {
    status = napi_closing;
  } else {
    func->threads++;
  }
  pthread_mutex_unlock(&func->lock);
  return status;
}

napi_status NAPI_CDECL napi_release_threadsafe_function(napi_threadsafe_function func,
                                                        napi_threadsafe_function_release_mode mode) {
  if (func == NULL) {
    return napi_invalid_arg;
  }
  pthread_mutex_lock(&func->lock);
  if (func->threads == 0) {
    pthread_mutex_unlock(&func->lock);
    return napi_invalid_arg;
  }
  func->threads--;
  if ((func->threads == 0 || mode == napi_tsfn_abort) && !func->closing) {
    if (mode == napi_tsfn_abort) {
      func->closing = true;
      pthread_cond_broadcast(&func->space);
    }
    post_locked(func); /* the loop drains what is queued (or, aborted, finalizes) */
  }
  bool free_now = func->threads == 0 && func->finalized;
  pthread_mutex_unlock(&func->lock);
  if (free_now) {
    destroy(func);
  }
  return napi_ok;
}

/*
 * In Node, ref and unref decide whether the function keeps the event loop (the process) alive. A context here lives
 * until its owner closes it, whatever its functions: there is nothing to keep alive, so both are accepted and change
 * nothing (docs/async.md).
 */
napi_status NAPI_CDECL napi_ref_threadsafe_function(node_api_basic_env basic_env, napi_threadsafe_function func) {
  napi_env env = (napi_env)basic_env;
  CHECK_ENV(env);
  CHECK_ARG(env, func);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_unref_threadsafe_function(node_api_basic_env basic_env, napi_threadsafe_function func) {
  napi_env env = (napi_env)basic_env;
  CHECK_ENV(env);
  CHECK_ARG(env, func);
  return rt_clear_error(env);
}

/* ---- Teardown ------------------------------------------------------------------------------------------------ */

/* The code that names a function in messages: call_js, else the JavaScript function's callback, else finalize. */
static void* code_of(napi_env env, napi_threadsafe_function tsfn) {
  if (tsfn->call_js != NULL) {
    return (void*)tsfn->call_js;
  }
  napi_value js = NULL;
  if (tsfn->func != NULL && napi_get_reference_value(env, tsfn->func, &js) == napi_ok && js != NULL &&
      js->u.function.callback != NULL) {
    return (void*)js->u.function.callback;
  }
  return (void*)tsfn->finalize_cb;
}

void rt_tsfn_teardown(napi_env env) {
  rt_loop* loop = env->loop;
  while (loop != NULL && loop->tsfns != NULL) {
    napi_threadsafe_function tsfn = loop->tsfns;
    pthread_mutex_lock(&tsfn->lock);
    size_t held = tsfn->threads;
    tsfn->closing = true;
    tsfn->detached = held > 0;
    pthread_cond_broadcast(&tsfn->space); /* blocked callers answer napi_closing */
    pthread_mutex_unlock(&tsfn->lock);
    if (held > 0) {
      char where[400];
      void* code = code_of(env, tsfn);
      rt_describe_code(code, where, sizeof(where));
      rt_warn(env,
              "thread-safe function (call_js %s) was still held by %zu thread(s) when the context closed: it was "
              "finalized, their calls answer napi_closing, its memory is kept until they release it and its library "
              "stays mapped",
              where, held);
      Dl_info info; /* their code may run at any time: its library must never be unmapped under them */
      if (code != NULL && dladdr(code, &info) != 0 && info.dli_fname != NULL) {
        (void)dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD); /* kept for the life of the process, on purpose */
      }
    }
    finalize(env, tsfn);
  }
}

void rt_tsfn_free_all(napi_env env) {
  rt_loop* loop = env->loop;
  while (loop->tsfns != NULL) {
    napi_threadsafe_function tsfn = loop->tsfns;
    loop->tsfns = tsfn->next;
    pthread_mutex_lock(&tsfn->lock);
    tsfn->closing = true;
    tsfn->detached = tsfn->threads > 0;
    tsfn->finalized = true; /* freed without a teardown (the harness): no finalizer, the env is going */
    tsfn->env = NULL;
    tsfn->func = NULL; /* freed with the env's references */
    pthread_cond_broadcast(&tsfn->space);
    bool free_now = tsfn->threads == 0;
    pthread_mutex_unlock(&tsfn->lock);
    if (free_now) {
      destroy(tsfn);
    }
  }
}

/* ---- node_api_post_finalizer --------------------------------------------------------------------------------- */

typedef struct posted_finalizer {
  rt_task task; /* first */
  rt_finalizer fin;
} posted_finalizer;

static void run_posted(napi_env env, rt_task* task) {
  posted_finalizer* p = (posted_finalizer*)task;
  rt_finalizer fin = p->fin;
  free(p);
  rt_run_finalizer(env, fin);
}

static void drop_posted(napi_env env, rt_task* task) {
  (void)env;
  free(task); /* the env is freed: no finalizer runs (only without a teardown) */
}

/*
 * Node runs the finalizer later, outside the garbage collector's finalizer context. Here it runs in the next drain
 * of the env's loop; once the loop refuses tasks (teardown, past the works' phase) nothing would drain it, so it
 * runs at once: a finalizer here never runs inside a garbage collection, so nothing forbids it.
 */
/* Experimental in Node 20's headers, so not declared (nor exported) unless RT_EXPORT says so. */
RT_EXPORT napi_status NAPI_CDECL node_api_post_finalizer(node_api_basic_env basic_env, napi_finalize finalize_cb,
                                               void* finalize_data, void* finalize_hint) {
  napi_env env = (napi_env)basic_env;
  CHECK_ENV(env);
  CHECK_ARG(env, finalize_cb);
  rt_loop* loop = rt_loop_of(env);
  posted_finalizer* p = loop == NULL ? NULL : calloc(1, sizeof(*p));
  if (p == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  p->task.run = run_posted;
  p->task.drop = drop_posted;
  p->fin = (rt_finalizer){finalize_cb, finalize_data, finalize_hint};
  if (!rt_loop_post(env, &p->task)) {
    run_posted(env, &p->task);
  }
  return rt_clear_error(env);
}
