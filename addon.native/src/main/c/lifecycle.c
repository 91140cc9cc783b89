/*
 * Environment life cycle: creation, instance data, cleanup hooks (sync and async) and teardown.
 *
 * Teardown order, as measured in Node 20 (see README "Lifecycle semantics"):
 *   1. cleanup hooks, sync and async in one queue, newest first; a hook removed before its turn is skipped;
 *      async hooks are started in that sequence and then awaited (bounded) before anything else happens;
 *   2. finalizers of values still alive (napi_wrap, napi_create_external);
 *   3. the instance-data finalizer;
 *   4. hooks added during 1-3 run in later passes, again newest first.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loop.h"
#include "javafunctions.h"
#include "handles.h"
#include "valuetypes.h"

#define MAX_TEARDOWN_PASSES 16

void rt_warn(napi_env env, const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(line, sizeof(line), format, args);
  va_end(args);
  if (n < 0) {
    return;
  }
  size_t length = strlen(line);
  char* grown = realloc(env->warnings, env->warnings_length + length + 2);
  if (grown == NULL) {
    return;
  }
  env->warnings = grown;
  memcpy(env->warnings + env->warnings_length, line, length);
  env->warnings_length += length;
  env->warnings[env->warnings_length++] = '\n';
  env->warnings[env->warnings_length] = '\0';
}

napi_env rt_env_new(const char* module_name, const char* filename, int32_t module_api_version) {
  napi_env env = calloc(1, sizeof(*env));
  if (env == NULL) {
    return NULL;
  }
  env->magic = RT_ENV_MAGIC;
  env->module_name = strdup(module_name);
  env->filename = strdup(filename);
  env->module_api_version = module_api_version;
  env->refs.next = env->refs.prev = &env->refs;
  rt_store_init(env);
  env->global = rt_alloc(env, napi_object, 0);
  env->exports = rt_alloc(env, napi_object, 0);
  if (env->module_name == NULL || env->filename == NULL || env->global == NULL || env->exports == NULL) {
    rt_env_free(env);
    return NULL;
  }
  rt_retain(env->global);
  rt_retain(env->exports);
  return env;
}

/* ---- Addon code called by the runtime: hooks and finalizers ----------------------------------------------- */
/*
 * Nobody is there to catch what a cleanup hook or a finalizer throws, nor to look at the status of a Node-API call
 * it makes: so the runtime looks after it, names the code (address, and its symbol if the library exports one)
 * and warns. The warning reaches the log through the env's warnings, which Java prefixes with context and module.
 */

static const char* code_kind_name(int kind) {
  switch (kind) {
    case RT_CODE_HOOK:
      return "cleanup hook";
    case RT_CODE_ASYNC_HOOK:
      return "async cleanup hook";
    case RT_CODE_FINALIZER:
      return "finalizer";
    case RT_CODE_INSTANCE_FINALIZER:
      return "instance-data finalizer";
    case RT_CODE_COMPLETE:
      return "async work complete callback";
    case RT_CODE_EXECUTE:
      return "async work execute callback";
    case RT_CODE_CALL_JS:
      return "thread-safe function call_js";
    case RT_CODE_TSFN_FINALIZER:
      return "thread-safe function finalizer";
    default:
      return "addon code";
  }
}

/* "symbol (file+0xoffset, at 0xaddress)", or without the symbol when the library does not export one (a static
   function: dladdr would answer the nearest exported symbol, which would be a lie, so its answer is checked). */
void rt_describe_code(void* code, char* out, size_t size) {
  Dl_info info;
  if (code == NULL || dladdr(code, &info) == 0 || info.dli_fname == NULL) {
    snprintf(out, size, "at %p", code);
    return;
  }
  uintptr_t offset = (uintptr_t)code - (uintptr_t)info.dli_fbase;
  if (info.dli_sname != NULL && info.dli_saddr == code) {
    snprintf(out, size, "%s (%s+0x%" PRIxPTR ", at %p)", info.dli_sname, info.dli_fname, offset, code);
  } else {
    snprintf(out, size, "at %p (%s+0x%" PRIxPTR ", no exported symbol)", code, info.dli_fname, offset);
  }
}

