/*
 * Loading addons and driving contexts as bridge.c does for Java (openLibrary, createEnv, initEnv, call, get,
 * teardownEnv, freeEnv, closeLibrary), minus JNI and the wire format: the same loader (loader.c) and the same
 * call gate (gate.c), called the same way. What differs: the answers stay values, and a test's frame (frame_open /
 * frame_close) leaves the gates of all its calls at once, so that their values live until the frame closes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "handles.h"
#include "harness.h"

/* ---- Addons ------------------------------------------------------------------------------------------- */

bool addon_open(addon* a, const char* name) {
  memset(a, 0, sizeof(*a));
  char path[1024];
  snprintf(path, sizeof(path), "%s/lib%s.so", harness_fixtures_dir, name);
  a->library = rt_library_open(path, a->error, sizeof(a->error));
  return a->library != NULL;
}

void addon_close(addon* a) {
  if (a->library != NULL) {
    rt_library_close(a->library, a->error, sizeof(a->error));
    a->library = NULL;
  }
}

/* ---- Contexts ----------------------------------------------------------------------------------------- */

size_t frame_open(napi_env env) {
  return env->handle_count;
}

void frame_close(napi_env env, size_t mark) {
  rt_scope_release_to(env, mark); /* what rt_gate_leave does, for every gate entered since frame_open */
}

napi_env env_create(const addon* a, const char* name) {
  return rt_env_new(name, a->library->path, a->library->api_version);
}

static void copy_text(char* to, size_t size, const char* text, size_t length) {
  snprintf(to, size, "%.*s", (int)length, text);
}

/* The gate's answer, as the harness's answer; its values valid until the caller's frame closes. */
static answer answer_of(const rt_gate* gate) {
  answer out = {0};
  out.outcome = gate->outcome;
  if (gate->outcome == OUTCOME_OK) {
    out.value = gate->value;
  } else if (gate->outcome == OUTCOME_THROWN) {
    rt_thrown_text text;
    rt_describe_thrown(gate->env, gate->thrown, &text);
    copy_text(out.name, sizeof(out.name), text.name, text.name_length);
    copy_text(out.message, sizeof(out.message), text.message, text.message_length);
    out.has_code = text.code != NULL;
    if (out.has_code) {
      copy_text(out.code, sizeof(out.code), text.code, text.code_length);
    }
  } else {
    snprintf(out.message, sizeof(out.message), "%s", gate->failure);
  }
  return out;
}

answer env_init(napi_env env, const addon* a) {
  rt_gate gate;
  rt_gate_enter(&gate, env);
  if (rt_gate_init(&gate, a->library->init) != OUTCOME_OK) {
    return answer_of(&gate);
  }
  /* Every property name, enumerable or not, as initEnv answers them. */
  napi_value names = NULL;
  if (rt_is_object_like(env->exports)) {
    napi_get_all_property_names(env, env->exports, napi_key_own_only, napi_key_all_properties,
                                napi_key_numbers_to_strings, &names);
  } else {
    napi_create_array(env, &names);
  }
  answer out = answer_of(&gate);
  out.value = names;
  return out;
}

answer env_call(napi_env env, const char* function, size_t argc, napi_value* argv) {
  rt_gate gate;
  rt_gate_enter(&gate, env);
  rt_gate_call(&gate, function, argc, argv);
  return answer_of(&gate);
}

answer env_get(napi_env env, const char* export_name) {
  rt_gate gate;
  rt_gate_enter(&gate, env);
  rt_gate_get(&gate, export_name);
  return answer_of(&gate);
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
/* The handle ids a render sent: given back after it, so that rendering keeps nothing alive. */
static uint64_t rendered_handles[64];
static size_t rendered_handle_count;

static void render_encoded(text* t, const uint8_t** p) {
  uint8_t tag = *(*p)++;
  switch (tag) {
    case TAG_HANDLE: {
      uint64_t id;
      memcpy(&id, *p, 8);
      *p += 8;
      if (rendered_handle_count < sizeof(rendered_handles) / sizeof(rendered_handles[0])) {
        rendered_handles[rendered_handle_count++] = id;
      }
      uint8_t kind = *(*p)++;
      if (kind == RT_CONTRACT(HANDLE_FUNCTION)) {
        uint32_t length = read_u32(p);
        append(t, "function %.*s", (int)length, (const char*)*p);
        *p += length;
      } else if (kind == RT_CONTRACT(HANDLE_SYMBOL)) {
        uint8_t described = *(*p)++;
        uint32_t length = described ? read_u32(p) : 0;
        append(t, "Symbol(%.*s)", (int)length, (const char*)*p);
        *p += length;
      } else {
        append(t, kind == RT_CONTRACT(HANDLE_EXTERNAL) ? "external" : "handle");
      }
      return;
    }
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
    case TAG_JAVA_FUNCTION: {
      uint64_t id;
      memcpy(&id, *p, 8);
      *p += 8;
      append(t, "java function %llu", (unsigned long long)id);
      return;
    }
    case TAG_BIGINT: {
      uint8_t negative = *(*p)++;
      uint32_t count = read_u32(p);
      append(t, "bigint(%s", negative ? "-" : "");
      for (uint32_t i = 0; i < count; i++) {
        uint64_t w;
        memcpy(&w, *p + 8 * (count - 1 - i), 8); /* most significant first */
        append(t, i == 0 ? "%llx" : "%016llx", (unsigned long long)w);
      }
      append(t, count == 0 ? "0)" : ")");
      *p += 8 * (size_t)count;
      return;
    }
    case TAG_DATE: {
      double d;
      memcpy(&d, *p, 8);
      *p += 8;
      append(t, "date(%.17g)", d);
      return;
    }
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
    case TAG_REF:
      append(t, "ref(%u)", (unsigned)read_u32(p));
      return;
    case TAG_TYPED_ARRAY: { /* Int16Array(feff2c01): the kind and the bytes in hex */
      static const char* const kinds[] = {"Int8Array",    "Uint8Array",   "Uint8ClampedArray", "Int16Array",
                                          "Uint16Array",  "Int32Array",   "Uint32Array",       "Float32Array",
                                          "Float64Array", "BigInt64Array", "BigUint64Array"};
      uint8_t kind = *(*p)++;
      uint32_t length = read_u32(p);
      append(t, "%s(", kind == RT_WIRE_DATA_VIEW ? "DataView" : kind < 11 ? kinds[kind] : "?");
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
    rendered_handle_count = 0;
    render_encoded(&t, &p);
    for (size_t i = 0; i < rendered_handle_count; i++) {
      rt_handles_give_back(env, rendered_handles[i], 1);
    }
  }
  free(problem);
  free(b.data);
  return t.s;
}
