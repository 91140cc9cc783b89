/*
 * Internal structures of the Node-API runtime. Nothing here is visible to addons: they see only the opaque
 * pointer types of node_api.h.
 *
 * Model: there is no JavaScript engine. A napi_value points at a reference-counted rt value owned by one
 * napi_env (one module instance in one context). Handle scopes hold one reference per handle; objects hold
 * references to their property values; every value is also linked into its env's list so that closing the env
 * frees whatever is left (cycles included) exactly once.
 */
#ifndef ADDON_RUNTIME_H
#define ADDON_RUNTIME_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node_api.h"

#define RT_EXPORT __attribute__((visibility("default")))
#define RT_ENV_MAGIC 0x41444e56u /* "ADNV": catches napi_env pointers that are not ours or already freed */
#define RT_MAX_ARRAY_ELEMENTS (1u << 26) /* arrays are dense: 64 Mi elements (512 MiB of handles) at most */

/* The Node-API version this runtime reports and the highest module API version it accepts. */
#define RT_NAPI_VERSION 9
#define RT_MAX_MODULE_API_VERSION 9

enum rt_flags {
  RT_STATIC = 1,  /* undefined/null/true/false: embedded in the env, never refcounted */
  RT_ARRAY = 2,   /* an object whose indexed properties live in elems */
  RT_ERROR = 4,   /* created by napi_create_*error: carries name/message/code */
  RT_ARRAYBUFFER = 8, /* an object owning (or borrowing) bytes */
  RT_BUFFER = 16,     /* a Node Buffer (Uint8Array) over its own bytes */
  /* ---- Value types (typedarrays.c, dates.c) ---- */
  RT_VIEW = 32, /* a typed array or DataView over an ArrayBuffer: u.view */
  RT_DATE = 64, /* a Date: its time value in u.number */
  RT_BOXED = 128, /* napi_coerce_to_object of a primitive (a Number, String... object): u.boxed */
};

typedef struct rt_prop {
  char* key; /* UTF-8, NUL-terminated; owned unless static_key */
  napi_value value;
  napi_callback getter; /* accessor properties: getter called on get */
  napi_callback setter; /* classes: and setter called on set (an accessor has getter or setter or both) */
  void* accessor_data;
  napi_property_attributes attributes;
  bool static_key; /* key is a string literal (a function's "length" and "name"): never freed. In padding. */
} rt_prop;

typedef struct rt_finalizer {
  napi_finalize cb;
  void* data;
  void* hint;
} rt_finalizer;

/*
 * ---- Classes, prototypes and object lifetime (classes.c; references in objects.c; freeing in store.c) ----------
 * What only some objects need, allocated on first use so that numbers and strings do not grow: a value's extra is
 * NULL until it gets a prototype, a weak reference, a type tag, an integrity level or an added finalizer.
 */
enum rt_integrity {
  RT_EXTENSIBLE = 0,
  RT_SEALED = 1, /* not extensible; every property non-configurable */
  RT_FROZEN = 2, /* sealed, and every data property (and element) read-only */
};

typedef struct rt_object_extra {
  napi_value proto;               /* [[Prototype]], holds a reference; NULL: Object.prototype (env->object_prototype) */
  struct napi_ref__* weak_refs;   /* references of count 0 to this value: they read NULL once it is freed */
  rt_finalizer* finalizers;       /* napi_add_finalizer, run newest first when the value is freed */
  uint32_t finalizer_count, finalizer_cap;
  napi_type_tag type_tag;
  bool tagged;
  uint8_t integrity;              /* enum rt_integrity */
  struct rt_promise* promise;     /* async: a promise's state (napi_create_promise; loop.h) */
} rt_object_extra;
/* ---- end of the classes block (more fields marked "classes:" in napi_value__, napi_ref__ and napi_env__) ---- */

