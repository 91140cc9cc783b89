/*
 * The value store of an env: allocation (with a free list of recycled structs), reference counts, the handle stack
 * that handle scopes mark, and the sweep that frees whatever is left when the env goes (cycles included). Which
 * values exist and how long they live is decided here; what they mean is values.c's and objects.c's. The order in
 * which an env lets go of everything is lifecycle.c's (release_values).
 */
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "valuetypes.h"

static void link_value(napi_env env, napi_value v) {
  v->next = env->values.next;
  v->prev = &env->values;
  env->values.next->prev = v;
  env->values.next = v;
  env->live_values++;
}

static void unlink_value(napi_env env, napi_value v) {
  v->prev->next = v->next;
  v->next->prev = v->prev;
  v->prev = v->next = NULL;
  env->live_values--;
}

#define MAX_FREE_VALUES 256

napi_value rt_alloc(napi_env env, napi_valuetype type, uint8_t flags) {
  napi_value v = env->free_values;
  if (v != NULL) {
    env->free_values = v->next;
    env->free_count--;
    /* Field by field, not memset: a value-sized memset compiles to `rep stos`, which alone cost half of a call. */
    v->u.bytes.data = NULL;
    v->u.bytes.length = 0;
    v->u.bytes.borrowed = false;
    v->u.bytes.detached = false;
    v->props = NULL;
    v->prop_count = v->prop_cap = 0;
    v->elems = NULL;
    v->elem_count = v->elem_cap = 0;
    v->u.function.name = NULL; /* past u.bytes' data and length, which cleared callback and data */
    v->wrapped = NULL;
    v->has_wrap = false;
    v->strict = false;
    v->finalizer.cb = NULL;
    v->finalizer.data = NULL;
    v->finalizer.hint = NULL;
    v->extra = NULL;
  } else {
    v = calloc(1, sizeof(*v));
    if (v == NULL) {
      return NULL;
    }
  }
  v->type = (uint8_t)type;
  v->flags = flags;
  v->refs = 0;
  link_value(env, v);
  return v;
}

bool rt_push_handle(napi_env env, napi_value v) {
  if (env->handle_count == env->handle_cap) {
    size_t cap = env->handle_cap == 0 ? 16 : env->handle_cap * 2; /* doubles: a call's few, an init's dozens */
    napi_value* grown = realloc(env->handles, cap * sizeof(*grown));
    if (grown == NULL) {
      return false;
    }
    env->handles = grown;
    env->handle_cap = cap;
  }
  env->handles[env->handle_count++] = v;
  return true;
}

napi_value rt_new_handle(napi_env env, napi_value v) {
  if (v == NULL) {
    return NULL;
  }
  if (rt_flags(v) & RT_STATIC) {
    return v;
  }
  if (!rt_push_handle(env, v)) {
    if (v->refs == 0) {
      rt_release(env, v); /* frees a value nobody holds */
    }
    return NULL;
  }
  v->refs++;
  return v;
}

void rt_retain(napi_value v) {
  if (v != NULL && !(rt_flags(v) & RT_STATIC)) {
    v->refs++;
  }
}

/* ---- The optional parts of a value (see rt_object_extra) ------------------------------------------------- */

rt_object_extra* rt_extra(napi_value v) {
  if (v->extra == NULL) {
    v->extra = calloc(1, sizeof(*v->extra));
  }
  return v->extra;
}

/* The value is going: its weak references read NULL from now on (before its finalizers run, as in Node). */
void rt_clear_weak_refs(napi_value v) {
  if (v->extra == NULL) {
    return;
  }
  while (v->extra->weak_refs != NULL) {
    napi_ref ref = v->extra->weak_refs;
    v->extra->weak_refs = ref->weak_next;
    ref->weak_next = NULL;
    ref->weak_pprev = NULL;
    ref->value = NULL;
  }
}

/* Runs the value's finalizers once each: the wrap's or external's, then those napi_add_finalizer added, newest
   first. A finalizer may add another (or free more values): the loop takes them as they come. */
void rt_run_value_finalizers(napi_env env, napi_value v) {
  if (v->finalizer.cb != NULL) {
    rt_finalizer fin = v->finalizer;
    v->finalizer.cb = NULL;
    rt_run_finalizer(env, fin);
  }
  while (v->extra != NULL && v->extra->finalizer_count > 0) {
    rt_finalizer fin = v->extra->finalizers[--v->extra->finalizer_count];
    rt_run_finalizer(env, fin);
  }
}

