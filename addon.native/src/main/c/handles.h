/*
 * The handles Java holds to live values of an env (dev.addons.api.JsObject and its kin; docs/object-model.md).
 *
 * An entry holds one reference to its value while it lives, and maps the value's pointer to an id, so that the
 * same value always crosses as the same id (Java keeps one handle object per id). Each time the encoder sends a
 * value as a handle, the entry's count of sends goes up by one; Java gives back exactly the number of sends that
 * one of its handle objects received when that object is released (explicitly, or queued by its Cleaner and
 * drained at the next entry into the context). The entry, and its reference, go when the count reaches zero.
 * So a handle collected in Java, whose release is still queued, while C sends the same value again (to a new
 * Java handle object, with the same id) cannot free the value under the new handle: the queued release gives
 * back only the sends the old object received.
 *
 * Ids are (generation << 32 | slot): a slot reused for another value gets another id, and 0 is never an id.
 */
#ifndef ADDON_HANDLES_H
#define ADDON_HANDLES_H

#include "runtime.h"

/* Counts one more send of v as a handle (making its entry, which takes a reference, on the first); 0: no memory. */
uint64_t rt_handles_send(napi_env env, napi_value v);
/* The value of a live entry, or NULL if id is not (or no longer) one. */
napi_value rt_handles_value(napi_env env, uint64_t id);
/*
 * Gives back `count` sends of id; the last one releases the entry's reference (which may free the value and run
 * its finalizers: call it inside a gate). Answers false if id is not live or had fewer sends (nothing changes).
 */
bool rt_handles_give_back(napi_env env, uint64_t id, uint64_t count);
/* Live entries (for tests and diagnostics). */
size_t rt_handles_live(napi_env env);
/* Teardown (lifecycle.c): releases every entry's reference and frees the table. */
void rt_handles_release_all(napi_env env);

#endif
