/*
 * Wraps, references, externals, cycles, handle scopes, and hooks or finalizers running late in teardown, driven
 * directly through napi_* on a context of no module (the harness plays the addon). Finalizers must run exactly
 * once; AddressSanitizer's leak check tells whether everything else was freed.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static napi_env bare(const char* name) {
  return rt_env_new(name, "harness", 8);
}

typedef struct native {
  int* finalized; /* counts this object's finalizer calls */
  napi_ref self;  /* deleted by the finalizer, as C++ ObjectWrap does */
  napi_value peer; /* another value the finalizer looks at */
} native;

static native* new_native(int* finalized) {
  native* n = calloc(1, sizeof(*n));
  n->finalized = finalized;
  return n;
}

static void finalize_native(napi_env env, void* data, void* hint) {
  (void)hint;
  native* n = data;
  (*n->finalized)++;
  if (n->self != NULL) {
    CHECK_INT(napi_delete_reference(env, n->self), napi_ok);
  }
  if (n->peer != NULL) {
    char text[16] = "";
    CHECK_INT(napi_get_value_string_utf8(env, n->peer, text, sizeof(text), NULL), napi_ok);
    CHECK_STR(text, "peer");
  }
  free(n);
}

static napi_value new_object(napi_env env) {
  napi_value object = NULL;
  napi_create_object(env, &object);
  return object;
}

void test_wraps(void) {
  napi_env env = bare("wraps");
  int dropped = 0, kept = 0, removed = 0, self_deleting = 0;

  /* Wrapped, then dropped with its scope: finalized at once, and never again. */
  size_t mark = frame_open(env);
  CHECK_INT(napi_wrap(env, new_object(env), new_native(&dropped), finalize_native, NULL, NULL), napi_ok);
  frame_close(env, mark);
  CHECK_INT(dropped, 1);

  /* Wrapped with a reference: the reference is weak (count 0), so it does not keep the object: finalized as soon as
   * its frame lets go, and the reference then reads NULL (Node: after the next garbage collection). Wrapping twice
   * is refused; unwrap answers the pointer; a primitive is napi_invalid_arg, as in Node. */
  mark = frame_open(env);
  napi_value object = new_object(env);
  native* n = new_native(&kept);
  napi_ref ref = NULL;
  CHECK_INT(napi_wrap(env, object, n, finalize_native, NULL, &ref), napi_ok);
  CHECK_INT(napi_wrap(env, object, n, finalize_native, NULL, NULL), napi_invalid_arg);
  void* unwrapped = NULL;
  CHECK_INT(napi_unwrap(env, object, &unwrapped), napi_ok);
  CHECK(unwrapped == n);
  CHECK_INT(napi_wrap(env, str(env, "not an object"), n, finalize_native, NULL, NULL), napi_invalid_arg);
  CHECK_INT(napi_unwrap(env, str(env, "not an object"), &unwrapped), napi_invalid_arg);
  frame_close(env, mark);
  CHECK_INT(kept, 1);
  mark = frame_open(env);
  napi_value again = object;
  CHECK_INT(napi_get_reference_value(env, ref, &again), napi_ok);
  CHECK(again == NULL);
  CHECK_INT(napi_delete_reference(env, ref), napi_ok);

  /* Removing the wrap removes the finalizer: the addon takes its memory back. */
  object = new_object(env);
  native* taken = new_native(&removed);
  CHECK_INT(napi_wrap(env, object, taken, finalize_native, NULL, NULL), napi_ok);
  void* back = NULL;
  CHECK_INT(napi_remove_wrap(env, object, &back), napi_ok);
  CHECK(back == taken);
  CHECK_INT(napi_unwrap(env, object, &back), napi_invalid_arg);
  free(taken);

  /* ObjectWrap's pattern, kept alive by a strong reference until teardown: there the finalizer deletes the wrap's
   * own (weak) reference, and reads a value the object holds, during teardown's sweep. */
  object = new_object(env);
  native* self = new_native(&self_deleting);
  self->peer = str(env, "peer");
  napi_set_named_property(env, object, "peer", self->peer);
  napi_ref keep;
  CHECK_INT(napi_create_reference(env, object, 1, &keep), napi_ok);
  CHECK_INT(napi_wrap(env, object, self, finalize_native, NULL, &self->self), napi_ok);
  frame_close(env, mark);

  closed c = env_close(env, 1000);
  CHECK_INT(dropped, 1);
  CHECK_INT(kept, 1);
  CHECK_INT(removed, 0);
  CHECK_INT(self_deleting, 1);
  CHECK_INT(c.finalizers_run, 3);
}

