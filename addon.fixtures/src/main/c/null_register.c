/* Fixture "null_register": registers through napi_module_register with no init function. Loading must say so. */
#include <stddef.h>

#include <node_api.h>

static napi_module null_module = {
    NAPI_MODULE_VERSION, 0, __FILE__, NULL, "null_register", NULL, {NULL, NULL, NULL, NULL},
};

__attribute__((constructor)) static void register_null(void) {
  napi_module_register(&null_module);
}
