/* What Node 20 does at Worker exit/terminate with async work, promises and thread-safe functions alive. */
#define NAPI_VERSION 9
#include <node_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#define SAY(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); fflush(stderr); } while (0)

typedef struct { char name[8]; int ms; napi_async_work work; } job;
static const char* st(napi_status s) {
  switch (s) { case napi_ok: return "napi_ok"; case napi_cancelled: return "napi_cancelled";
    case napi_closing: return "napi_closing"; case napi_queue_full: return "napi_queue_full";
    default: { static char b[32]; snprintf(b, sizeof b, "status %d", (int)s); return b; } }
}

static void execute(napi_env env, void* data) {
  (void)env; job* j = data;
  SAY("execute %s begins", j->name);
  usleep(j->ms * 1000);
  SAY("execute %s ends", j->name);
}
static void complete(napi_env env, napi_status status, void* data) {
  job* j = data;
  SAY("complete %s: %s", j->name, st(status));
  napi_delete_async_work(env, j->work);
  free(j);
}
static void queue(napi_env env, const char* name, int ms) {
  job* j = calloc(1, sizeof *j);
  snprintf(j->name, sizeof j->name, "%s", name); j->ms = ms;
  napi_value n; napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &n);
  napi_create_async_work(env, NULL, n, execute, complete, j, &j->work);
  napi_queue_async_work(env, j->work);
}

static napi_threadsafe_function tsfn;
static void call_js(napi_env env, napi_value cb, void* ctx, void* data) {
  (void)cb; (void)ctx;
  SAY("tsfn call_js %ld env=%s", (long)(intptr_t)data, env ? "set" : "NULL");
}
static void tsfn_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)data; (void)hint;
  SAY("tsfn finalizer");
}
static void* producer(void* arg) {
  (void)arg;
  for (long i = 1;; i++) {
    napi_status s = napi_call_threadsafe_function(tsfn, (void*)(intptr_t)i, napi_tsfn_blocking);
    if (s != napi_ok) { SAY("producer: call %ld answered %s", i, st(s)); break; }
    usleep(20000);
  }
  napi_status r = napi_release_threadsafe_function(tsfn, napi_tsfn_release);
  SAY("producer: release answered %s", st(r));
  return NULL;
}

static void hook(void* arg) { SAY("cleanup hook %s", (const char*)arg); }
static void instance_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)data; (void)hint;
  SAY("instance data finalizer");
}
static void deferred_fin(napi_env env, void* data, void* hint) { (void)env; (void)data; (void)hint; }

static napi_value start(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char mode[32] = ""; size_t len; napi_get_value_string_utf8(env, argv[0], mode, sizeof mode, &len);
  queue(env, "done", 1);        /* finishes before the exit */
  usleep(50000);
  queue(env, "long1", 600); queue(env, "long2", 600); queue(env, "long3", 600); queue(env, "long4", 600);
  queue(env, "queued1", 10); queue(env, "queued2", 10); /* libuv pool of 4: these wait */
  napi_value promise; napi_deferred d;
  napi_create_promise(env, &d, &promise);
  (void)deferred_fin;
  if (strcmp(mode, "tsfn") == 0 || strcmp(mode, "both") == 0) {
    napi_value n; napi_create_string_utf8(env, "t", NAPI_AUTO_LENGTH, &n);
    napi_create_threadsafe_function(env, NULL, NULL, n, 2, 1, NULL, tsfn_finalize, NULL, call_js, &tsfn);
    pthread_t t; pthread_create(&t, NULL, producer, NULL); pthread_detach(t);
  }
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_add_env_cleanup_hook(env, hook, "first");
  napi_add_env_cleanup_hook(env, hook, "second");
  napi_set_instance_data(env, (void*)1, instance_finalize, NULL);
  napi_value f; napi_create_function(env, "start", NAPI_AUTO_LENGTH, start, NULL, &f);
  napi_set_named_property(env, exports, "start", f);
  return exports;
}
NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
