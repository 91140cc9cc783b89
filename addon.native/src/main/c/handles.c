/* The table of values Java holds handles to (see handles.h). */
#include <stdlib.h>
#include <string.h>

#include "handles.h"

#define NO_SLOT UINT32_MAX
#define INDEX_EMPTY 0u
#define INDEX_GONE UINT32_MAX /* a removed index entry: probing goes on past it */

typedef struct rt_handle_slot {
  napi_value value; /* NULL: a free slot */
  uint64_t sent;    /* sends not given back yet */
  uint32_t generation;
  uint32_t next_free;
} rt_handle_slot;

/*
 * Slots hold the entries (an id names its slot directly); index maps a value's pointer to its slot + 1 by open
 * addressing, so that the same value is found again.
 */
struct rt_handles {
  rt_handle_slot* slots;
  uint32_t slot_count, slot_cap;
  uint32_t free_slot; /* NO_SLOT: none */
  uint32_t* index;
  uint32_t index_cap, index_used; /* used: live and removed entries (probes stop only at empty ones) */
  size_t live;
};

static size_t pointer_hash(napi_value v) {
  uint64_t x = (uint64_t)(uintptr_t)v;
  x ^= x >> 29;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 32);
}

/* Where v's index entry is, or the first free place on its probe sequence. */
static uint32_t* index_probe(struct rt_handles* t, napi_value v, bool for_insert) {
  size_t mask = t->index_cap - 1;
  uint32_t* gone = NULL;
  for (size_t j = pointer_hash(v) & mask;; j = (j + 1) & mask) {
    uint32_t e = t->index[j];
    if (e == INDEX_EMPTY) {
      return for_insert && gone != NULL ? gone : &t->index[j];
    }
    if (e == INDEX_GONE) {
      if (gone == NULL) {
        gone = &t->index[j];
      }
    } else if (t->slots[e - 1].value == v) {
      return &t->index[j];
    }
  }
}

/* Rebuilds the index with room for one more entry at most half full; false if out of memory. */
static bool index_room(struct rt_handles* t) {
  if (t->index_cap != 0 && (t->index_used + 1) * 2 <= t->index_cap) {
    return true;
  }
  uint32_t cap = t->index_cap == 0 ? 16 : t->index_cap;
  while ((t->live + 1) * 2 > cap / 2) { /* after the rebuild: at most a quarter full */
    cap *= 2;
  }
  uint32_t* index = calloc(cap, sizeof(*index));
  if (index == NULL) {
    return false;
  }
  free(t->index);
  t->index = index;
  t->index_cap = cap;
  t->index_used = 0;
  for (uint32_t s = 0; s < t->slot_count; s++) {
    if (t->slots[s].value != NULL) {
      *index_probe(t, t->slots[s].value, true) = s + 1;
      t->index_used++;
    }
  }
  return true;
}

static uint32_t take_slot(struct rt_handles* t) {
  if (t->free_slot != NO_SLOT) {
    uint32_t s = t->free_slot;
    t->free_slot = t->slots[s].next_free;
    return s;
  }
  if (t->slot_count == t->slot_cap) {
    if (t->slot_cap >= (1u << 30)) {
      return NO_SLOT;
    }
    uint32_t cap = t->slot_cap == 0 ? 16 : t->slot_cap * 2;
    rt_handle_slot* grown = realloc(t->slots, cap * sizeof(*grown));
    if (grown == NULL) {
      return NO_SLOT;
    }
    t->slots = grown;
    t->slot_cap = cap;
  }
  t->slots[t->slot_count] = (rt_handle_slot){NULL, 0, 0, NO_SLOT};
  return t->slot_count++;
}

static uint64_t id_of(struct rt_handles* t, uint32_t s) {
  return ((uint64_t)t->slots[s].generation << 32) | s;
}

uint64_t rt_handles_send(napi_env env, napi_value v) {
  struct rt_handles* t = env->java_handles;
  if (t == NULL) {
    t = env->java_handles = calloc(1, sizeof(*t));
    if (t == NULL) {
      return 0;
    }
    t->free_slot = NO_SLOT;
  }
  if (!index_room(t)) {
    return 0;
  }
  uint32_t* at = index_probe(t, v, false);
  if (*at != INDEX_EMPTY) {
    t->slots[*at - 1].sent++;
    return id_of(t, *at - 1);
  }
  uint32_t s = take_slot(t);
  if (s == NO_SLOT) {
    return 0;
  }
  rt_handle_slot* slot = &t->slots[s];
  slot->value = v;
  slot->sent = 1;
  slot->generation = slot->generation == UINT32_MAX ? 1 : slot->generation + 1; /* never 0: ids are never 0 */
  *index_probe(t, v, true) = s + 1;
  t->index_used++;
  t->live++;
  rt_retain(v);
  return id_of(t, s);
}

static rt_handle_slot* live_slot(napi_env env, uint64_t id) {
  struct rt_handles* t = env->java_handles;
  uint32_t s = (uint32_t)id;
  if (t == NULL || s >= t->slot_count || t->slots[s].value == NULL ||
      t->slots[s].generation != (uint32_t)(id >> 32)) {
    return NULL;
  }
  return &t->slots[s];
}

napi_value rt_handles_value(napi_env env, uint64_t id) {
  rt_handle_slot* slot = live_slot(env, id);
  return slot == NULL ? NULL : slot->value;
}

bool rt_handles_give_back(napi_env env, uint64_t id, uint64_t count) {
  rt_handle_slot* slot = live_slot(env, id);
  if (slot == NULL || count > slot->sent) {
    return false;
  }
  slot->sent -= count;
  if (slot->sent > 0) {
    return true;
  }
  struct rt_handles* t = env->java_handles;
  napi_value v = slot->value;
  *index_probe(t, v, false) = INDEX_GONE;
  slot->value = NULL;
  slot->next_free = t->free_slot;
  t->free_slot = (uint32_t)id;
  t->live--;
  rt_release(env, v); /* last: its finalizers may run addon code, the table is consistent by then */
  return true;
}

size_t rt_handles_live(napi_env env) {
  return env->java_handles == NULL ? 0 : env->java_handles->live;
}

void rt_handles_release_all(napi_env env) {
  struct rt_handles* t = env->java_handles;
  if (t == NULL) {
    return;
  }
  env->java_handles = NULL; /* a finalizer run by a release below finds no table, not a half-freed one */
  for (uint32_t s = 0; s < t->slot_count; s++) {
    if (t->slots[s].value != NULL) {
      napi_value v = t->slots[s].value;
      t->slots[s].value = NULL;
      rt_release(env, v);
    }
  }
  free(t->slots);
  free(t->index);
  free(t);
}
