/*
 * Oracle for thread-safe functions (run.sh): what Node 20 answers and in which order it calls back, for the
 * cases the runtime's tsfn.c decides the same way. Each line printed is compared by eye with docs/async.md.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include <node_api.h>

#define SAY(...) (printf(__VA_ARGS__), printf("\n"), fflush(stdout))

static napi_threadsafe_function tsfn;

static void call_js(napi_env env, napi_value cb, void* context, void* data) {
  (void)context;
  SAY("call_js %ld env=%s cb=%s", (long)(intptr_t)data, env ? "set" : "NULL", cb ? "set" : "NULL");
}

static void finalize(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  SAY("finalizer env=%s", env ? "set" : "NULL");
}

static napi_value Cases(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value name;
  napi_create_string_utf8(env, "oracle", NAPI_AUTO_LENGTH, &name);
  napi_threadsafe_function t;
  SAY("create without a name: %d", napi_create_threadsafe_function(env, NULL, NULL, NULL, 0, 1, NULL, NULL, NULL,
                                                                      call_js, &t));
  SAY("create with 0 threads: %d", napi_create_threadsafe_function(env, NULL, NULL, name, 0, 0, NULL, NULL, NULL,
                                                                      call_js, &t));
  SAY("create without func nor call_js: %d", napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL,
                                                                               NULL, NULL, &t));
  /* queue full, then abort with items queued: finalizer and call_js order; calls, acquire, release after abort */
  napi_create_threadsafe_function(env, NULL, NULL, name, 2, 2, NULL, finalize, NULL, call_js, &tsfn);
  SAY("call 1: %d", napi_call_threadsafe_function(tsfn, (void*)1, napi_tsfn_nonblocking));
  SAY("call 2: %d", napi_call_threadsafe_function(tsfn, (void*)2, napi_tsfn_nonblocking));
  SAY("call 3 (full): %d", napi_call_threadsafe_function(tsfn, (void*)3, napi_tsfn_nonblocking));
  SAY("abort: %d", napi_release_threadsafe_function(tsfn, napi_tsfn_abort));
  SAY("call after abort: %d", napi_call_threadsafe_function(tsfn, (void*)4, napi_tsfn_nonblocking));
  SAY("acquire after abort: %d", napi_acquire_threadsafe_function(tsfn));
  SAY("release after abort (count now 0): %d", napi_release_threadsafe_function(tsfn, napi_tsfn_release));
  SAY("ref/unref: %d %d", napi_ref_threadsafe_function(env, tsfn), napi_unref_threadsafe_function(env, tsfn));
  SAY("end of call");
  return NULL;
}

static napi_threadsafe_function plain;

static napi_value Plain(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], name;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_create_string_utf8(env, "plain", NAPI_AUTO_LENGTH, &name);
  /* no call_js: func is called with no arguments; release to 0 with items queued: they are delivered first */
  napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL, finalize, NULL, NULL, &plain);
  napi_call_threadsafe_function(plain, (void*)1, napi_tsfn_blocking);
  napi_call_threadsafe_function(plain, (void*)2, napi_tsfn_blocking);
  SAY("release: %d", napi_release_threadsafe_function(plain, napi_tsfn_release));
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value f;
  napi_create_function(env, "cases", NAPI_AUTO_LENGTH, Cases, NULL, &f);
  napi_set_named_property(env, exports, "cases", f);
  napi_create_function(env, "plain", NAPI_AUTO_LENGTH, Plain, NULL, &f);
  napi_set_named_property(env, exports, "plain", f);
  return exports;
}
