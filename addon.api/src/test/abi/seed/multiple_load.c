#include <assert.h>
#include <math.h>
#include <stdlib.h>

#define NAPI_EXPERIMENTAL
#include <node_api.h>

typedef struct {
  double value;
} AddonData;

static int ModifyAddonData(AddonData* data, double offset) {
    data->value = tan(atan(exp(log(sqrt(data->value * data->value))))) + offset;
    data->value =
        (double)(((int)data->value) +
        (data->value - ((double)(int)data->value) > 0.5 ? 1 : 0));
    return (int)(data->value);
}

static void DeleteAddonData(napi_env env, void* data, void* hint) {
  (void) env;
  (void) hint;
  free(data);
}

static AddonData* CreateAddonData(napi_env env, napi_value exports) {
  AddonData* result = malloc(sizeof(*result));
  result->value = 0.0;
  assert(napi_set_instance_data(env, result, DeleteAddonData, NULL) == napi_ok);
  return result;
}

static napi_value Increment(napi_env env, napi_callback_info info) {
  AddonData* addon_data = NULL;
  assert(napi_get_instance_data(env, ((void**)&addon_data)) == napi_ok);
  napi_value result;
  assert(napi_create_int32(env,
                           ModifyAddonData(addon_data, 1.0),
                           &result) == napi_ok);
  return result;
}

static napi_value Decrement(napi_env env, napi_callback_info info) {
  AddonData* addon_data = NULL;
  assert(napi_get_instance_data(env, ((void**)&addon_data)) == napi_ok);
  napi_value result;
  assert(napi_create_int32(env,
                           ModifyAddonData(addon_data, -1.0),
                           &result) == napi_ok);
  return result;
}

NAPI_MODULE_INIT(/*env, exports*/) {
  AddonData* addon_data = CreateAddonData(env, exports);
  napi_property_descriptor bindings[] = {
    {"increment", NULL, Increment, NULL, NULL, NULL, napi_enumerable, addon_data},
    {"decrement", NULL, Decrement, NULL, NULL, NULL, napi_enumerable, addon_data}
  };
  assert(napi_define_properties(env,
                                exports,
                                sizeof(bindings) / sizeof(bindings[0]),
                                bindings) == napi_ok);
  return exports;
}
