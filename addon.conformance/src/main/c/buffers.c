/* Area "buffers and arraybuffers": creation, info, copies, the checks, external memory, detaching. */
#include "conformance.h"

static void no_op_finalize(node_api_basic_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  (void)hint;
}

static void bytes_of(char* out, size_t size, const void* data, size_t length) {
  size_t o = 0;
  out[0] = '\0';
  for (size_t i = 0; i < length && o + 4 < size; i++) {
    o += (size_t)snprintf(out + o, size - o, "%02x", ((const unsigned char*)data)[i]);
  }
}

static void observe(napi_env env) {
  napi_value b, ab, v;
  void* data = NULL;
  size_t length = 0;
  char hex[128];
  bool is;
  OBSV("create_buffer(5)", napi_create_buffer(env, 5, &data, &b), b);
  if (data != NULL) {
    memcpy(data, "abcde", 5);
  }
  OBSF("get_buffer_info", napi_get_buffer_info(env, b, &data, &length), "length %zu", length);
  bytes_of(hex, sizeof(hex), data, length);
  line("  buffer bytes: %s", hex);
  OBSV("create_buffer(0)", napi_create_buffer(env, 0, &data, &v), v);
  OBSF("get_buffer_info(empty)", napi_get_buffer_info(env, v, NULL, &length), "length %zu", length);
  OBSV("create_buffer(NULL data)", napi_create_buffer(env, 3, NULL, &v), v);
  OBS("create_buffer(NULL result)", napi_create_buffer(env, 3, &data, NULL));
  void* copy = NULL;
  OBSV("create_buffer_copy(\"xyz\")", napi_create_buffer_copy(env, 3, "xyz", &copy, &v), v);
  OBSF("get_buffer_info(copy)", napi_get_buffer_info(env, v, &data, &length), "length %zu, same as copy %d", length,
       data == copy);
  bytes_of(hex, sizeof(hex), data, length);
  line("  copy bytes: %s", hex);
  OBSV("create_buffer_copy(0, NULL)", napi_create_buffer_copy(env, 0, NULL, NULL, &v), v);
  static char external[4] = {1, 2, 3, 4};
  OBSV("create_external_buffer", napi_create_external_buffer(env, 4, external, no_op_finalize, NULL, &v), v);
  OBSF("get_buffer_info(external)", napi_get_buffer_info(env, v, &data, &length), "length %zu, same memory %d",
       length, data == external);

  OBSF("is_buffer(buffer)", napi_is_buffer(env, b, &is), "%d", is);
  OBSF("is_buffer(object)", napi_is_buffer(env, obj(env), &is), "%d", is);
  OBSF("is_buffer(string)", napi_is_buffer(env, str(env, "x"), &is), "%d", is);
  OBSF("get_buffer_info(object)", napi_get_buffer_info(env, obj(env), &data, &length), "length %zu", length);
  OBS("is_buffer(NULL value)", napi_is_buffer(env, NULL, &is));

  OBSV("create_arraybuffer(8)", napi_create_arraybuffer(env, 8, &data, &ab), ab);
  if (data != NULL) {
    memset(data, 0x5a, 8);
  }
  OBSF("get_arraybuffer_info", napi_get_arraybuffer_info(env, ab, &data, &length), "length %zu", length);
  bytes_of(hex, sizeof(hex), data, length);
  line("  arraybuffer bytes: %s", hex);
  OBSF("get_arraybuffer_info(NULL data)", napi_get_arraybuffer_info(env, ab, NULL, &length), "length %zu", length);
  OBSV("create_arraybuffer(0)", napi_create_arraybuffer(env, 0, &data, &v), v);
  OBSF("get_arraybuffer_info(empty)", napi_get_arraybuffer_info(env, v, NULL, &length), "length %zu", length);
  OBSF("get_arraybuffer_info(buffer)", napi_get_arraybuffer_info(env, b, &data, &length), "length %zu", length);
  OBSF("get_arraybuffer_info(object)", napi_get_arraybuffer_info(env, obj(env), &data, &length), "length %zu",
       length);
  OBSF("is_arraybuffer(arraybuffer)", napi_is_arraybuffer(env, ab, &is), "%d", is);
  OBSF("is_arraybuffer(buffer)", napi_is_arraybuffer(env, b, &is), "%d", is);
  OBSF("is_buffer(arraybuffer)", napi_is_buffer(env, ab, &is), "%d", is);
  OBSF("is_arraybuffer(object)", napi_is_arraybuffer(env, obj(env), &is), "%d", is);
  OBS("create_arraybuffer(NULL result)", napi_create_arraybuffer(env, 8, &data, NULL));
  static char external_ab[6] = {9, 8, 7, 6, 5, 4};
  OBSV("create_external_arraybuffer", napi_create_external_arraybuffer(env, external_ab, 6, no_op_finalize, NULL, &v),
       v);
  OBSF("get_arraybuffer_info(external)", napi_get_arraybuffer_info(env, v, &data, &length),
       "length %zu, same memory %d", length, data == external_ab);

  napi_value detachable;
  napi_create_arraybuffer(env, 4, &data, &detachable);
  OBSF("is_detached_arraybuffer before", napi_is_detached_arraybuffer(env, detachable, &is), "%d", is);
  OBS("detach_arraybuffer", napi_detach_arraybuffer(env, detachable));
  OBSF("is_detached_arraybuffer after", napi_is_detached_arraybuffer(env, detachable, &is), "%d", is);
  OBSF("get_arraybuffer_info(detached)", napi_get_arraybuffer_info(env, detachable, &data, &length), "length %zu",
       length);
  OBS("detach_arraybuffer(object)", napi_detach_arraybuffer(env, obj(env)));
  int64_t adjusted = 0;
  OBSF("adjust_external_memory(0)", napi_adjust_external_memory(env, 0, &adjusted), "%s", adjusted >= 0 ? ">= 0" : "< 0");
}