bool rt_describe_running(napi_env env, char* out, size_t size) {
  void* code = __atomic_load_n(&env->running_code, __ATOMIC_ACQUIRE);
  int kind = __atomic_load_n(&env->running_kind, __ATOMIC_RELAXED);
  if (code == NULL) {
    return false;
  }
  char where[400];
  rt_describe_code(code, where, sizeof(where));
  snprintf(out, size, "%s %s", code_kind_name(kind), where);
  return true;
}

rt_code_frame rt_code_enter(napi_env env, enum rt_code_kind kind, void* code) {
  rt_code_frame saved = {__atomic_load_n(&env->running_code, __ATOMIC_RELAXED),
                         __atomic_load_n(&env->running_kind, __ATOMIC_RELAXED), env->code_failure,
                         env->code_failure_message, env->pending_exception};
  env->code_failure = napi_ok;
  env->code_failure_message = NULL;
  __atomic_store_n(&env->running_kind, (int)kind, __ATOMIC_RELAXED);
  __atomic_store_n(&env->running_code, code, __ATOMIC_RELEASE);
  return saved;
}

/* What was thrown, as "Name: message [code]" or the thrown value's text; plain data properties only (no getters:
   this must not call back into the addon). */
static void describe_thrown(napi_value thrown, char* out, size_t size) {
  if (rt_type(thrown) == napi_object) {
    rt_prop* message = rt_find_prop(thrown, "message");
    rt_prop* code = rt_find_prop(thrown, "code");
    bool has_message = message != NULL && message->getter == NULL && message->value != NULL &&
                       rt_type(message->value) == napi_string;
    bool has_code = code != NULL && code->getter == NULL && code->value != NULL && rt_type(code->value) == napi_string;
    snprintf(out, size, "%s: %.300s%s%.80s%s", (thrown->flags & RT_ERROR) ? rt_error_name(thrown) : "object",
             has_message ? message->value->u.string.data : "(no message)", has_code ? " [code " : "",
             has_code ? code->value->u.string.data : "", has_code ? "]" : "");
  } else if (rt_type(thrown) == napi_string) {
    snprintf(out, size, "the string '%.300s'", thrown->u.string.data);
  } else if (rt_type(thrown) == napi_number) {
    snprintf(out, size, "the number %.17g", rt_number(thrown));
  } else {
    snprintf(out, size, "a value of type %d", (int)rt_type(thrown));
  }
}

void rt_code_leave(napi_env env, const rt_code_frame* saved) {
  void* code = __atomic_load_n(&env->running_code, __ATOMIC_RELAXED);
  int kind = __atomic_load_n(&env->running_kind, __ATOMIC_RELAXED);
  napi_value thrown = env->pending_exception;
  bool threw = thrown != NULL && thrown != saved->pending_before;
  if (threw || env->code_failure != napi_ok) {
    char where[400];
    rt_describe_code(code, where, sizeof(where));
    if (threw) {
      char what[512];
      describe_thrown(thrown, what, sizeof(what));
      rt_warn(env, "%s %s threw %s; nobody can catch it there: the exception is dropped", code_kind_name(kind),
              where, what);
      env->pending_exception = NULL; /* else every later Node-API call of the teardown fails as pending */
      rt_release(env, thrown);
    }
    if (env->code_failure != napi_ok) {
      rt_warn(env, "%s %s: a Node-API call failed with status %d (%s)", code_kind_name(kind), where,
              (int)env->code_failure,
              env->code_failure_message != NULL ? env->code_failure_message : rt_status_message(env->code_failure));
    }
  }
  env->code_failure = saved->failure;
  env->code_failure_message = saved->failure_message;
  __atomic_store_n(&env->running_code, saved->code, __ATOMIC_RELEASE);
  __atomic_store_n(&env->running_kind, saved->kind, __ATOMIC_RELAXED);
}

void rt_run_finalizer(napi_env env, rt_finalizer fin) {
  rt_code_frame saved = rt_code_enter(env, RT_CODE_FINALIZER, (void*)fin.cb);
  fin.cb(env, fin.data, fin.hint);
  rt_code_leave(env, &saved);
  env->finalizers_run++;
}

