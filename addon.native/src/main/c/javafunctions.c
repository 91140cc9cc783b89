/* Java functions as JavaScript functions: the table of an env and the trampoline (see javafunctions.h). */
#include "javafunctions.h"

#include <stdlib.h>

/* One Java function alive as a value of the env; the table holds no reference to it (its finalizer removes it). */
typedef struct java_slot {
  uint64_t id;
  napi_value value;
} java_slot;

/*
 * A few functions at a time are usual (a callback or two per call, freed with the call's handles), so a plain
 * array searched from the end (the newest first) is enough.
 */
struct rt_java_functions {
  const rt_java_host* host;
  rt_limits limits;
  java_slot* slots;
  size_t count, cap;
};

static java_slot* find(struct rt_java_functions* t, uint64_t id) {
  for (size_t i = t->count; i > 0; i--) {
    if (t->slots[i - 1].id == id) {
      return &t->slots[i - 1];
    }
  }
  return NULL;
}

static napi_value trampoline(napi_env env, napi_callback_info info) {
  uint64_t id = (uint64_t)(uintptr_t)info->data;
  struct rt_java_functions* t = env->java_functions;
  if (env->tearing_down || t == NULL) {
    napi_throw_error(env, NULL, "the context is closing: its Java functions cannot be called any more");
    return NULL;
  }
  /* The call's own handles (arguments encoded, the answer decoded) go when it returns, as in a V8 callback's
     HandleScope: a forEach over many elements does not pile them up in the addon's scope. */
  size_t mark = env->handle_count;
  napi_value result = t->host->call(env, id, info->this_arg, info->argc, info->argv, t->limits);
  if (result == NULL) {
    rt_scope_release_to(env, mark); /* the pending exception holds its own reference */
    return NULL;
  }
  rt_retain(result);
  rt_scope_release_to(env, mark);
  napi_value handle = rt_new_handle(env, result);
  rt_release(env, result);
  if (handle == NULL) {
    napi_throw_error(env, NULL, "out of memory returning the result of a Java function");
  }
  return handle;
}

/* The function value is being freed: out of the table, and Java may let go of the object. */
static void released(napi_env env, void* data, void* hint) {
  (void)hint;
  uint64_t id = (uint64_t)(uintptr_t)data;
  struct rt_java_functions* t = env->java_functions;
  java_slot* slot = t == NULL ? NULL : find(t, id);
  if (slot == NULL) {
    return;
  }
  *slot = t->slots[--t->count];
  if (!env->tearing_down) { /* a closing context lets go of all its Java functions at once (AddonImpl) */
    t->host->released(env, id);
  }
}

static struct rt_java_functions* table(napi_env env, const rt_java_host* host) {
  if (env->java_functions == NULL) {
    env->java_functions = calloc(1, sizeof(*env->java_functions));
    if (env->java_functions == NULL) {
      return NULL;
    }
  }
  env->java_functions->host = host;
  return env->java_functions;
}

napi_value rt_java_function(napi_env env, uint64_t id, const rt_java_host* host, rt_limits limits) {
  struct rt_java_functions* t = table(env, host);
  if (t == NULL) {
    return NULL;
  }
  t->limits = limits;
  java_slot* slot = find(t, id);
  if (slot != NULL) {
    return rt_new_handle(env, slot->value);
  }
  if (t->count == t->cap) {
    size_t cap = t->cap == 0 ? 8 : t->cap * 2;
    java_slot* grown = realloc(t->slots, cap * sizeof(*grown));
    if (grown == NULL) {
      return NULL;
    }
    t->slots = grown;
    t->cap = cap;
  }
  napi_value f = rt_make_function(env, "", 0, trampoline, (void*)(uintptr_t)id);
  if (f == NULL) {
    return NULL;
  }
  f->strict = true; /* as a 'use strict' JavaScript function passed to an addon in Node: see napi_call_function */
  if (napi_add_finalizer(env, f, (void*)(uintptr_t)id, released, NULL, NULL) != napi_ok) {
    return NULL; /* f goes with the call's handles, never seen by Java's registry: no slot to remove */
  }
  t->slots[t->count++] = (java_slot){id, f};
  return f;
}

bool rt_java_function_id(napi_value v, uint64_t* id) {
  if (v == NULL || rt_type(v) != napi_function || v->u.function.callback != trampoline) {
    return false;
  }
  *id = (uint64_t)(uintptr_t)v->u.function.data;
  return true;
}

size_t rt_java_function_count(napi_env env) {
  return env->java_functions == NULL ? 0 : env->java_functions->count;
}

void rt_java_functions_free(napi_env env) {
  if (env->java_functions != NULL) {
    free(env->java_functions->slots);
    free(env->java_functions);
    env->java_functions = NULL;
  }
}
