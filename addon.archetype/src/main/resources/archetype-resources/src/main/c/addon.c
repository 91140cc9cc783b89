/*
 * A Node-API addon, as for Node.js: every context (bundle activation) gets its own instance data; a cleanup hook
 * runs when the context closes (bundle stop), before the instance data's finalizer frees it.
 *
 * Exports: count() -> the number of calls in this context so far, 1, 2, 3, ...
 * Add sources next to this file (or in subdirectories): all of them are linked into one library. Libraries it
 * needs go into the pom's addon.libs (e.g. -lz); a symbol nothing defines fails the build.
 */
#include <stdio.h>
#include <stdlib.h>

#include <node_api.h>

typedef struct {
  unsigned int calls;
} AddonData;

/* Runs when the context closes (bundle stop), newest hook first; the instance data is still valid here. */
static void CleanupHook(void* arg) {
  AddonData* data = arg;
  fprintf(stderr, "addon: context closing after %u call(s)\n", data->calls);
}

/* The instance data's finalizer: runs after the cleanup hooks. */
static void DeleteAddonData(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value Count(napi_env env, napi_callback_info info) {
  AddonData* data = NULL;
  napi_value result = NULL;
  if (napi_get_cb_info(env, info, NULL, NULL, NULL, (void**)&data) != napi_ok ||
      napi_create_uint32(env, ++data->calls, &result) != napi_ok) {
    napi_throw_error(env, NULL, "count: cannot make the result");
    return NULL;
  }
  return result;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  AddonData* data = calloc(1, sizeof(*data));
  if (data == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  if (napi_set_instance_data(env, data, DeleteAddonData, NULL) != napi_ok) {
    free(data);
    napi_throw_error(env, NULL, "napi_set_instance_data failed");
    return NULL;
  }
  if (napi_add_env_cleanup_hook(env, CleanupHook, data) != napi_ok) {
    napi_throw_error(env, NULL, "napi_add_env_cleanup_hook failed");
    return NULL;
  }
  napi_property_descriptor exported[] = {
      {"count", NULL, Count, NULL, NULL, NULL, napi_enumerable, data},
  };
  if (napi_define_properties(env, exports, 1, exported) != napi_ok) {
    napi_throw_error(env, NULL, "napi_define_properties failed");
    return NULL;
  }
  return exports;
}