void test_references(void) {
  napi_env env = bare("references");
  size_t baseline = env->live_values;
  size_t mark = frame_open(env);
  napi_value object = new_object(env);
  napi_set_named_property(env, object, "x", str(env, "kept"));
  napi_ref ref;
  uint32_t count = 99;
  CHECK_INT(napi_create_reference(env, object, 1, &ref), napi_ok);
  CHECK_INT(napi_reference_ref(env, ref, &count), napi_ok);
  CHECK_INT(count, 2);
  CHECK_INT(napi_reference_unref(env, ref, &count), napi_ok);
  CHECK_INT(napi_reference_unref(env, ref, &count), napi_ok);
  CHECK_INT(count, 0);
  CHECK_INT(napi_reference_unref(env, ref, &count), napi_generic_failure); /* below zero: refused */
  /* The count at 0 again, then up: the reference held the object all along (the frame's handle too). */
  CHECK_INT(napi_reference_ref(env, ref, &count), napi_ok);
  CHECK_INT(count, 1);
  frame_close(env, mark);
  mark = frame_open(env);
  napi_value value = NULL;
  CHECK_INT(napi_get_reference_value(env, ref, &value), napi_ok);
  CHECK_STR(render(env, value), "{x:\"kept\"}");
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline + 2);
  /* Weak (count 0) and nothing else holds the object: freed at once (Node: at the next garbage collection). */
  CHECK_INT(napi_reference_unref(env, ref, &count), napi_ok);
  CHECK_INT(env->live_values, baseline); /* the object and its string went with the last holder */
  mark = frame_open(env);
  value = object;
  CHECK_INT(napi_get_reference_value(env, ref, &value), napi_ok);
  CHECK(value == NULL);
  CHECK_INT(napi_reference_ref(env, ref, &count), napi_ok); /* Node: a reference whose value is gone stays at 0 */
  CHECK_INT(count, 0);
  CHECK_INT(napi_reference_unref(env, ref, &count), napi_generic_failure);
  CHECK_INT(napi_delete_reference(env, ref), napi_ok);
  frame_close(env, mark);

  /* Primitives cannot be referenced below API version 10 (Node 20: napi_invalid_arg); references left for teardown. */
  mark = frame_open(env);
  napi_value undefined_value;
  napi_get_undefined(env, &undefined_value);
  napi_ref to_static, to_number, to_string, left, weak_left;
  CHECK_INT(napi_create_reference(env, undefined_value, 1, &to_static), napi_invalid_arg);
  CHECK_INT(napi_create_reference(env, num(env, 7), 0, &to_number), napi_invalid_arg);
  CHECK_INT(napi_create_reference(env, str(env, "s"), 1, &to_string), napi_invalid_arg);
  CHECK_INT(napi_create_reference(env, new_object(env), 3, &left), napi_ok);
  CHECK_INT(napi_create_reference(env, left->value, 0, &weak_left), napi_ok);
  frame_close(env, mark);
  CHECK_INT(napi_create_reference(env, NULL, 1, &left), napi_invalid_arg);
  env_close(env, 1000);
}

static void count_finalizer(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  (*(int*)data)++;
}

void test_externals_and_cycles(void) {
  napi_env env = bare("cycles");
  int external_dropped = 0, in_cycle = 0;
  size_t baseline = env->live_values;

  size_t mark = frame_open(env);
  napi_value external;
  CHECK_INT(napi_create_external(env, &external_dropped, count_finalizer, NULL, &external), napi_ok);
  void* data = NULL;
  CHECK_INT(napi_get_value_external(env, external, &data), napi_ok);
  CHECK(data == &external_dropped);
  CHECK_STR(render(env, external), "external");
  frame_close(env, mark);
  CHECK_INT(external_dropped, 1);
  CHECK_INT(env->live_values, baseline);

  /* a.self = a, a.b = b, b.a = a, b.list = [b, ext]: unreachable after the frame, freed by teardown alone. */
  mark = frame_open(env);
  napi_value a = new_object(env), b = new_object(env), list;
  napi_create_array(env, &list);
  napi_set_named_property(env, a, "self", a);
  napi_set_named_property(env, a, "b", b);
  napi_set_named_property(env, b, "a", a);
  napi_set_element(env, list, 0, b);
  napi_create_external(env, &in_cycle, count_finalizer, NULL, &external);
  napi_set_element(env, list, 1, external);
  napi_set_named_property(env, b, "list", list);
  /* Replacing and deleting properties inside the cycle releases exactly what they held. */
  napi_set_named_property(env, a, "self", str(env, "replaced"));
  napi_value key = str(env, "self");
  bool deleted = false;
  CHECK_INT(napi_delete_property(env, a, key, &deleted), napi_ok);
  CHECK(deleted);
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline + 4); /* a, b, list, external: kept alive by their cycle */
  CHECK_INT(in_cycle, 0);
  closed c = env_close(env, 1000);
  CHECK_INT(in_cycle, 1);
  CHECK_INT(c.finalizers_run, 2);
}