/* ---- Instance data ------------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_set_instance_data(node_api_basic_env nogc_env, void* data, napi_finalize finalize_cb,
                                              void* finalize_hint) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  if (env->instance_finalize != NULL || env->instance_data != NULL) {
    /* Node 20 replaces the data and never calls the old finalizer: the old data leaks. Same here, said aloud. */
    rt_warn(env,
            "napi_set_instance_data called again: the previous data and its finalizer are dropped without "
            "running the finalizer (as in Node.js)");
  }
  env->instance_data = data;
  env->instance_finalize = finalize_cb;
  env->instance_hint = finalize_hint;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_instance_data(node_api_basic_env nogc_env, void** data) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, data);
  *data = env->instance_data;
  return rt_clear_error(env);
}

/* ---- Cleanup hooks ------------------------------------------------------------------------------------- */

static rt_hook* add_hook(napi_env env) {
  if (env->hook_count == env->hook_cap) {
    size_t cap = env->hook_cap == 0 ? 8 : env->hook_cap * 2;
    rt_hook* grown = realloc(env->hooks, cap * sizeof(*grown));
    if (grown == NULL) {
      return NULL;
    }
    env->hooks = grown;
    env->hook_cap = cap;
  }
  rt_hook* hook = &env->hooks[env->hook_count++];
  memset(hook, 0, sizeof(*hook));
  hook->seq = ++env->next_hook_seq;
  return hook;
}

static rt_hook* find_sync_hook(napi_env env, void (*fn)(void*), void* arg) {
  for (size_t i = 0; i < env->hook_count; i++) {
    rt_hook* h = &env->hooks[i];
    if (!h->removed && h->fn == fn && h->arg == arg) {
      return h;
    }
  }
  return NULL;
}

napi_status NAPI_CDECL napi_add_env_cleanup_hook(node_api_basic_env nogc_env, napi_cleanup_hook fun, void* arg) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, fun);
  if (find_sync_hook(env, fun, arg) != NULL) {
    /* Node aborts the process here. A JVM hosts much more than this addon: refuse and say so instead. */
    rt_warn(env, "napi_add_env_cleanup_hook: this hook and argument are already registered; refused "
                 "(Node.js would abort the process)");
    return rt_set_error(env, napi_invalid_arg);
  }
  rt_hook* hook = add_hook(env);
  if (hook == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  hook->fn = fun;
  hook->arg = arg;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_remove_env_cleanup_hook(node_api_basic_env nogc_env, napi_cleanup_hook fun, void* arg) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, fun);
  rt_hook* hook = find_sync_hook(env, fun, arg);
  if (hook != NULL) {
    hook->removed = true;
  }
  return rt_clear_error(env); /* removing an unknown hook is a no-op in Node too */
}

napi_status NAPI_CDECL napi_add_async_cleanup_hook(node_api_basic_env nogc_env, napi_async_cleanup_hook hook,
                                                   void* arg, napi_async_cleanup_hook_handle* remove_handle) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, hook);
  napi_async_cleanup_hook_handle handle = calloc(1, sizeof(*handle));
  rt_hook* entry = handle == NULL ? NULL : add_hook(env);
  if (entry == NULL) {
    free(handle);
    return rt_set_error(env, napi_generic_failure);
  }
  pthread_mutex_init(&handle->lock, NULL);
  pthread_cond_init(&handle->cond, NULL);
  handle->env = env;
  handle->fn = hook;
  handle->arg = arg;
  handle->holders = 1;
  entry->async_fn = hook;
  entry->arg = arg;
  entry->handle = handle;
  if (remove_handle != NULL) {
    *remove_handle = handle;
  }
  return rt_clear_error(env);
}

static void free_handle(napi_async_cleanup_hook_handle handle) {
  pthread_mutex_destroy(&handle->lock);
  pthread_cond_destroy(&handle->cond);
  free(handle);
}

/* Lets go of one hold on the handle; the last holder frees it. Called with the handle's lock held. */
static void let_go(napi_async_cleanup_hook_handle handle) {
  bool last = --handle->holders == 0;
  pthread_mutex_unlock(&handle->lock);
  if (last) {
    free_handle(handle);
  }
}

