/*
 * A module that queues work with napi_create_async_work, which this runtime does not implement (it is a stub
 * returning napi_generic_failure). Its bundle must not resolve: the kit requires every Node-API function the
 * library imports, and the runtime's dev.addons.napi capability does not list this one.
 */
#include <node_api.h>

static void Execute(napi_env env, void* data) {
  (void)env;
  (void)data;
}

static void Complete(napi_env env, napi_status status, void* data) {
  (void)env;
  (void)status;
  (void)data;
}

static napi_value Start(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value name;
  napi_async_work work;
  if (napi_create_string_utf8(env, "async_work", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, Execute, Complete, NULL, &work) != napi_ok) {
    napi_throw_error(env, NULL, "napi_create_async_work failed");
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value start;
  napi_create_function(env, "start", NAPI_AUTO_LENGTH, Start, NULL, &start);
  napi_set_named_property(env, exports, "start", start);
  return exports;
}
