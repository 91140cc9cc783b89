/* Area "general": versions, the module file name, the error messages of napi_get_last_error_info per status,
   cleanup hooks' registration, the things an addon asks of its environment. */
#include "conformance.h"

static void hook(void* arg) {
  (void)arg;
}

static void last_error(napi_env env, const char* label) {
  const napi_extended_error_info* info = NULL;
  napi_status s = napi_get_last_error_info(env, &info);
  line("%s: %s -> code %s, message %s", label, status_name(s), info ? status_name(info->error_code) : "-",
       info == NULL ? "-" : info->error_message == NULL ? "NULL" : info->error_message);
}

static void observe(napi_env env) {
  uint32_t version = 0;
  OBSF("get_version", napi_get_version(env, &version), "%s", version >= 9 ? ">= 9" : "< 9");
  OBS("get_version(NULL result)", napi_get_version(env, NULL));
  const napi_node_version* node = NULL;
  OBSF("get_node_version", napi_get_node_version(env, &node), "release %s", node ? node->release : "-");
  const char* file = NULL;
  OBSF("get_module_file_name", node_api_get_module_file_name(env, &file), "file URL %d, ends with .so %d",
       file != NULL && strncmp(file, "file://", 7) == 0,
       file != NULL && strlen(file) > 3 && strcmp(file + strlen(file) - 3, ".so") == 0);

  /* The message napi_get_last_error_info gives for each failing status this area can provoke. */
  napi_value v = NULL;
  int32_t i;
  napi_get_value_int32(env, str(env, "x"), &i);
  last_error(env, "after number expected");
  napi_get_value_string_utf8(env, num(env, 1), NULL, 0, NULL);
  last_error(env, "after invalid arg (NULL result)");
  size_t length;
  napi_get_value_string_utf8(env, num(env, 1), NULL, 0, &length);
  last_error(env, "after string expected");
  napi_get_named_property(env, undef(env), "x", &v);
  pending_suffix(env);
  last_error(env, "after object expected");
  bool b;
  napi_get_value_bool(env, num(env, 1), &b);
  last_error(env, "after boolean expected");
  uint32_t n;
  napi_get_array_length(env, obj(env), &n);
  last_error(env, "after array expected");
  napi_call_function(env, obj(env), obj(env), 0, NULL, &v);
  pending_suffix(env);
  last_error(env, "after function expected");
  napi_has_own_property(env, obj(env), num(env, 1), &b);
  last_error(env, "after name expected");
  napi_escapable_handle_scope scope;
  napi_open_escapable_handle_scope(env, &scope);
  napi_escape_handle(env, scope, num(env, 1), &v);
  napi_escape_handle(env, scope, num(env, 1), &v);
  last_error(env, "after escape called twice");
  napi_close_escapable_handle_scope(env, scope);
  napi_throw_error(env, NULL, "pending");
  napi_create_object(env, &v);
  last_error(env, "after pending exception");
  pending_suffix(env);
  napi_get_undefined(env, &v);
  last_error(env, "after success");

  OBS("add_env_cleanup_hook", napi_add_env_cleanup_hook(env, hook, &n));
  OBS("remove_env_cleanup_hook", napi_remove_env_cleanup_hook(env, hook, &n));
  OBS("add_env_cleanup_hook(NULL fun)", napi_add_env_cleanup_hook(env, NULL, &n));
  OBSV("run_script(\"1 + 1\")", napi_run_script(env, str(env, "1 + 1"), &v), v);
  OBSV("run_script(number)", napi_run_script(env, num(env, 1), &v), v);
  napi_value global;
  napi_get_global(env, &global);
  napi_valuetype type;
  OBSF("typeof global", napi_typeof(env, global, &type), "%d", (int)type);
  napi_value date;
  OBSV("global.Date", napi_get_named_property(env, global, "Date", &date), date);
}
