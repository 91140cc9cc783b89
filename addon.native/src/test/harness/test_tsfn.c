/*
 * Thread-safe functions without a JVM (tsfn.c): the queue, its statuses and the loop's drains are driven by hand
 * here (the harness has no host to wake: rt_loop_run is the drain). Producers on other threads are covered by the
 * JVM tests (ThreadSafeFunctionTest); here one thread plays both sides, deterministically.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "loop.h"

typedef struct seen {
  char log[256];
  int finalized;
  int finalized_before_null_calls;
} seen;

static void note(seen* s, const char* text) {
  size_t used = strlen(s->log);
  snprintf(s->log + used, sizeof(s->log) - used, "%s%s", used > 0 ? "," : "", text);
}

/* Not static: exported (-rdynamic), so that the teardown warning names it. */
__attribute__((visibility("default"))) void harness_call_js(napi_env env, napi_value js_callback, void* context,
                                                            void* data) {
  (void)js_callback;
  char text[32];
  snprintf(text, sizeof(text), "%ld%s", (long)(intptr_t)data, env == NULL ? ":null" : "");
  note(context, text);
}

static void harness_tsfn_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  seen* s = hint;
  s->finalized++;
  note(s, "fin");
}

static napi_threadsafe_function make(napi_env env, size_t max_queue, size_t threads, seen* s) {
  napi_threadsafe_function tsfn = NULL;
  CHECK_INT(napi_create_threadsafe_function(env, NULL, NULL, str(env, "harness"), max_queue, threads, NULL,
                                            harness_tsfn_finalize, s, harness_call_js, &tsfn),
            napi_ok);
  return tsfn;
}

/* call_js that calls its own function again (from the loop, within the call_js of that function's pointer). */
static napi_threadsafe_function calling_again;

static void harness_call_again_js(napi_env env, napi_value js_callback, void* context, void* data) {
  harness_call_js(env, js_callback, context, data);
  if (env != NULL && (intptr_t)data == 1) {
    char text[32];
    snprintf(text, sizeof(text), "again:%d", (int)napi_call_threadsafe_function(calling_again, (void*)2,
                                                                                 napi_tsfn_nonblocking));
    note(context, text);
  }
}

static void harness_posted(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  note(data, "posted");
}

void test_tsfn_queue(void) {
  addon a;
  napi_env env = env_load(&a, "values", "tsfn");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  napi_threadsafe_function t;
  /* Arguments, as Node 20 answers them (addon.conformance/src/oracle/tsfn) */
  CHECK_INT(napi_create_threadsafe_function(env, NULL, NULL, NULL, 0, 1, NULL, NULL, NULL, harness_call_js, &t),
            napi_invalid_arg);
  CHECK_INT(napi_create_threadsafe_function(env, NULL, NULL, str(env, "x"), 0, 0, NULL, NULL, NULL, harness_call_js,
                                            &t),
            napi_invalid_arg);
  CHECK_INT(napi_create_threadsafe_function(env, NULL, NULL, str(env, "x"), 0, 1, NULL, NULL, NULL, NULL, &t),
            napi_invalid_arg);
  CHECK_INT(napi_create_threadsafe_function(env, num(env, 1), NULL, str(env, "x"), 0, 1, NULL, NULL, NULL, NULL, &t),
            napi_invalid_arg);

  /* A full queue; the loop delivers in order; released to 0 and drained: the finalizer, on the loop */
  seen s1 = {0};
  t = make(env, 2, 1, &s1);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)1, napi_tsfn_nonblocking), napi_ok);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)2, napi_tsfn_nonblocking), napi_ok);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)3, napi_tsfn_nonblocking), napi_queue_full);
  CHECK_STR(s1.log, ""); /* nothing runs outside a drain */
  CHECK_INT(rt_loop_run(env), 1);
  CHECK_STR(s1.log, "1,2");
  CHECK_INT(napi_call_threadsafe_function(t, (void*)3, napi_tsfn_blocking), napi_ok); /* room again: no wait */
  CHECK_INT(napi_release_threadsafe_function(t, napi_tsfn_release), napi_ok);
  CHECK_INT(s1.finalized, 0);
  CHECK_INT(rt_loop_run(env), 1);
  CHECK_STR(s1.log, "1,2,3,fin");

  /* Released to 0 with one pointer queued: the function is closing when that pointer's call_js runs (as Node): a
     call made there answers napi_invalid_arg and queues nothing */
  seen s5 = {0};
  CHECK_INT(napi_create_threadsafe_function(env, NULL, NULL, str(env, "harness"), 0, 1, NULL, harness_tsfn_finalize,
                                            &s5, harness_call_again_js, &calling_again),
            napi_ok);
  CHECK_INT(napi_call_threadsafe_function(calling_again, (void*)1, napi_tsfn_nonblocking), napi_ok);
  CHECK_INT(napi_release_threadsafe_function(calling_again, napi_tsfn_release), napi_ok);
  rt_loop_run(env);
  char expected[64];
  snprintf(expected, sizeof(expected), "1,again:%d,fin", (int)napi_invalid_arg);
  CHECK_STR(s5.log, expected);

  /* Abort: later calls and acquires answer napi_closing (and give up the caller's hold, as Node); the finalizer,
     then the queued items with a NULL env */
  seen s2 = {0};
  t = make(env, 0, 3, &s2);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)1, napi_tsfn_nonblocking), napi_ok);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)2, napi_tsfn_nonblocking), napi_ok);
  CHECK_INT(napi_release_threadsafe_function(t, napi_tsfn_abort), napi_ok);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)3, napi_tsfn_blocking), napi_closing);
  CHECK_INT(napi_acquire_threadsafe_function(t), napi_closing);
  rt_loop_run(env);
  CHECK_STR(s2.log, "fin,1:null,2:null");
  CHECK_INT(napi_call_threadsafe_function(t, (void*)4, napi_tsfn_nonblocking), napi_closing); /* the last hold */
  /* (t is freed now: its last holder let go after the finalizer) */

  /* node_api_post_finalizer: on the next drain, not at once */
  seen s3 = {0};
  CHECK_INT(node_api_post_finalizer(env, harness_posted, &s3, NULL), napi_ok);
  CHECK_STR(s3.log, "");
  rt_loop_run(env);
  CHECK_STR(s3.log, "posted");

  /* Teardown with a holder: finalized after the hooks, named, calls answer napi_closing, memory kept until the
     holder lets go (the sanitized run checks that it is freed exactly then) */
  seen s4 = {0};
  t = make(env, 2, 1, &s4);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)1, napi_tsfn_nonblocking), napi_ok);
  rt_loop_run(env);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)2, napi_tsfn_nonblocking), napi_ok);
  frame_close(env, mark);
  closed c = env_close(env, 1000);
  CHECK_STR(s4.log, "1,2,fin"); /* 2 went to call_js while the loop ran down, with its env, as in Node */
  CHECK(strstr(c.warnings, "harness_call_js") != NULL && strstr(c.warnings, "still held by 1 thread") != NULL);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)3, napi_tsfn_blocking), napi_closing);
  CHECK_INT(napi_call_threadsafe_function(t, (void*)4, napi_tsfn_nonblocking), napi_closing);
  CHECK_INT(napi_acquire_threadsafe_function(t), napi_closing);
  CHECK_INT(napi_release_threadsafe_function(t, napi_tsfn_release), napi_ok); /* frees it */
  addon_close(&a);
}
