/*
 * The reference page's instance-data example ("multiple_load"), written as production C: same arithmetic, same
 * exports, but every Node-API status is checked instead of assert()ed (asserts vanish under -DNDEBUG).
 *
 * Each context that loads this module gets its own AddonData; the finalizer frees it when the context closes.
 */
#include <math.h>
#include <stdlib.h>

#include <node_api.h>

typedef struct {
  double value;
} AddonData;

/* The useful work: pass the value through an expensive identity, add the offset, round half up. */
static int ModifyAddonData(AddonData* data, double offset) {
  data->value = tan(atan(exp(log(sqrt(data->value * data->value))))) + offset;
  data->value = (double)(((int)data->value) + (data->value - ((double)(int)data->value) > 0.5 ? 1 : 0));
  return (int)(data->value);
}

static void DeleteAddonData(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value Modify(napi_env env, double offset) {
  AddonData* addon_data = NULL;
  napi_value result;
  if (napi_get_instance_data(env, (void**)&addon_data) != napi_ok || addon_data == NULL) {
    napi_throw_error(env, "E_NO_INSTANCE_DATA", "multiple_load: no instance data in this context");
    return NULL;
  }
  if (napi_create_int32(env, ModifyAddonData(addon_data, offset), &result) != napi_ok) {
    return NULL;
  }
  return result;
}

static napi_value Increment(napi_env env, napi_callback_info info) {
  (void)info;
  return Modify(env, 1.0);
}

static napi_value Decrement(napi_env env, napi_callback_info info) {
  (void)info;
  return Modify(env, -1.0);
}

NAPI_MODULE_INIT(/* env, exports */) {
  AddonData* addon_data = malloc(sizeof(*addon_data));
  if (addon_data == NULL) {
    napi_throw_error(env, NULL, "multiple_load: out of memory");
    return NULL;
  }
  addon_data->value = 0.0;
  if (napi_set_instance_data(env, addon_data, DeleteAddonData, NULL) != napi_ok) {
    free(addon_data);
    return NULL;
  }
  napi_property_descriptor bindings[] = {
      {"increment", NULL, Increment, NULL, NULL, NULL, napi_enumerable, addon_data},
      {"decrement", NULL, Decrement, NULL, NULL, NULL, napi_enumerable, addon_data},
  };
  if (napi_define_properties(env, exports, sizeof(bindings) / sizeof(bindings[0]), bindings) != napi_ok) {
    return NULL;
  }
  return exports;
}
