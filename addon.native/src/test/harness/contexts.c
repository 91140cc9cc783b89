/*
 * Loading addons and driving contexts the way bridge.c does for Java (openLibrary, createEnv, initEnv, call,
 * get, teardownEnv, freeEnv, closeLibrary), minus JNI: same runtime calls, same order, same handle-scope marks.
 * Keep these in step with bridge.c when its flow changes.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* bridge.c's registration slot for legacy modules (napi_module_register), exported for other runtime copies. */
napi_module* addon_rt_take_registration(void);

/* ---- Addons ------------------------------------------------------------------------------------------- */

bool addon_open(addon* a, const char* name) {
  memset(a, 0, sizeof(*a));
  snprintf(a->path, sizeof(a->path), "%s/lib%s.so", harness_fixtures_dir, name);
  addon_rt_take_registration(); /* start clean, as openLibrary does */
  dlerror();
  a->handle = dlopen(a->path, RTLD_NOW | RTLD_LOCAL);
  if (a->handle == NULL) {
    const char* why = dlerror();
    snprintf(a->error, sizeof(a->error), "%s", why != NULL ? why : "dlopen failed");
    return false;
  }
  napi_module* legacy = addon_rt_take_registration();
  a->init = (napi_addon_register_func)dlsym(a->handle, "napi_register_module_v1");
  if (a->init == NULL && legacy != NULL) {
    a->init = legacy->nm_register_func;
  }
  if (a->init == NULL) {
    snprintf(a->error, sizeof(a->error), "no init symbol");
    addon_close(a);
    return false;
  }
  a->api_version = 8;
  int32_t (*get_version)(void) = (int32_t(*)(void))dlsym(a->handle, "node_api_module_get_api_version_v1");
  if (get_version != NULL) {
    a->api_version = get_version();
  }
  if (a->api_version > RT_MAX_MODULE_API_VERSION && a->api_version != NAPI_VERSION_EXPERIMENTAL) {
    snprintf(a->error, sizeof(a->error), "built for Node-API version %d", (int)a->api_version);
    addon_close(a);
    return false;
  }
  return true;
}

void addon_close(addon* a) {
  if (a->handle != NULL) {
    dlclose(a->handle);
    a->handle = NULL;
  }
}

/* ---- Contexts ----------------------------------------------------------------------------------------- */

size_t frame_open(napi_env env) {
  return env->handle_count;
}

void frame_close(napi_env env, size_t mark) {
  rt_scope_release_to(env, mark);
}

napi_env env_create(const addon* a, const char* name) {
  return rt_env_new(name, a->path, a->api_version);
}

static void copy_string(const uint8_t** p, const uint8_t* end, char* to, size_t size, bool* present) {
  *present = false;
  to[0] = '\0';
  if (*p >= end || **p != TAG_STRING) {
    (*p)++;
    return;
  }
  uint32_t length;
  memcpy(&length, *p + 1, 4);
  *p += 5;
  snprintf(to, size, "%.*s", (int)length, (const char*)*p);
  *p += length;
  *present = true;
}

/* As bridge.c's answer_exception: a pending exception becomes the answer and is cleared. */
static bool take_exception(napi_env env, answer* out) {
  if (env->pending_exception == NULL) {
    return false;
  }
  napi_value thrown = env->pending_exception;
  env->pending_exception = NULL;
  rt_buf b = {0};
  rt_encode_exception(env, &b, thrown);
  rt_release(env, thrown);
  const uint8_t* p = b.data;
  const uint8_t* end = b.data + b.length;
  bool present;
  copy_string(&p, end, out->name, sizeof(out->name), &present);
  copy_string(&p, end, out->message, sizeof(out->message), &present);
  copy_string(&p, end, out->code, sizeof(out->code), &out->has_code);
  free(b.data);
  out->outcome = OUTCOME_THROWN;
  return true;
}

answer env_init(napi_env env, const addon* a) {
  answer out = {0};
  napi_value exports = env->exports;
  napi_value returned = a->init(env, exports);
  if (take_exception(env, &out)) {
    return out;
  }
  if (returned == NULL && env->last_error.error_code != napi_ok) {
    out.outcome = OUTCOME_FAILED;
    snprintf(out.message, sizeof(out.message), "init returned no exports after a Node-API call failed (%d)",
             (int)env->last_error.error_code);
    return out;
  }
  if (returned != NULL && returned != exports) {
    rt_retain(returned);
    env->exports = returned;
    rt_release(env, exports);
  }
  /* Every property name, enumerable or not, as initEnv answers them. */
  napi_value names = NULL;
  if (rt_is_object_like(env->exports)) {
    napi_get_all_property_names(env, env->exports, napi_key_own_only, napi_key_all_properties,
                                napi_key_numbers_to_strings, &names);
  } else {
    napi_create_array(env, &names);
  }
  out.outcome = OUTCOME_OK;
  out.value = names;
  return out;
}

static answer invoke(napi_env env, const char* name, size_t argc, napi_value* argv, bool get_only) {
  answer out = {0};
  if (env->tearing_down) {
    out.outcome = OUTCOME_FAILED;
    snprintf(out.message, sizeof(out.message), "the context is closing");
    return out;
  }
  napi_value exports = env->exports;
  napi_value target = NULL;
  if (rt_is_object_like(exports)) {
    rt_get_prop(env, exports, name, &target);
  }
  bool exists = rt_is_object_like(exports) && rt_find_prop(exports, name) != NULL;
  if (get_only) {
    if (!exists) {
      out.outcome = OUTCOME_FAILED;
      snprintf(out.message, sizeof(out.message), "module '%s' has no export '%s'", env->module_name, name);
    } else if (!take_exception(env, &out)) {
      out.outcome = OUTCOME_OK;
      out.value = target;
    }
    return out;
  }
  if (target == NULL || target->type != napi_function) {
    out.outcome = OUTCOME_FAILED;
    snprintf(out.message, sizeof(out.message), "module '%s' %s '%s'", env->module_name,
             exists ? "exports no function named" : "has no export", name);
    return out;
  }
  napi_value result = rt_invoke(env, target, exports, argc, argv);
  if (!take_exception(env, &out)) {
    out.outcome = OUTCOME_OK;
    out.value = result;
  }
  return out;
}

