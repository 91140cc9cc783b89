/* Helpers of test_valuetypes.c and test_coerce.c: a context of the "values" fixture to call the runtime in. */
#ifndef ADDON_VALUETYPES_CHECKS_H
#define ADDON_VALUETYPES_CHECKS_H

#include <stdio.h>
#include <string.h>

#include "harness.h"

#define VT_BEGIN(env)                                  \
  addon vt_addon;                                      \
  napi_env env = env_load(&vt_addon, "values", "vt");  \
  if (env == NULL) {                                   \
    return;                                            \
  }                                                    \
  size_t vt_mark = frame_open(env)

#define VT_END(env)                         \
  frame_close(env, vt_mark);                \
  env_close(env, 1000);                     \
  addon_close(&vt_addon)

/* napi_coerce_to_string of v as C text (static buffer), or "<status N>" if that failed. */
static inline const char* vt_text(napi_env env, napi_value v) {
  static char buf[512];
  napi_value s;
  napi_status status = napi_coerce_to_string(env, v, &s);
  if (status != napi_ok) {
    snprintf(buf, sizeof(buf), "<status %d>", (int)status);
    return buf;
  }
  size_t n;
  napi_get_value_string_utf8(env, s, buf, sizeof(buf), &n);
  return buf;
}

/* "STATUS" or "STATUS Exception text" (the pending exception, cleared). */
static inline const char* vt_status_and_exception(napi_env env, napi_status status) {
  static char out[700];
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    snprintf(out, sizeof(out), "%d", (int)status);
    return out;
  }
  napi_value exception;
  napi_get_and_clear_last_exception(env, &exception);
  snprintf(out, sizeof(out), "%d %s", (int)status, vt_text(env, exception));
  return out;
}

#endif