napi_status NAPI_CDECL napi_remove_async_cleanup_hook(napi_async_cleanup_hook_handle remove_handle) {
  if (remove_handle == NULL) {
    return napi_invalid_arg;
  }
  pthread_mutex_lock(&remove_handle->lock);
  if (remove_handle->done) {
    pthread_mutex_unlock(&remove_handle->lock);
    return napi_invalid_arg; /* removed twice: the handle may already be gone, but say so if it is not */
  }
  remove_handle->done = true;
  if (!remove_handle->started) {
    /* Removed before teardown reached it: it must never run. Done on a thread that calls into the context. */
    napi_env env = remove_handle->env;
    for (size_t i = 0; i < env->hook_count; i++) {
      if (env->hooks[i].handle == remove_handle) {
        env->hooks[i].removed = true;
        env->hooks[i].handle = NULL;
      }
    }
  }
  pthread_cond_broadcast(&remove_handle->cond);
  let_go(remove_handle);
  return napi_ok;
}

/* Waits until every started async hook has called napi_remove_async_cleanup_hook, or the deadline passes. */
static void await_async_hooks(napi_env env, napi_async_cleanup_hook_handle* started, size_t count,
                              int64_t wait_millis) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += wait_millis / 1000;
  deadline.tv_nsec += (wait_millis % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  size_t abandoned = 0;
  for (size_t i = 0; i < count; i++) {
    napi_async_cleanup_hook_handle handle = started[i];
    pthread_mutex_lock(&handle->lock);
    while (!handle->done) {
      if (pthread_cond_timedwait(&handle->cond, &handle->lock, &deadline) == ETIMEDOUT) {
        break;
      }
    }
    if (!handle->done) {
      abandoned++;
      handle->env = NULL;
    }
    let_go(handle);
  }
  if (abandoned > 0) {
    rt_warn(env,
            "%zu async cleanup hook(s) did not call napi_remove_async_cleanup_hook within %lld ms; teardown went on "
            "without them",
            abandoned, (long long)wait_millis);
  }
}

static int newest_first(const void* a, const void* b) {
  uint64_t x = ((const rt_hook*)a)->seq;
  uint64_t y = ((const rt_hook*)b)->seq;
  return x < y ? 1 : x > y ? -1 : 0;
}

/* Runs the hooks registered so far, newest first. Returns how many ran. */
static size_t run_hook_pass(napi_env env, int64_t async_wait_millis) {
  size_t count = env->hook_count;
  if (count == 0) {
    return 0;
  }
  /* Snapshot, so hooks may add or remove hooks while we iterate; additions wait for the next pass. */
  rt_hook* pass = malloc(count * sizeof(*pass));
  napi_async_cleanup_hook_handle* started = malloc(count * sizeof(*started));
  if (pass == NULL || started == NULL) {
    free(pass);
    free(started);
    return 0;
  }
  memcpy(pass, env->hooks, count * sizeof(*pass));
  qsort(pass, count, sizeof(*pass), newest_first);
  size_t ran = 0;
  size_t started_count = 0;
  for (size_t i = 0; i < count; i++) {
    /* Look the entry up again: an earlier hook of this pass may have removed it. */
    rt_hook* live = NULL;
    for (size_t j = 0; j < env->hook_count; j++) {
      if (env->hooks[j].seq == pass[i].seq) {
        live = &env->hooks[j];
        break;
      }
    }
    if (live == NULL || live->removed) {
      continue;
    }
    live->removed = true;
    ran++;
    env->hooks_run++;
    size_t mark = env->handle_count;
    if (live->async_fn != NULL) {
      napi_async_cleanup_hook_handle handle = live->handle;
      pthread_mutex_lock(&handle->lock);
      handle->started = true;
      handle->holders++;
      pthread_mutex_unlock(&handle->lock);
      started[started_count++] = handle;
      rt_code_frame saved = rt_code_enter(env, RT_CODE_ASYNC_HOOK, (void*)handle->fn);
      handle->fn(handle, handle->arg);
      rt_code_leave(env, &saved);
    } else {
      void (*fn)(void*) = live->fn; /* live may move: the hook may add hooks (realloc) */
      rt_code_frame saved = rt_code_enter(env, RT_CODE_HOOK, (void*)fn);
      fn(live->arg);
      rt_code_leave(env, &saved);
    }
    rt_scope_release_to(env, mark);
  }
  /* Drop the entries that ran or were removed; keep the ones added during this pass. */
  size_t kept = 0;
  for (size_t j = 0; j < env->hook_count; j++) {
    if (!env->hooks[j].removed) {
      env->hooks[kept++] = env->hooks[j];
    }
  }
  env->hook_count = kept;
  if (started_count > 0) {
    await_async_hooks(env, started, started_count, async_wait_millis);
  }
  free(started);
  free(pass);
  return ran;
}

