/*
 * Fixture "legacy": registers the old way, by calling napi_module_register from a library constructor while it
 * is being dlopen()ed (what NAPI_MODULE did before Node-API 8 made napi_register_module_v1 the norm).
 */
#include <stddef.h>

#include <node_api.h>

static napi_value Hello(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_string_utf8(env, "hello from a legacy module", NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "hello", NAPI_AUTO_LENGTH, Hello, NULL, &fn);
  napi_set_named_property(env, exports, "hello", fn);
  return exports;
}

static napi_module legacy_module = {
    NAPI_MODULE_VERSION, 0, __FILE__, Init, "legacy", NULL, {NULL, NULL, NULL, NULL},
};

__attribute__((constructor)) static void register_legacy(void) {
  napi_module_register(&legacy_module);
}