/* ---- Late hooks: added during teardown, they run after the finalizers ----------------------------------- */

static int late_ran, forever_ran, late_finalized;

static void late_hook(void* arg) {
  napi_env env = arg;
  late_ran++;
  /* A cleanup hook may use the context like any other: make values, read the global object. */
  napi_value global = NULL, object = NULL;
  napi_valuetype type = napi_undefined;
  CHECK_INT(napi_get_global(env, &global), napi_ok);
  CHECK_INT(napi_typeof(env, global, &type), napi_ok);
  CHECK_INT(type, napi_object);
  CHECK_INT(napi_create_object(env, &object), napi_ok);
  CHECK_INT(napi_set_named_property(env, global, "late", object), napi_ok);
  CHECK_INT(napi_create_external(env, &late_finalized, count_finalizer, NULL, &object), napi_ok);
}

static void adds_late_hook(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  CHECK_INT(napi_add_env_cleanup_hook(env, late_hook, env), napi_ok);
}

static void forever(void* arg) {
  napi_env env = arg;
  forever_ran++;
  /* Re-adding the running hook: it was taken off the list when it started, so this is a new registration. */
  napi_add_env_cleanup_hook(env, forever, env);
}

/* Run by the sweep: makes a value with a finalizer of its own while every value is being freed. */
static int made_in_sweep;

static void makes_external(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  napi_value external;
  CHECK_INT(napi_create_external(env, &made_in_sweep, count_finalizer, NULL, &external), napi_ok);
}

static void throws(void* arg) {
  CHECK_INT(napi_throw_error((napi_env)arg, "E_HOOK", "thrown by a cleanup hook"), napi_ok);
}

static int late_async_ran;

static void late_async(napi_async_cleanup_hook_handle handle, void* arg) {
  (void)arg;
  late_async_ran++;
  CHECK_INT(napi_remove_async_cleanup_hook(handle), napi_ok);
}

static void adds_late_async(void* arg) {
  CHECK_INT(napi_add_async_cleanup_hook((napi_env)arg, late_async, NULL, NULL), napi_ok);
}

void test_late_hooks_and_finalizers(void) {
  late_ran = forever_ran = late_finalized = made_in_sweep = late_async_ran = 0;
  napi_env env = bare("late");
  CHECK_INT(napi_set_instance_data(env, NULL, adds_late_hook, NULL), napi_ok);
  closed c = env_close(env, 1000);
  CHECK_INT(late_ran, 1);
  CHECK_INT(late_finalized, 1); /* the late hook's external is finalized by the last sweep */
  CHECK_STR(c.warnings, "");

  env = bare("forever");
  CHECK_INT(napi_add_env_cleanup_hook(env, forever, env), napi_ok);
  c = env_close(env, 1000);
  CHECK_INT(forever_ran, 17); /* the first pass, then 16 more: bounded */
  CHECK(strstr(c.warnings, "cleanup hooks kept adding hooks during teardown") != NULL);

  /* A finalizer run by the sweep makes a value with a finalizer: that one runs too, once. A hook throws: the
   * exception is dropped with the context. A hook adds an async hook: it runs in a later pass and is awaited. */
  env = bare("sweep");
  size_t mark = frame_open(env);
  napi_ref keep;
  napi_value external;
  napi_create_external(env, NULL, makes_external, NULL, &external);
  napi_create_reference(env, external, 1, &keep);
  frame_close(env, mark);
  CHECK_INT(napi_add_env_cleanup_hook(env, throws, env), napi_ok);
  CHECK_INT(napi_add_env_cleanup_hook(env, adds_late_async, env), napi_ok);
  c = env_close(env, 5000);
  CHECK_INT(made_in_sweep, 1);
  CHECK_INT(late_async_ran, 1);
  CHECK_INT(c.hooks_run, 3);
  /* The hook's exception has nobody to catch it: teardown reports it and goes on. */
  CHECK(strstr(c.warnings, "cleanup hook") != NULL && strstr(c.warnings, "threw Error: thrown by a cleanup hook") != NULL);
}

