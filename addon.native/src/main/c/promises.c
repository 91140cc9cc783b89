/*
 * Promises (napi_create_promise, napi_resolve_deferred, napi_reject_deferred, napi_is_promise) and their crossing to
 * Java. There is no engine to run reactions: a promise is an object with a state (rt_promise, in its extra part).
 * When one crosses to Java (codec.c writes TAG_PROMISE and rt_promise_export's id), Java makes a CompletableFuture
 * for it; its settlement is reported by the next drain of the context's loop (rt_loop_take_settled).
 */
#include <stdlib.h>
#include <string.h>

#include "loop.h"

struct napi_deferred__ {
  napi_value promise; /* one reference; NULL once the env let go of its values */
  struct napi_deferred__ *prev, *next;
};

enum {
  PROMISE_PENDING = 0,
  PROMISE_FULFILLED = RT_CONTRACT(PROMISE_FULFILLED),
  PROMISE_REJECTED = RT_CONTRACT(PROMISE_REJECTED),
  PROMISE_UNCONVERTIBLE = RT_CONTRACT(PROMISE_UNCONVERTIBLE),
};

static rt_promise* promise_of(napi_value v) {
  if (v == NULL || rt_type(v) != napi_object || v->extra == NULL) {
    return NULL;
  }
  return v->extra->promise;
}

napi_status NAPI_CDECL napi_create_promise(napi_env env, napi_deferred* deferred, napi_value* promise) {
  CHECK_ENV(env);
  CHECK_ARG(env, deferred);
  CHECK_ARG(env, promise);
  rt_loop* loop = rt_loop_of(env);
  napi_value v = loop == NULL ? NULL : rt_alloc(env, napi_object, 0);
  rt_object_extra* extra = v == NULL ? NULL : rt_extra(v);
  rt_promise* p = extra == NULL ? NULL : calloc(1, sizeof(*p));
  struct napi_deferred__* d = p == NULL ? NULL : calloc(1, sizeof(*d));
  if (d == NULL || rt_new_handle(env, v) == NULL) {
    free(d);
    free(p);
    if (v != NULL && v->refs == 0) {
      rt_release(env, v);
    }
    return rt_set_error(env, napi_generic_failure);
  }
  extra->promise = p;
  rt_retain(v); /* the deferred's */
  d->promise = v;
  d->next = loop->deferreds;
  if (loop->deferreds != NULL) {
    loop->deferreds->prev = d;
  }
  loop->deferreds = d;
  *deferred = d;
  *promise = v;
  return rt_clear_error(env);
}

/* Tells Java (through the next drain) that the future of a ticket can complete. */
static void report(napi_env env, napi_value promise, uint64_t ticket) {
  rt_loop* loop = env->loop;
  pthread_mutex_lock(&loop->lock);
  bool kept = false;
  if (!loop->closing) {
    if (loop->settled_count == loop->settled_cap) {
      size_t cap = loop->settled_cap == 0 ? 8 : loop->settled_cap * 2;
      rt_settlement* grown = realloc(loop->settled, cap * sizeof(*grown));
      if (grown != NULL) {
        loop->settled = grown;
        loop->settled_cap = cap;
      }
    }
    if (loop->settled_count < loop->settled_cap) {
      rt_retain(promise);
      loop->settled[loop->settled_count].promise = promise;
      loop->settled[loop->settled_count++].ticket = ticket;
      kept = true;
    }
  }
  pthread_mutex_unlock(&loop->lock);
  if (kept) {
    rt_loop_signal(env);
  }
}