struct napi_value__ {
  uint32_t refs;
  uint8_t type;  /* napi_valuetype */
  uint8_t flags; /* rt_flags */
  struct napi_value__* prev; /* env->values list */
  struct napi_value__* next;
  union {
    bool boolean;
    double number;
    struct {
      char* data; /* UTF-8, NUL-terminated */
      size_t length;
    } string;
    struct {
      void* data;
    } external;
    struct {
      uint8_t* data;
      size_t length;
      bool borrowed; /* external bytes: the addon's finalizer owns them */
      bool detached; /* napi_detach_arraybuffer: data NULL, length 0 from then on */
    } bytes;
    /* ---- Value types (symbols.c, bigint.c, typedarrays.c; freed by rt_destroy_value_type) ---- */
    struct {
      char* description; /* UTF-8, owned; NULL for Symbol() without one */
      size_t length;
      uint64_t serial; /* 0 until used as a property key, then its key is "\xFF<serial>" (rt_symbol_key) */
    } symbol;
    struct {
      uint64_t* words; /* magnitude, least significant first, no leading zero words; NULL for 0n */
      size_t count;
      bool negative;
    } bigint;
    struct {
      napi_value buffer; /* the ArrayBuffer, one reference held */
      size_t offset;     /* in bytes */
      size_t length;     /* in elements (bytes for a DataView) */
      int kind;          /* napi_typedarray_type, or RT_DATAVIEW */
    } view;
    napi_value boxed; /* the primitive, one reference held */
    /* Functions (type napi_function only: read these after checking the type). In the union, not beside it: most
       values are not functions, and every value would otherwise carry these 24 bytes. */
    struct {
      napi_callback callback;
      void* data;
      char* name; /* owned; the name given at creation (messages, Java), not the `name` property */
    } function;
  } u;
  /* Objects, arrays, errors and functions. */
  rt_prop* props;
  uint32_t prop_count, prop_cap;
  napi_value* elems; /* arrays */
  uint32_t elem_count, elem_cap;
  /* napi_wrap and napi_create_external finalizers. */
  void* wrapped;
  bool has_wrap;
  /* Functions: true if called with the receiver as passed, as a 'use strict' function (napi_call_function);
     false: sloppy, as Node-API's own functions. Set when the value is made (javafunctions.c). It sits in has_wrap's
     padding: no value grows. */
  bool strict;
  rt_finalizer finalizer;
  rt_object_extra* extra; /* classes: see rt_object_extra */
};

struct napi_callback_info__ {
  napi_value this_arg;
  napi_value* argv;
  size_t argc;
  void* data;
  napi_value new_target;
};

struct napi_ref__ {
  napi_value value; /* NULL once a weak reference's value was freed */
  uint32_t count;   /* > 0: holds one reference to value; 0: weak (listed in the value's extra->weak_refs) */
  struct napi_ref__* prev;
  struct napi_ref__* next;
  struct napi_ref__* weak_next;   /* classes: the value's list of weak references */
  struct napi_ref__** weak_pprev; /* classes: NULL when not in that list */
};


typedef struct rt_hook {
  uint64_t seq;
  void (*fn)(void*);               /* sync hook */
  napi_async_cleanup_hook async_fn; /* async hook */
  void* arg;
  struct napi_async_cleanup_hook_handle__* handle;
  bool removed;
} rt_hook;

/*
 * An async cleanup handle may be removed from any thread, possibly after a timed-out teardown freed its env,
 * and possibly by another copy of this library (two frameworks in one JVM): so it carries its own lock and is
 * freed by whichever of teardown and remover lets go of it last.
 */
struct napi_async_cleanup_hook_handle__ {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  napi_env env;
  napi_async_cleanup_hook fn;
  void* arg;
  int holders; /* 1 until started, then 2: teardown and the addon */
  bool started;
  bool done;
};

struct napi_env__ {
  uint32_t magic;
  char* module_name;
  char* filename;
  int32_t module_api_version;

  napi_extended_error_info last_error;
  napi_value pending_exception; /* holds a reference */

