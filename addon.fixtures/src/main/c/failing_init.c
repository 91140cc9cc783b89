/* Fixture "failing_init": an init whose Node-API call fails and which then gives up returning NULL. */
#include <node_api.h>

NAPI_MODULE_INIT(/* env, exports */) {
  napi_value fn;
  if (napi_create_function(env, "broken", NAPI_AUTO_LENGTH, NULL, NULL, &fn) != napi_ok) {
    return NULL;
  }
  return exports;
}
