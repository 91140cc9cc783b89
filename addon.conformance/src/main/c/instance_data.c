/* Area "instance data": get before set, set/get, replacing, NULL arguments. The finalizer runs when the env is torn
   down (module unload in both runtimes), after the observations. */
#include "conformance.h"

static int first, second;
static int finalized_first;

static void finalize(node_api_basic_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  if (data == &first) {
    finalized_first++;
  }
}

static const char* which(void* p) {
  return p == NULL ? "NULL" : p == &first ? "first" : p == &second ? "second" : "other";
}

static void observe(napi_env env) {
  void* data = &second;
  OBSF("get_instance_data before set", napi_get_instance_data(env, &data), "%s", which(data));
  OBS("set_instance_data(first)", napi_set_instance_data(env, &first, finalize, NULL));
  OBSF("get_instance_data", napi_get_instance_data(env, &data), "%s", which(data));
  OBS("set_instance_data(second) replaces", napi_set_instance_data(env, &second, finalize, NULL));
  line("  first's finalizer ran on replacement: %d", finalized_first);
  OBSF("get_instance_data after replace", napi_get_instance_data(env, &data), "%s", which(data));
  OBS("set_instance_data(NULL data)", napi_set_instance_data(env, NULL, NULL, NULL));
  OBSF("get_instance_data after NULL", napi_get_instance_data(env, &data), "%s", which(data));
  OBS("get_instance_data(NULL result)", napi_get_instance_data(env, NULL));
  OBS("set_instance_data(second, no finalizer)", napi_set_instance_data(env, &second, NULL, NULL));
  OBSF("get_instance_data", napi_get_instance_data(env, &data), "%s", which(data));
  napi_throw_error(env, NULL, "pending");
  OBSF("get_instance_data while pending", napi_get_instance_data(env, &data), "%s", which(data));
}