/* ---- Handle scopes ---------------------------------------------------------------------------------------- */

void test_handle_scopes(void) {
  napi_env env = bare("scopes");
  size_t baseline = env->live_values;
  napi_handle_scope outer, inner;
  CHECK_INT(napi_close_handle_scope(env, (napi_handle_scope)(uintptr_t)1), napi_handle_scope_mismatch);
  CHECK_INT(napi_open_handle_scope(env, &outer), napi_ok);
  str(env, "1"); /* strings take a handle slot (small integers are immediates and take none) */
  CHECK_INT(napi_open_handle_scope(env, &inner), napi_ok);
  str(env, "2");
  /* Closing the outer scope first releases the inner one's handles too; the inner close is then refused. */
  CHECK_INT(napi_close_handle_scope(env, outer), napi_ok);
  CHECK_INT(env->live_values, baseline);
  CHECK_INT(napi_close_handle_scope(env, inner), napi_handle_scope_mismatch);
  CHECK_INT(napi_open_handle_scope(env, NULL), napi_invalid_arg);

  /* Escapable scopes: the escaped value outlives its scope; twice is refused; a bogus scope is refused. */
  size_t mark = frame_open(env);
  napi_escapable_handle_scope escapable;
  CHECK_INT(napi_open_escapable_handle_scope(env, &escapable), napi_ok);
  napi_value inside = str(env, "inside"), escaped, again;
  CHECK_INT(napi_escape_handle(env, escapable, inside, &escaped), napi_ok);
  CHECK_INT(napi_escape_handle(env, escapable, inside, &again), napi_escape_called_twice);
  CHECK_INT(napi_escape_handle(env, (napi_escapable_handle_scope)(uintptr_t)100000, inside, &again),
            napi_handle_scope_mismatch);
  CHECK_INT(napi_escape_handle(env, (napi_escapable_handle_scope)(uintptr_t)1, inside, &again),
            napi_handle_scope_mismatch);
  CHECK_INT(napi_close_escapable_handle_scope(env, escapable), napi_ok);
  CHECK_STR(render(env, escaped), "\"inside\"");
  /* Escapable scope closed without escaping: the placeholder slot is dropped with its parent. */
  CHECK_INT(napi_open_escapable_handle_scope(env, &escapable), napi_ok);
  CHECK_INT(napi_close_escapable_handle_scope(env, escapable), napi_ok);
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline);

  /* Deep nesting and a large handle stack: all given back. */
  int depth = env->scope_depth; /* the out-of-order close above left the inner scope counted: addon misuse */
  napi_handle_scope scopes[2000];
  for (int i = 0; i < 2000; i++) {
    CHECK_INT(napi_open_handle_scope(env, &scopes[i]), napi_ok);
    num(env, i);
  }
  for (int i = 1999; i >= 0; i--) {
    CHECK_INT(napi_close_handle_scope(env, scopes[i]), napi_ok);
  }
  mark = frame_open(env);
  for (int i = 0; i < 100000; i++) {
    num(env, i);
  }
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline);
  CHECK_INT(env->scope_depth, depth);
  env_close(env, 1000);
}

/* Arrays are dense: an index past the limit is refused at once instead of looping on a wrapped capacity. */
void test_array_limits(void) {
  napi_env env = bare("array-limits");
  size_t mark = frame_open(env);
  napi_value array, big;
  CHECK_INT(napi_create_array(env, &array), napi_ok);
  CHECK_INT(napi_set_element(env, array, 2147483648u, num(env, 1)), napi_generic_failure);
  const napi_extended_error_info* info;
  CHECK_INT(napi_get_last_error_info(env, &info), napi_ok);
  CHECK(info->error_message != NULL && strstr(info->error_message, "limit") != NULL);
  CHECK_INT(napi_set_element(env, array, RT_MAX_ARRAY_ELEMENTS, num(env, 1)), napi_generic_failure);
  uint32_t length = 99;
  CHECK_INT(napi_get_array_length(env, array, &length), napi_ok);
  CHECK_INT(length, 0);
  CHECK_INT(napi_create_array_with_length(env, (size_t)2147483649u, &big), napi_generic_failure);
  CHECK_INT(napi_create_array_with_length(env, 1000, &big), napi_ok);
  CHECK_INT(napi_get_array_length(env, big, &length), napi_ok);
  CHECK_INT(length, 1000);
  frame_close(env, mark);
  closed c = env_close(env, 1000);
  CHECK(strstr(c.warnings, "array index 2147483648 refused") != NULL);
}
