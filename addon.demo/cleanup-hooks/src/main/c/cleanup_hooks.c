/*
 * The reference page's cleanup-hook example in C: init registers four hooks with the values 1..4; when the
 * context closes they run newest first and print cleanup(4) .. cleanup(1), freeing their memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include <node_api.h>

static void CleanupHook(void* arg) {
  printf("cleanup(%d)\n", *(int*)arg);
  fflush(stdout); /* the JVM writes to the same descriptor: keep the lines in order */
  free(arg);
}

static napi_value Init(napi_env env, napi_value exports) {
  (void)exports;
  for (int i = 1; i < 5; i++) {
    int* value = malloc(sizeof(*value));
    if (value == NULL) {
      napi_throw_error(env, NULL, "cleanup_hooks: out of memory");
      return NULL;
    }
    *value = i;
    if (napi_add_env_cleanup_hook(env, CleanupHook, value) != napi_ok) {
      free(value);
      napi_throw_error(env, NULL, "cleanup_hooks: napi_add_env_cleanup_hook failed");
      return NULL;
    }
  }
  return NULL;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
