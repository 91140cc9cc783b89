/*
 * Node-API functions outside the supported subset (docs/node-api.md): stubs that exist so that addons built
 * against the full headers load. None is left: every function our headers declare is implemented (those that
 * need an engine or libuv, napi_run_script and napi_get_uv_event_loop, answer a clear failure where they are).
 *
 * The build keeps reading this file: the dev.addons.napi capability lists the library's napi_* exports less the
 * functions defined here (napi-capability.sh), so that a stub is never offered to resolvers as implemented. A
 * function of newer headers that cannot be implemented at once gets a stub here, written as
 *
 *   RT_EXPORT napi_status NAPI_CDECL napi_something(napi_env env, ...) {
 *     return rt_unsupported(env, "napi_something");
 *   }
 */
#include <string.h>

#include "runtime.h"

napi_status rt_unsupported(napi_env env, const char* name) {
  if (!rt_env_ok(env)) {
    return env == NULL ? napi_generic_failure : napi_invalid_arg;
  }
  /* Warn once per env and function: an addon probing for features should not flood the log. */
  if (env->warnings == NULL || strstr(env->warnings, name) == NULL) {
    rt_warn(env, "%s is not supported by this runtime; it returned napi_generic_failure", name);
  }
  return rt_set_error_message(env, napi_generic_failure, "this Node-API function is not supported by this runtime");
}
