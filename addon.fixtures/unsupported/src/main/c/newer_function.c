/*
 * A module that calls node_api_create_buffer_from_arraybuffer, a function of a newer Node-API (Node 23) than this
 * runtime's headers declare and than the runtime implements. Its bundle must not resolve: the kit requires every
 * Node-API function the library imports (the pom names it in addon.napi.extra, so that the link check accepts it),
 * and the runtime's dev.addons.napi capability does not list it. Should the runtime ever implement it, pick
 * another function the runtime lacks.
 */
#include <node_api.h>

NAPI_EXTERN napi_status NAPI_CDECL node_api_create_buffer_from_arraybuffer(napi_env env, napi_value arraybuffer,
                                                                           size_t byte_offset, size_t byte_length,
                                                                           napi_value* result);

static napi_value Start(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value bytes, buffer = NULL;
  void* data;
  napi_create_arraybuffer(env, 4, &data, &bytes);
  if (node_api_create_buffer_from_arraybuffer(env, bytes, 0, 4, &buffer) != napi_ok) {
    napi_throw_error(env, NULL, "node_api_create_buffer_from_arraybuffer failed");
  }
  return buffer;
}

NAPI_MODULE_INIT() {
  napi_value start;
  napi_create_function(env, "start", NAPI_AUTO_LENGTH, Start, NULL, &start);
  napi_set_named_property(env, exports, "start", start);
  return exports;
}