  struct napi_value__ undefined_value, null_value, true_value, false_value;
  struct napi_value__ escape_placeholder; /* fills an escapable scope's slot until something escapes */
  struct napi_value__ values; /* list head of heap values */
  size_t live_values;
  struct napi_value__* free_values; /* recycled value structs: most calls make a few short-lived numbers */
  size_t free_count;

  napi_value* handles; /* handle scope stack: each entry holds one reference */
  size_t handle_count, handle_cap;
  int scope_depth;

  napi_value exports; /* held for the module instance's life */
  napi_value global;
  napi_value object_prototype; /* classes: what napi_get_prototype answers for Object.prototype; made on demand */
  bool global_filled;          /* the global object has `Object` and `Symbol` (rt_fill_global, on first ask) */

  void* instance_data;
  napi_finalize instance_finalize;
  void* instance_hint;

  rt_hook* hooks;
  size_t hook_count, hook_cap;
  uint64_t next_hook_seq;
  bool tearing_down;
  bool sweeping; /* freeing every value: releases only count down */

  struct napi_ref__ refs; /* list head */

  char* warnings; /* newline-separated, drained by Java */
  size_t warnings_length;

  uint64_t finalizers_run;
  uint64_t hooks_run;

  /*
   * The addon code running on the runtime's behalf now (a cleanup hook or a finalizer), so that its errors can be
   * reported naming it and so that a watchdog on another thread can name a hook that hangs teardown. running_code
   * and running_kind are read from that thread: always accessed with __atomic builtins.
   */
  void* running_code;
  int running_kind;                 /* enum rt_code_kind */
  napi_status code_failure;         /* the first Node-API call that failed in the running code, napi_ok if none */
  const char* code_failure_message; /* its message, if the runtime gave one */

  /* ---- Value types (symbols.c, host.c) ---- */
  napi_value* registry_symbols; /* node_api_symbol_for's registry: one reference each, freed with the env */
  size_t registry_symbol_count, registry_symbol_cap;
  napi_value* key_symbols; /* symbols used as property keys, index serial-1: one reference each */
  size_t key_symbol_count, key_symbol_cap;
  int64_t external_memory;  /* napi_adjust_external_memory's counter */
  char* module_file_url;    /* node_api_get_module_file_name: file:// URL of filename, made on first ask */

  /* ---- Asynchrony (loop.h): the loop is made on first use, so an idle env pays two pointers ---- */
  struct rt_loop* loop;
  /* Set by the host (bridge.c): tasks wait; called from any thread, no lock held. from_pool: the caller is a
     thread of the async pool that just finished a work (it holds nothing and may stay attached to the host). */
  void (*wake)(napi_env env, bool from_pool);
  /* ---- Java functions (javafunctions.c): the function value of each Java callback id, made on first use ---- */
  struct rt_java_functions* java_functions;
  /* ---- Handles Java holds (handles.c): made at the first value sent as a handle ---- */
  struct rt_handles* java_handles;
};

/* What kind of addon code the runtime called (for messages). */
enum rt_code_kind {
  RT_CODE_NONE = 0,
  RT_CODE_HOOK,
  RT_CODE_ASYNC_HOOK,
  RT_CODE_FINALIZER,
  RT_CODE_INSTANCE_FINALIZER,
  RT_CODE_COMPLETE, /* an async work's complete callback */
  RT_CODE_EXECUTE,  /* an async work's execute callback (only named in messages: it runs on the pool) */
  RT_CODE_CALL_JS,  /* a thread-safe function's call_js (or its JavaScript function, without one) */
  RT_CODE_TSFN_FINALIZER, /* a thread-safe function's finalizer */
};

/* Saved by rt_code_enter and handed back to rt_code_leave: code may nest (a hook's release runs a finalizer). */
typedef struct rt_code_frame {
  void* code;
  int kind;
  napi_status failure;
  const char* failure_message;
  napi_value pending_before;
} rt_code_frame;

