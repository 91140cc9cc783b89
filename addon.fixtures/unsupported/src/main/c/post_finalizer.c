/*
 * A module that calls node_api_post_finalizer, which this runtime does not implement (it is a stub returning
 * napi_generic_failure). Its bundle must not resolve: the kit requires every Node-API function the library imports,
 * and the runtime's dev.addons.napi capability does not list this one.
 */
#define NAPI_EXPERIMENTAL /* node_api_post_finalizer is experimental in Node 20 */
#include <node_api.h>

static void Finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  (void)hint;
}

static napi_value Start(napi_env env, napi_callback_info info) {
  (void)info;
  if (node_api_post_finalizer(env, Finalize, NULL, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "node_api_post_finalizer failed");
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value start;
  napi_create_function(env, "start", NAPI_AUTO_LENGTH, Start, NULL, &start);
  napi_set_named_property(env, exports, "start", start);
  return exports;
}
