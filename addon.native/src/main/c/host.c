/*
 * What the host tells an addon about itself: the Node-API version, the "Node" version (this runtime's), the
 * module's file as a URL, the external memory it reported; and napi_run_script, which has nothing to run on.
 */
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

napi_status NAPI_CDECL napi_get_version(node_api_basic_env nogc_env, uint32_t* result) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = RT_NAPI_VERSION;
  return rt_clear_error(env);
}

/*
 * Node reports its own version and process.release.name ("node"). The host here is this runtime, not Node.js: it
 * reports itself, so that an addon can tell; what it can call is napi_get_version's answer.
 */
static const napi_node_version runtime_version = {0, 1, 0, "addons-osgi"};

napi_status NAPI_CDECL napi_get_node_version(node_api_basic_env nogc_env, const napi_node_version** version) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, version);
  *version = &runtime_version;
  return rt_clear_error(env);
}

/* url.pathToFileURL(path).href, as Node gives it: file:// and the path with bytes outside a safe set %-encoded. */
static char* file_url(const char* path) {
  static const char safe[] = "-._/@!$&'()*+,;=:";
  static const char hex[] = "0123456789ABCDEF";
  size_t length = strlen(path);
  char* url = malloc(sizeof("file://") + length * 3);
  if (url == NULL) {
    return NULL;
  }
  char* o = url + strlen(strcpy(url, "file://"));
  for (const unsigned char* c = (const unsigned char*)path; *c != '\0'; c++) {
    bool alnum = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
    if (alnum || strchr(safe, *c) != NULL) {
      *o++ = (char)*c;
    } else {
      *o++ = '%';
      *o++ = hex[*c >> 4];
      *o++ = hex[*c & 15];
    }
  }
  *o = '\0';
  return url;
}

napi_status NAPI_CDECL node_api_get_module_file_name(node_api_basic_env nogc_env, const char** result) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (env->module_file_url == NULL) {
    env->module_file_url = file_url(env->filename);
    if (env->module_file_url == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
  }
  *result = env->module_file_url;
  return rt_clear_error(env);
}

/* Node passes the change to V8's GC heuristics and answers V8's total; here the env's own sum is the answer. */
napi_status NAPI_CDECL napi_adjust_external_memory(node_api_basic_env nogc_env, int64_t change_in_bytes,
                                                   int64_t* adjusted_value) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, adjusted_value);
  if (__builtin_add_overflow(env->external_memory, change_in_bytes, &env->external_memory)) {
    env->external_memory = change_in_bytes > 0 ? INT64_MAX : INT64_MIN;
  }
  *adjusted_value = env->external_memory;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_run_script(napi_env env, napi_value script, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, script);
  CHECK_ARG(env, result);
  if (rt_type(script) != napi_string) {
    return rt_set_error(env, napi_string_expected);
  }
  return rt_set_error_message(env, napi_generic_failure,
                              "napi_run_script: this runtime has no JavaScript engine to run a script on");
}