/* store.c: the values of an env, their counts and the handle stack */
void rt_store_init(napi_env env);
napi_value rt_alloc(napi_env env, napi_valuetype type, uint8_t flags);
bool rt_push_handle(napi_env env, napi_value value); /* the value's reference is the caller's to give */
napi_value rt_new_handle(napi_env env, napi_value value); /* takes one reference into the current scope */
void rt_retain(napi_value value);
void rt_release(napi_env env, napi_value value);
void rt_scope_release_to(napi_env env, size_t mark);
bool rt_is_object_like(napi_value value);
void rt_store_begin_sweep(napi_env env);
void rt_store_sweep(napi_env env);
void rt_store_trim(napi_env env); /* frees the empty handle stack and the recycled structs (idle env) */

/* values.c */
const char* rt_status_message(napi_status status);
napi_value rt_make_string(napi_env env, const char* utf8, size_t length);
napi_value rt_make_number(napi_env env, double number);

/* objects.c */
rt_prop* rt_find_prop(napi_value object, const char* key);
napi_status rt_set_prop(napi_env env, napi_value object, const char* key, napi_value value);
napi_status rt_get_prop(napi_env env, napi_value object, const char* key, napi_value* result);
napi_value rt_make_function(napi_env env, const char* name, size_t length, napi_callback cb, void* data);
napi_value rt_invoke(napi_env env, napi_value function, napi_value this_arg, size_t argc, napi_value* argv);
napi_status rt_array_push(napi_env env, napi_value array, napi_value value);
void rt_release_refs(napi_env env); /* teardown: references read NULL, the addon may still delete them */
void rt_free_refs(napi_env env);    /* the env is freed: those left are freed too */
rt_prop* rt_add_prop(napi_value object, const char* key);
/* As rt_add_prop, keeping the pointer instead of a copy: key must live as long as the program (a literal). */
rt_prop* rt_add_static_prop(napi_value object, const char* key);
/* Makes room for `more` properties beyond those the object has, exactly (no doubling); false if out of memory. */
bool rt_reserve_props(napi_value object, size_t more);
/* name_method: a method gets its key as `name` (a class's prototype methods); otherwise "", as in Node. */
napi_status rt_define_property(napi_env env, napi_value object, const napi_property_descriptor* d, bool name_method);

/* classes.c: prototypes and the optional parts of objects */
rt_object_extra* rt_extra(napi_value value); /* allocated on first use; NULL if out of memory */
napi_value rt_proto_of(napi_env env, napi_value object); /* next object of the prototype chain, NULL at its end */
void rt_clear_weak_refs(napi_value value);
void rt_free_extra(napi_env env, napi_value value, bool release_children);
void rt_run_value_finalizers(napi_env env, napi_value value);
/* Puts `Object` (whose prototype is the Object.prototype stand-in) on the global object; false if out of memory. */
bool rt_fill_global(napi_env env);
/* Puts `Symbol` (Symbol.for, Symbol.keyFor, the well-known symbols) on the global object; false if out of memory. */
bool rt_fill_global_symbol(napi_env env);

/* errors.c */
napi_value rt_make_error(napi_env env, const char* name, napi_value code, napi_value message);
const char* rt_error_name(napi_value error);

/* lifecycle.c */
void rt_warn(napi_env env, const char* format, ...) __attribute__((format(printf, 2, 3)));
napi_env rt_env_new(const char* module_name, const char* filename, int32_t module_api_version);
void rt_env_teardown(napi_env env, int64_t async_wait_millis);
void rt_env_free(napi_env env);
/* Around a call of addon code from the runtime: rt_code_leave reports (rt_warn) an exception it left pending or a
   Node-API call of it that failed, naming the code, and drops the exception. */
rt_code_frame rt_code_enter(napi_env env, enum rt_code_kind kind, void* code);
void rt_code_leave(napi_env env, const rt_code_frame* saved);
void rt_run_finalizer(napi_env env, rt_finalizer fin);
/* "kind symbol (file+0xoffset, at 0xaddress)" of the addon code running now; false if none runs. */
bool rt_describe_running(napi_env env, char* out, size_t size);
/* "symbol (file+0xoffset, at 0xaddress)" of any addon function (dladdr). */
void rt_describe_code(void* code, char* out, size_t size);

