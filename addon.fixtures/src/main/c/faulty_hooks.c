/*
 * Fixture "faulty_hooks": cleanup hooks and finalizers that go wrong, for the runtime's reports of them.
 *
 *   throwInHook()          registers a cleanup hook that throws (napi_throw_error) when the context closes
 *   failInHook()           registers a cleanup hook whose Node-API call fails (a string is not a number)
 *   throwInFinalizer()     makes an external, kept by the exports, whose finalizer throws
 *   blockInHook(millis)    registers a cleanup hook that blocks until release() is called (in any context loaded
 *                          from the same file: the flag is static) or millis pass, whichever comes first
 *   release()              lets a blocking hook go on
 *
 * The hooks and the finalizer are exported (default visibility) so that the runtime's report can name them.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include <node_api.h>

#define EXPORTED __attribute__((visibility("default")))

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_opened = PTHREAD_COND_INITIALIZER;
static bool released;

typedef struct {
  napi_env env;
  int64_t millis;
} HookArg;

static HookArg* hook_arg(napi_env env, int64_t millis) {
  HookArg* arg = malloc(sizeof(*arg));
  arg->env = env;
  arg->millis = millis;
  return arg;
}

EXPORTED void faulty_throwing_hook(void* data) {
  HookArg* arg = data;
  napi_throw_error(arg->env, "ERR_HOOK", "cleanup went wrong");
  free(arg);
}

EXPORTED void faulty_failing_hook(void* data) {
  HookArg* arg = data;
  napi_value text;
  int32_t number;
  napi_create_string_utf8(arg->env, "not a number", NAPI_AUTO_LENGTH, &text);
  napi_get_value_int32(arg->env, text, &number); /* napi_number_expected, unchecked: the addon's bug */
  free(arg);
}

EXPORTED void faulty_blocking_hook(void* data) {
  HookArg* arg = data;
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += arg->millis / 1000;
  deadline.tv_nsec += (arg->millis % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&gate_lock);
  while (!released) {
    if (pthread_cond_timedwait(&gate_opened, &gate_lock, &deadline) == ETIMEDOUT) {
      break;
    }
  }
  released = false; /* closed again for the next test */
  pthread_mutex_unlock(&gate_lock);
  free(arg);
}

EXPORTED void faulty_throwing_finalizer(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  napi_throw_range_error(env, NULL, "finalizer went wrong");
}

static napi_value ThrowInHook(napi_env env, napi_callback_info info) {
  (void)info;
  napi_add_env_cleanup_hook(env, faulty_throwing_hook, hook_arg(env, 0));
  return NULL;
}

static napi_value FailInHook(napi_env env, napi_callback_info info) {
  (void)info;
  napi_add_env_cleanup_hook(env, faulty_failing_hook, hook_arg(env, 0));
  return NULL;
}

static napi_value ThrowInFinalizer(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value external;
  napi_ref kept; /* never deleted: the external lives until the context closes, then its finalizer runs */
  napi_create_external(env, NULL, faulty_throwing_finalizer, NULL, &external);
  napi_create_reference(env, external, 1, &kept);
  return NULL;
}

static napi_value BlockInHook(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t millis = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_int64(env, argv[0], &millis);
  napi_add_env_cleanup_hook(env, faulty_blocking_hook, hook_arg(env, millis));
  return NULL;
}

static napi_value Release(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  pthread_mutex_lock(&gate_lock);
  released = true;
  pthread_cond_broadcast(&gate_opened);
  pthread_mutex_unlock(&gate_lock);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"throwInHook", NULL, ThrowInHook, NULL, NULL, NULL, napi_default, NULL},
      {"failInHook", NULL, FailInHook, NULL, NULL, NULL, napi_default, NULL},
      {"throwInFinalizer", NULL, ThrowInFinalizer, NULL, NULL, NULL, napi_default, NULL},
      {"blockInHook", NULL, BlockInHook, NULL, NULL, NULL, napi_default, NULL},
      {"release", NULL, Release, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