void rt_free_extra(napi_env env, napi_value v, bool release_children) {
  rt_object_extra* extra = v->extra;
  if (extra == NULL) {
    return;
  }
  v->extra = NULL;
  if (release_children) {
    rt_release(env, extra->proto);
  }
  if (extra->promise != NULL) {
    rt_promise_free(env, extra->promise, release_children);
  }
  free(extra->finalizers);
  free(extra);
}

/* Frees what the value owns and the value itself; children are released, not freed. */
static void destroy_value(napi_env env, napi_value v, bool release_children) {
  rt_clear_weak_refs(v);
  if (v->finalizer.cb != NULL || v->extra != NULL) {
    rt_run_value_finalizers(env, v);
  }
  if (v->props != NULL) { /* numbers and strings, most values, own nothing more: skip the calls */
    for (uint32_t i = 0; i < v->prop_count; i++) {
      if (!v->props[i].static_key) {
        free(v->props[i].key);
      }
      if (release_children) {
        rt_release(env, v->props[i].value);
      }
    }
    free(v->props);
  }
  if (v->elems != NULL) {
    for (uint32_t i = 0; i < v->elem_count; i++) {
      if (release_children) {
        rt_release(env, v->elems[i]);
      }
    }
    free(v->elems);
  }
  if (v->type == napi_function) {
    free(v->u.function.name);
  }
  if (v->type == napi_string) {
    free(v->u.string.data);
  } else if (v->type == napi_symbol || v->type == napi_bigint || (v->flags & (RT_VIEW | RT_BOXED))) {
    rt_destroy_value_type(env, v, release_children);
  }
  if ((v->flags & (RT_ARRAYBUFFER | RT_BUFFER)) && !v->u.bytes.borrowed) {
    free(v->u.bytes.data);
  }
  rt_free_extra(env, v, release_children);
  unlink_value(env, v);
  if (!env->sweeping && env->free_count < MAX_FREE_VALUES) {
    v->next = env->free_values;
    env->free_values = v;
    env->free_count++;
  } else {
    free(v);
  }
}

void rt_release(napi_env env, napi_value v) {
  if (v == NULL || (rt_flags(v) & RT_STATIC)) {
    return;
  }
  if (v->refs > 0) {
    v->refs--;
  }
  if (v->refs == 0 && !env->sweeping) {
    destroy_value(env, v, true);
  }
}

void rt_scope_release_to(napi_env env, size_t mark) {
  while (env->handle_count > mark) {
    napi_value v = env->handles[--env->handle_count];
    rt_release(env, v);
  }
}

static void init_static(napi_env env, napi_value v, napi_valuetype type) {
  (void)env;
  memset(v, 0, sizeof(*v));
  v->type = (uint8_t)type;
  v->flags = RT_STATIC;
}

void rt_store_init(napi_env env) {
  env->values.next = env->values.prev = &env->values;
  init_static(env, &env->undefined_value, napi_undefined);
  init_static(env, &env->null_value, napi_null);
  init_static(env, &env->true_value, napi_boolean);
  env->true_value.u.boolean = true;
  init_static(env, &env->false_value, napi_boolean);
  env->false_value.u.boolean = false;
  init_static(env, &env->escape_placeholder, napi_undefined);
}

/* From here until rt_store_sweep, releases only count down: nothing is freed before the sweep. */
void rt_store_begin_sweep(napi_env env) {
  env->sweeping = true;
}

/*
 * Frees every value still alive, cycles included, whatever its count; then the handle stack and the recycled
 * structs. Finalizers are not run here: teardown ran them (lifecycle.c, release_values) before the sweep began.
 */
void rt_store_sweep(napi_env env) {
  env->sweeping = true;
  while (env->values.next != &env->values) {
    destroy_value(env, env->values.next, false);
  }
  free(env->handles);
  env->handles = NULL;
  env->handle_count = env->handle_cap = 0;
  while (env->free_values != NULL) {
    napi_value next = env->free_values->next;
    free(env->free_values);
    env->free_values = next;
  }
  env->free_count = 0;
  env->sweeping = false;
}

/*
 * After a module's init: the handle stack grew while the exports were made and is empty again, and the recycled
 * structs are the init's temporaries. A context may stay idle for long (thousands of them, each with its env):
 * it need not keep either. The first call grows them again.
 */
void rt_store_trim(napi_env env) {
  if (env->handle_count == 0) {
    free(env->handles);
    env->handles = NULL;
    env->handle_cap = 0;
  }
  while (env->free_values != NULL) {
    napi_value next = env->free_values->next;
    free(env->free_values);
    env->free_values = next;
  }
  env->free_count = 0;
}

bool rt_is_object_like(napi_value v) {
  return !rt_is_immediate(v) && (v->type == napi_object || v->type == napi_function);
}