static napi_status settle(napi_env env, napi_deferred deferred, napi_value value, uint8_t state) {
  CHECK_ENV(env);
  CHECK_ARG(env, deferred);
  CHECK_ARG(env, value);
  rt_loop* loop = env->loop;
  if (deferred->prev != NULL) {
    deferred->prev->next = deferred->next;
  } else {
    loop->deferreds = deferred->next;
  }
  if (deferred->next != NULL) {
    deferred->next->prev = deferred->prev;
  }
  napi_value promise = deferred->promise;
  free(deferred); /* as in Node, a deferred is settled once: it is gone afterwards */
  if (promise == NULL) {
    return rt_clear_error(env); /* the context is closing and its values are gone */
  }
  rt_promise* p = promise->extra->promise;
  p->state = state;
  rt_retain(value);
  p->result = value;
  for (size_t i = 0; i < p->ticket_count; i++) {
    report(env, promise, p->tickets[i]);
  }
  free(p->tickets);
  p->tickets = NULL;
  p->ticket_count = 0;
  rt_release(env, promise);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_resolve_deferred(napi_env env, napi_deferred deferred, napi_value resolution) {
  return settle(env, deferred, resolution, PROMISE_FULFILLED);
}

napi_status NAPI_CDECL napi_reject_deferred(napi_env env, napi_deferred deferred, napi_value rejection) {
  return settle(env, deferred, rejection, PROMISE_REJECTED);
}

napi_status NAPI_CDECL napi_is_promise(napi_env env, napi_value value, bool* is_promise) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, is_promise);
  *is_promise = promise_of(value) != NULL;
  return rt_clear_error(env);
}

uint64_t rt_promise_export(napi_env env, napi_value promise) {
  rt_promise* p = promise_of(promise);
  uint64_t ticket = ++env->loop->next_ticket;
  if (p->state != PROMISE_PENDING) {
    report(env, promise, ticket); /* settled before Java saw it: the next drain says so */
    return ticket;
  }
  uint64_t* grown = realloc(p->tickets, (p->ticket_count + 1) * sizeof(*grown));
  if (grown == NULL) {
    return 0;
  }
  p->tickets = grown;
  p->tickets[p->ticket_count++] = ticket;
  return ticket;
}

void rt_promise_free(napi_env env, rt_promise* promise, bool release_children) {
  if (release_children && promise->result != NULL) {
    rt_release(env, promise->result);
  }
  free(promise->tickets);
  free(promise);
}

void rt_loop_forget_promises(napi_env env) {
  if (env->loop == NULL) {
    return;
  }
  for (struct napi_deferred__* d = env->loop->deferreds; d != NULL; d = d->next) {
    d->promise = NULL; /* swept next, whatever its count */
  }
}

void rt_loop_free_deferreds(rt_loop* loop) {
  while (loop->deferreds != NULL) {
    struct napi_deferred__* d = loop->deferreds;
    loop->deferreds = d->next;
    free(d);
  }
}

bool rt_loop_take_settled(napi_env env, rt_buf* out, rt_limits limits) {
  rt_loop* loop = env->loop;
  if (loop == NULL) {
    return false;
  }
  size_t count_at = out->length;
  uint32_t count = 0;
  rt_buf_u32(out, 0);
  /* Rounds: a value may carry a promise settled already, which encoding it reports. */
  for (int round = 0; round < 64; round++) {
    pthread_mutex_lock(&loop->lock);
    rt_settlement* taken = loop->settled;
    size_t taken_count = loop->settled_count;
    loop->settled = NULL;
    loop->settled_count = loop->settled_cap = 0;
    pthread_mutex_unlock(&loop->lock);
    if (taken_count == 0) {
      free(taken);
      break;
    }
    for (size_t i = 0; i < taken_count; i++) {
      rt_promise* p = taken[i].promise->extra->promise;
      uint64_t id = taken[i].ticket;
      rt_buf_u32(out, (uint32_t)id);
      rt_buf_u32(out, (uint32_t)(id >> 32));
      size_t state_at = out->length;
      if (p->state == PROMISE_REJECTED) {
        rt_buf_u8(out, PROMISE_REJECTED);
        rt_encode_exception(env, out, p->result, limits);
      } else {
        char* problem = NULL;
        rt_buf_u8(out, PROMISE_FULFILLED);
        if (!rt_encode_value(env, out, p->result, limits, "the promise's value", &problem)) {
          out->length = state_at;
          rt_buf_u8(out, PROMISE_UNCONVERTIBLE);
          const char* text = problem != NULL ? problem : "a value that cannot be converted";
          rt_buf_string(out, text, strlen(text));
          free(problem);
        }
      }
      count++;
      rt_release(env, taken[i].promise);
    }
    free(taken);
  }
  if (count == 0) {
    out->length = count_at;
    return false;
  }
  if (!out->failed) {
    memcpy(out->data + count_at, &count, sizeof(count));
  }
  return true;
}
