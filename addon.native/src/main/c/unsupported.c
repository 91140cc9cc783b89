/*
 * Node-API functions outside the supported subset (see README "Supported Node-API subset"). They exist so that
 * addons built against the full headers load; each call returns napi_generic_failure, sets an error message
 * naming the function for napi_get_last_error_info, and leaves a warning in the context's log once.
 *
 * Generated once from the prototypes of our headers (gcc -aux-info) and kept as source: a function moving into
 * the subset is deleted here and implemented elsewhere.
 */
#include <stdio.h>
#include <string.h>

#include "runtime.h"

static napi_status rt_unsupported(napi_env env, const char* name) {
  if (!rt_env_ok(env)) {
    return env == NULL ? napi_generic_failure : napi_invalid_arg;
  }
  /* Warn once per env and function: an addon probing for features should not flood the log. */
  if (env->warnings == NULL || strstr(env->warnings, name) == NULL) {
    rt_warn(env, "%s is not supported by this runtime; it returned napi_generic_failure", name);
  }
  return rt_set_error_message(env, napi_generic_failure, "this Node-API function is not supported by this runtime");
}

RT_EXPORT napi_status NAPI_CDECL node_api_post_finalizer(node_api_basic_env env, napi_finalize a1, void * a2, void * a3) {
  (void)a1;
  (void)a2;
  (void)a3;
  return rt_unsupported((napi_env)env, "node_api_post_finalizer");
}

RT_EXPORT napi_status NAPI_CDECL napi_create_threadsafe_function(napi_env env, napi_value a1, napi_value a2, napi_value a3, size_t a4, size_t a5, void * a6, napi_finalize a7, void * a8, napi_threadsafe_function_call_js a9, napi_threadsafe_function * a10) {
  (void)a1;
  (void)a2;
  (void)a3;
  (void)a4;
  (void)a5;
  (void)a6;
  (void)a7;
  (void)a8;
  (void)a9;
  (void)a10;
  return rt_unsupported((napi_env)env, "napi_create_threadsafe_function");
}

RT_EXPORT napi_status NAPI_CDECL napi_get_threadsafe_function_context(napi_threadsafe_function a0, void ** a1) {
  (void)a0;
  (void)a1;
  return rt_unsupported(NULL, "napi_get_threadsafe_function_context");
}

RT_EXPORT napi_status NAPI_CDECL napi_call_threadsafe_function(napi_threadsafe_function a0, void * a1, napi_threadsafe_function_call_mode a2) {
  (void)a0;
  (void)a1;
  (void)a2;
  return rt_unsupported(NULL, "napi_call_threadsafe_function");
}

RT_EXPORT napi_status NAPI_CDECL napi_acquire_threadsafe_function(napi_threadsafe_function a0) {
  (void)a0;
  return rt_unsupported(NULL, "napi_acquire_threadsafe_function");
}

RT_EXPORT napi_status NAPI_CDECL napi_release_threadsafe_function(napi_threadsafe_function a0, napi_threadsafe_function_release_mode a1) {
  (void)a0;
  (void)a1;
  return rt_unsupported(NULL, "napi_release_threadsafe_function");
}

RT_EXPORT napi_status NAPI_CDECL napi_unref_threadsafe_function(node_api_basic_env env, napi_threadsafe_function a1) {
  (void)a1;
  return rt_unsupported((napi_env)env, "napi_unref_threadsafe_function");
}

RT_EXPORT napi_status NAPI_CDECL napi_ref_threadsafe_function(node_api_basic_env env, napi_threadsafe_function a1) {
  (void)a1;
  return rt_unsupported((napi_env)env, "napi_ref_threadsafe_function");
}
