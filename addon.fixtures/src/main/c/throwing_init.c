/* Fixture "throwing_init": an init that throws. Loading it must fail with this message and code. */
#include <node_api.h>

NAPI_MODULE_INIT(/* env, exports */) {
  (void)exports;
  napi_throw_error(env, "E_NO_LICENCE", "init refused: no licence");
  return NULL;
}