/* unsupported.c: what a stub of a function outside the supported subset answers (and warns, once per env). */
napi_status rt_unsupported(napi_env env, const char* name);

/*
 * Immediate values. A napi_value whose low bit is set is not a pointer: it is an int32 number carried in the handle
 * itself (the value in the upper 32 bits). Most numbers a call makes are small integers; as immediates they need no
 * allocation, no reference count, no handle slot and no release. Every read of a value's type or number goes
 * through rt_type/rt_number; fields of the struct are read only after the type says it is not a number.
 */
_Static_assert(sizeof(void*) == 8, "immediate handles need 64-bit pointers");
#define RT_IMMEDIATE_TAG ((uintptr_t)1)

static inline bool rt_is_immediate(napi_value v) {
  return ((uintptr_t)v & RT_IMMEDIATE_TAG) != 0;
}

static inline napi_value rt_immediate_int32(int32_t i) {
  return (napi_value)(((uintptr_t)(uint32_t)i << 32) | RT_IMMEDIATE_TAG);
}

static inline int32_t rt_immediate_value(napi_value v) {
  return (int32_t)(uint32_t)((uintptr_t)v >> 32);
}

static inline napi_valuetype rt_type(napi_value v) {
  return rt_is_immediate(v) ? napi_number : (napi_valuetype)v->type;
}

static inline double rt_number(napi_value v) {
  return rt_is_immediate(v) ? (double)rt_immediate_value(v) : v->u.number;
}

/* Flags of any value: an immediate is as static as the singletons (never counted, never freed). */
static inline uint8_t rt_flags(napi_value v) {
  return rt_is_immediate(v) ? RT_STATIC : v->flags;
}

/* The last error, as napi_get_last_error_info reports it. Inline: every successful call ends by clearing it.
   napi_pending_exception is not kept as the code's failure: it says that an exception is in flight, which the code
   may catch (napi_get_and_clear_last_exception: handled, nothing to log) or leave (rt_code_leave logs it as thrown);
   a real failure after it is then the one logged. */
static inline napi_status rt_set_error_message(napi_env env, napi_status status, const char* message) {
  if (status != napi_ok && status != napi_pending_exception && env->code_failure == napi_ok &&
      __atomic_load_n(&env->running_code, __ATOMIC_RELAXED) != NULL) {
    env->code_failure = status; /* a hook or finalizer has nobody to tell: rt_code_leave reports it */
    env->code_failure_message = message;
  }
  env->last_error.error_code = status;
  env->last_error.engine_error_code = 0;
  env->last_error.engine_reserved = NULL;
  env->last_error.error_message = message;
  return status;
}

static inline napi_status rt_set_error(napi_env env, napi_status status) {
  return rt_set_error_message(env, status, NULL);
}

static inline napi_status rt_clear_error(napi_env env) {
  return rt_set_error_message(env, napi_ok, NULL);
}

/* Returns env if it is a live env of ours, NULL otherwise; every napi_* entry point starts with it. */
static inline bool rt_env_ok(napi_env env) {
  return env != NULL && env->magic == RT_ENV_MAGIC;
}

#define CHECK_ENV(env)                \
  do {                                \
    if (!rt_env_ok(env)) {            \
      return napi_invalid_arg;        \
    }                                 \
  } while (0)

#define CHECK_ARG(env, arg)                                \
  do {                                                     \
    if ((arg) == NULL) {                                   \
      return rt_set_error((env), napi_invalid_arg);        \
    }                                                      \
  } while (0)

/* Functions that would run JavaScript in Node refuse to start while an exception is pending. */
#define PREAMBLE(env)                                          \
  do {                                                         \
    CHECK_ENV(env);                                            \
    if ((env)->pending_exception != NULL) {                    \
      return rt_set_error((env), napi_pending_exception);      \
    }                                                          \
    rt_clear_error(env);                                       \
  } while (0)

#endif
