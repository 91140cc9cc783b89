/*
 * Fixture "lifecycle": the teardown case measured in Node 20 (DESIGN.md). Init registers hooks A, C, R, D, X and
 * async hook E, in that order; R removes C and adds L; X is removed at once. Every hook and finalizer appends a
 * line to the file given to setLog(), so the test can read the order after the context is gone.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <node_api.h>

typedef struct State {
  char log[1024];
  napi_async_cleanup_hook_handle e_handle;
  pthread_t e_thread; /* finishes hook E; joined by the finalizer, before the library can be unmapped */
  bool e_started;
  struct State* origin; /* set by setInstanceDataAgain: the State the hooks still point at */
} State;

static void log_line(const char* path, const char* line) {
  if (path[0] == '\0') {
    return;
  }
  FILE* f = fopen(path, "a");
  if (f != NULL) {
    fprintf(f, "%s\n", line);
    fclose(f);
  }
}

static void HookA(void* arg) {
  log_line(((State*)arg)->log, "hook A");
}

static void HookC(void* arg) {
  log_line(((State*)arg)->log, "hook C");
}

static void HookD(void* arg) {
  log_line(((State*)arg)->log, "hook D");
}

static void HookX(void* arg) {
  log_line(((State*)arg)->log, "hook X");
}

static void HookT(void* arg) {
  log_line(((State*)arg)->log, "hook T");
}

/* Added during teardown: runs after the instance-data finalizer freed State, so it gets its own copy. */
static void HookL(void* arg) {
  char* path = arg;
  log_line(path, "hook L");
  free(path);
}

static napi_env the_env; /* only used by HookR, which runs on the env's own teardown */

static void HookR(void* arg) {
  State* state = arg;
  log_line(state->log, "hook R");
  napi_remove_env_cleanup_hook(the_env, HookC, state);
  napi_add_env_cleanup_hook(the_env, HookL, strdup(state->log));
}

typedef struct {
  napi_async_cleanup_hook_handle handle;
  char log[1024];
} AsyncDone;

static void* FinishAsync(void* arg) {
  AsyncDone* done = arg;
  struct timespec pause = {0, 5 * 1000 * 1000};
  nanosleep(&pause, NULL);
  log_line(done->log, "async E done");
  napi_remove_async_cleanup_hook(done->handle);
  free(done);
  return NULL;
}

/* An async hook finishes later, on another thread; teardown must wait for it before the finalizer. */
static void HookE(napi_async_cleanup_hook_handle handle, void* arg) {
  State* state = arg;
  log_line(state->log, "async hook E");
  AsyncDone* done = malloc(sizeof(*done));
  done->handle = handle;
  memcpy(done->log, state->log, sizeof(done->log));
  state->e_started = pthread_create(&state->e_thread, NULL, FinishAsync, done) == 0;
}

static void join_async(State* state) {
  if (state != NULL && state->e_started) {
    pthread_join(state->e_thread, NULL);
    state->e_started = false;
  }
}

static void FinalizeState(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  State* state = data;
  /* Code of this library must not run on any thread once teardown ends: the library is unmapped next. */
  join_async(state);
  join_async(state->origin);
  log_line(state->log, "instance finalizer");
  free(state);
}

static void FinalizeExternal(napi_env env, void* data, void* hint) {
  (void)env;
  State* state = hint;
  log_line(state->log, "external finalizer");
  free(data);
}

static napi_value SetLog(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  State* state;
  napi_get_instance_data(env, (void**)&state);
  napi_get_value_string_utf8(env, argv[0], state->log, sizeof(state->log), NULL);
  return NULL;
}

/* The same hook and argument twice: Node aborts; we must refuse the second with napi_invalid_arg. */
static napi_value AddTwice(napi_env env, napi_callback_info info) {
  (void)info;
  State* state;
  napi_get_instance_data(env, (void**)&state);
  napi_status first = napi_add_env_cleanup_hook(env, HookT, state);
  napi_status second = napi_add_env_cleanup_hook(env, HookT, state);
  napi_value result, v;
  napi_create_array(env, &result);
  napi_create_int32(env, first, &v);
  napi_set_element(env, result, 0, v);
  napi_create_int32(env, second, &v);
  napi_set_element(env, result, 1, v);
  return result;
}

/* Node: both calls succeed, the first data's finalizer never runs. The new data inherits the log path. */
static napi_value SetInstanceDataAgain(napi_env env, napi_callback_info info) {
  (void)info;
  State* old;
  napi_get_instance_data(env, (void**)&old);
  State* fresh = malloc(sizeof(*fresh));
  memcpy(fresh, old, sizeof(*fresh));
  fresh->origin = old;
  napi_status status = napi_set_instance_data(env, fresh, FinalizeState, NULL);
  /* Every hook still points at the old State; keep it alive (leaked, as in Node) so they can log. */
  memcpy(old->log, fresh->log, sizeof(old->log));
  napi_value result;
  napi_create_int32(env, status, &result);
  return result;
}

NAPI_MODULE_INIT(/* env, exports */) {
  the_env = env;
  State* state = calloc(1, sizeof(*state));
  napi_set_instance_data(env, state, FinalizeState, NULL);
  napi_add_env_cleanup_hook(env, HookA, state);
  napi_add_env_cleanup_hook(env, HookC, state);
  napi_add_env_cleanup_hook(env, HookR, state);
  napi_add_env_cleanup_hook(env, HookD, state);
  napi_add_env_cleanup_hook(env, HookX, state);
  napi_remove_env_cleanup_hook(env, HookX, state);
  napi_add_async_cleanup_hook(env, HookE, state, &state->e_handle);

  /* A value with a finalizer that stays alive through a reference: finalized at teardown, before instance data. */
  napi_value external;
  napi_ref keep;
  napi_create_external(env, malloc(16), FinalizeExternal, state, &external);
  napi_create_reference(env, external, 1, &keep);

  napi_property_descriptor props[] = {
      {"setLog", NULL, SetLog, NULL, NULL, NULL, napi_default, NULL},
      {"addTwice", NULL, AddTwice, NULL, NULL, NULL, napi_default, NULL},
      {"setInstanceDataAgain", NULL, SetInstanceDataAgain, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 3, props);
  return exports;
}