answer env_call(napi_env env, const char* function, size_t argc, napi_value* argv) {
  return invoke(env, function, argc, argv, false);
}

answer env_get(napi_env env, const char* export_name) {
  return invoke(env, export_name, 0, NULL, true);
}

closed env_close(napi_env env, long long async_wait_millis) {
  closed out = {0};
  rt_env_teardown(env, async_wait_millis);
  out.hooks_run = env->hooks_run;
  out.finalizers_run = env->finalizers_run;
  take_warnings(env, out.warnings, sizeof(out.warnings));
  rt_env_free(env);
  return out;
}

napi_env env_load(addon* a, const char* addon_name, const char* context_name) {
  if (!check_that(addon_open(a, addon_name), __FILE__, __LINE__, a->error)) {
    return NULL;
  }
  napi_env env = env_create(a, context_name);
  if (!CHECK(env != NULL)) {
    addon_close(a);
    return NULL;
  }
  size_t mark = frame_open(env);
  answer init = env_init(env, a);
  frame_close(env, mark);
  if (!check_that(init.outcome == OUTCOME_OK, __FILE__, __LINE__, init.message)) {
    env_close(env, 1000);
    addon_close(a);
    return NULL;
  }
  return env;
}

/* ---- Values ------------------------------------------------------------------------------------------- */

napi_value num(napi_env env, double d) {
  napi_value v = NULL;
  napi_create_double(env, d, &v);
  return v;
}

napi_value str(napi_env env, const char* s) {
  napi_value v = NULL;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

const char* take_warnings(napi_env env, char* buf, size_t size) {
  snprintf(buf, size, "%s", env->warnings != NULL ? env->warnings : "");
  free(env->warnings);
  env->warnings = NULL;
  env->warnings_length = 0;
  return buf;
}

typedef struct text {
  char* s;
  size_t length, cap;
} text;

static void append(text* t, const char* format, ...) __attribute__((format(printf, 2, 3)));

static void append(text* t, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vsnprintf(t->s + t->length, t->cap - t->length, format, args);
  va_end(args);
  if (n > 0) {
    t->length += (size_t)n < t->cap - t->length ? (size_t)n : t->cap - t->length - 1;
  }
}

static uint32_t read_u32(const uint8_t** p) {
  uint32_t v;
  memcpy(&v, *p, 4);
  *p += 4;
  return v;
}

/* Renders one encoded value from *p: the decoder Java has, as text. */
static void render_encoded(text* t, const uint8_t** p) {
  uint8_t tag = *(*p)++;
  switch (tag) {
    case TAG_UNDEFINED:
      append(t, "undefined");
      return;
    case TAG_NULL:
      append(t, "null");
      return;
    case TAG_FALSE:
      append(t, "false");
      return;
    case TAG_TRUE:
      append(t, "true");
      return;
    case TAG_INT32: {
      int32_t i;
      memcpy(&i, *p, 4);
      *p += 4;
      append(t, "%d", (int)i);
      return;
    }
    case TAG_DOUBLE: {
      double d;
      memcpy(&d, *p, 8);
      *p += 8;
      append(t, "%.17g", d);
      return;
    }
    case TAG_STRING: {
      uint32_t length = read_u32(p);
      append(t, "\"%.*s\"", (int)length, (const char*)*p);
      *p += length;
      return;
    }
    case TAG_FUNCTION: {
      uint32_t length = read_u32(p);
      append(t, "function %.*s", (int)length, (const char*)*p);
      *p += length;
      return;
    }
    case TAG_EXTERNAL:
      append(t, "external");
      return;
    case TAG_BYTES: {
      uint32_t length = read_u32(p);
      append(t, "bytes(");
      for (uint32_t i = 0; i < length; i++) {
        append(t, "%02x", (*p)[i]);
      }
      append(t, ")");
      *p += length;
      return;
    }
    case TAG_ARRAY: {
      uint32_t count = read_u32(p);
      append(t, "[");
      for (uint32_t i = 0; i < count; i++) {
        append(t, i > 0 ? "," : "");
        render_encoded(t, p);
      }
      append(t, "]");
      return;
    }
    case TAG_OBJECT: {
      uint32_t count = read_u32(p);
      append(t, "{");
      for (uint32_t i = 0; i < count; i++) {
        uint32_t length = read_u32(p);
        append(t, "%s%.*s:", i > 0 ? "," : "", (int)length, (const char*)*p);
        *p += length;
        render_encoded(t, p);
      }
      append(t, "}");
      return;
    }
    default:
      append(t, "<tag %d>", tag);
  }
}

const char* render(napi_env env, napi_value v) {
  /* A few rotating buffers, so that one CHECK may render two values. */
  static char buffers[4][4096];
  static int next;
  text t = {buffers[next++ % 4], 0, sizeof(buffers[0])};
  t.s[0] = '\0';
  rt_buf b = {0};
  char* problem = NULL;
  if (!rt_encode_value(env, &b, v, harness_limits, "value", &problem)) {
    append(&t, "<%s>", problem != NULL ? problem : "encode failed");
  } else if (b.failed) {
    append(&t, "<encode failed>");
  } else {
    const uint8_t* p = b.data;
    render_encoded(&t, &p);
  }
  free(problem);
  free(b.data);
  return t.s;
}