/*
 * How an env lets go of its values, in the order of Node's ~napi_env__: the finalizers of values still alive
 * (napi_wrap, napi_create_external) while every value is still valid, so that a finalizer may look at other values;
 * then the references, which those finalizers may still have deleted; then the sweep, which frees every value
 * whatever its count (cycles included). The one place that decides this order: teardown and rt_env_free call it.
 */
static void release_values(napi_env env) {
  rt_scope_release_to(env, 0);
  /* Java's handles first (lifecycle: a closed context's handles hold nothing): a value only they held goes now,
     its finalizers run as for any last release, while every other value is still valid. */
  rt_handles_release_all(env);
  rt_loop_forget_promises(env);
  rt_store_begin_sweep(env);
  for (napi_value v = env->values.next; v != &env->values; v = v->next) {
    rt_run_value_finalizers(env, v);
  }
  rt_release_refs(env);
  env->object_prototype = NULL; /* freed by the sweep, as every value */
  env->global_filled = false;
  rt_store_sweep(env);
}

/*
 * Frees every value, the global object and the exports included, then gives the env fresh, empty ones. The
 * instance-data finalizer and hooks added during teardown run after a sweep and may still use the context
 * (napi_get_global, as they may in Node): without this they got pointers to freed values. Found by the
 * sanitizer harness (addon.native/src/test/harness, test_late_hooks_and_finalizers).
 */
static void sweep_values(napi_env env) {
  release_values(env);
  env->global = rt_alloc(env, napi_object, 0);
  env->exports = rt_alloc(env, napi_object, 0);
  rt_retain(env->global);
  rt_retain(env->exports);
}

void rt_env_teardown(napi_env env, int64_t async_wait_millis) {
  if (env->tearing_down) {
    return;
  }
  env->tearing_down = true;
  rt_loop_teardown(env, async_wait_millis); /* works finish and complete first, as when a Worker ends */
  run_hook_pass(env, async_wait_millis);
  rt_tsfn_teardown(env); /* after the hooks, even if a thread still holds one, as in Node */
  /* A pending exception nobody will see any more: release it so that its value can be finalized. */
  if (env->pending_exception != NULL) {
    rt_release(env, env->pending_exception);
    env->pending_exception = NULL;
  }
  sweep_values(env);
  if (env->instance_finalize != NULL) {
    napi_finalize finalize = env->instance_finalize;
    env->instance_finalize = NULL;
    rt_code_frame saved = rt_code_enter(env, RT_CODE_INSTANCE_FINALIZER, (void*)finalize);
    finalize(env, env->instance_data, env->instance_hint);
    rt_code_leave(env, &saved);
    env->finalizers_run++;
  }
  for (int pass = 1; env->hook_count > 0; pass++) {
    if (pass > MAX_TEARDOWN_PASSES) {
      rt_warn(env, "cleanup hooks kept adding hooks during teardown; %zu left unrun after %d passes",
              env->hook_count, MAX_TEARDOWN_PASSES);
      break;
    }
    run_hook_pass(env, async_wait_millis);
  }
  rt_tsfn_teardown(env); /* made by late hooks */
  sweep_values(env); /* values created by late hooks */
}

void rt_env_free(napi_env env) {
  if (env == NULL) {
    return;
  }
  rt_loop_free(env);
  release_values(env);
  rt_free_refs(env);
  for (size_t i = 0; i < env->hook_count; i++) {
    if (env->hooks[i].handle != NULL && !env->hooks[i].handle->started) {
      free_handle(env->hooks[i].handle); /* never started and never removed: nobody else holds it */
    }
  }
  rt_free_value_types(env);
  rt_java_functions_free(env);
  free(env->hooks);
  free(env->warnings);
  free(env->module_name);
  free(env->filename);
  env->magic = 0;
  free(env);
}

