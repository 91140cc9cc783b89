/*
 * The event loop of an env, without a thread of its own (see docs/async.md).
 *
 * Whatever Node would run on the environment's thread after the call that caused it (an async work's complete
 * callback, a thread-safe function's call_js, a posted finalizer) becomes a task in the env's loop queue.
 * Any thread may post (rt_loop_post, under the loop's mutex); the first post into an empty queue wakes the host
 * (bridge.c: a JNI upcall that makes Java schedule a drain of the context). The host runs the tasks on a thread
 * that holds the context's gate (rt_loop_run), serialized with every call, never concurrently with one.
 *
 * The loop is made on first use (an env that never queues work nor makes a promise costs one NULL pointer).
 *
 * Async work runs on a process-wide pool of native threads (async.c), started at the first napi_queue_async_work.
 */
#ifndef ADDON_LOOP_H
#define ADDON_LOOP_H

#include "codec.h"

/* One unit of work for the env's thread. A thread-safe function would embed one per queued call. */
typedef struct rt_task {
  void (*run)(napi_env env, struct rt_task* task); /* on the env's thread, inside rt_loop_run */
  void (*drop)(napi_env env, struct rt_task* task); /* the env is freed before the task ran: free it, run nothing */
  struct rt_task* next;
} rt_task;

struct napi_async_work__;
struct napi_deferred__;

/* A future of Java to settle: each crossing of a promise to Java is a ticket of its own (one future each). */
typedef struct rt_settlement {
  napi_value promise;
  uint64_t ticket;
} rt_settlement;

typedef struct rt_loop {
  pthread_mutex_t lock; /* guards tasks, signalled, settled */
  rt_task* head;
  rt_task* tail;
  bool signalled; /* the host was woken and has not taken the queue since: no second wake */
  /* Settlements of promises Java holds futures of, not yet reported: one reference to the promise each. */
  struct rt_settlement* settled;
  size_t settled_count, settled_cap;
  /* Guarded by the pool's lock (async.c). */
  struct napi_async_work__* works; /* every work of this env not deleted yet */
  size_t outstanding;              /* works queued or executing on the pool */
  bool closing;                    /* teardown started: no more wakes */
  bool refusing;                   /* the works' phase of teardown is over: queueing answers napi_closing */
  /* The env's thread only. */
  bool draining;
  struct napi_deferred__* deferreds; /* unsettled deferreds: freed with the env */
  struct napi_threadsafe_function__* tsfns; /* not finalized yet (tsfn.c) */
  uint64_t next_ticket;
} rt_loop;

/* The env's loop, made if needed (NULL if out of memory). Call on the env's thread. */
rt_loop* rt_loop_of(napi_env env);
/* Queues a task from any thread; wakes the host if the queue was idle. False if the env is closing (not queued). */
bool rt_loop_post(napi_env env, rt_task* task);
/* Runs the tasks queued now (not those they post), each in its own handle scope. Returns how many ran. */
size_t rt_loop_run(napi_env env);
/* Wakes the host unless it was woken already or the env is being drained (a settlement, say). */
void rt_loop_signal(napi_env env);

/*
 * The promises exported to Java and settled since the last call, encoded: u32 count, then per promise u64 id, u8
 * state (1 fulfilled, 2 rejected, 3 the value cannot be converted), the value (fulfilled), the exception's name,
 * message and code (rejected) or the problem (string). Returns false if there are none.
 */
bool rt_loop_take_settled(napi_env env, rt_buf* out, rt_limits limits);
/* After the host's drain: frees the handle stack, recycled values and settlements' array if the env is idle. */
void rt_loop_trim_if_idle(napi_env env);

/* ---- Promises (promises.c) ---- */
typedef struct rt_promise {
  napi_value result; /* one reference, once settled */
  uint64_t* tickets; /* the crossings to Java waiting for the settlement */
  size_t ticket_count;
  uint8_t state; /* 0 pending, 1 fulfilled, 2 rejected */
} rt_promise;

/* codec.c: a ticket for one crossing of the promise to Java (0 if out of memory); reported now if settled. */
uint64_t rt_promise_export(napi_env env, napi_value promise);
void rt_promise_free(napi_env env, rt_promise* promise, bool release_children);

/* ---- Teardown (async.c), in rt_env_teardown's order ---- */
/* Lets running and queued works finish and runs their completions (and other tasks) until wait_millis pass. */
void rt_loop_teardown(napi_env env, int64_t wait_millis);
/* release_values, before the sweep: deferreds still unsettled forget their promise (settling them is a no-op). */
void rt_loop_forget_promises(napi_env env);
/* rt_loop_free: the deferreds never settled are freed. */
void rt_loop_free_deferreds(rt_loop* loop);
/* rt_env_free: frees the loop, the tasks never run, works and deferreds left. */
void rt_loop_free(napi_env env);

/* ---- Thread-safe functions (tsfn.c) ---- */
/* Teardown, after the cleanup hooks: every function is finalized, those still held are detached and named. */
void rt_tsfn_teardown(napi_env env);
/* rt_loop_free, after its tasks were dropped: functions left are freed unless a thread holds them (no finalizer). */
void rt_tsfn_free_all(napi_env env);

/* Experimental in Node 20's headers (NAPI_EXPERIMENTAL): declared here so that tsfn.c's definition is checked. */
napi_status NAPI_CDECL node_api_post_finalizer(node_api_basic_env env, napi_finalize finalize_cb, void* finalize_data,
                                               void* finalize_hint);

/* The process-wide pool (async.c): threads used once started; stop lets idle threads end. */
void rt_pool_configure(int threads);
void rt_pool_stop(void);
int rt_pool_started_threads(void);
/* bridge.c: a pool thread is ending; it lets go of what the host attached to it (the JVM's thread), if any. */
void rt_host_pool_thread_exit(void);

#endif
