/* Area "errors and exceptions": error creation with codes, the throw functions, pending exceptions and
   napi_get_last_error_info. */
#include "conformance.h"

static void show_error(napi_env env, const char* label, napi_value error) {
  napi_value code, name, message;
  char c[200], n[200], m[200];
  napi_get_named_property(env, error, "code", &code);
  snprintf(c, sizeof(c), "%s", show(env, code));
  napi_get_named_property(env, error, "name", &name);
  snprintf(n, sizeof(n), "%s", show(env, name));
  napi_get_named_property(env, error, "message", &message);
  snprintf(m, sizeof(m), "%s", show(env, message));
  bool is_error = false;
  napi_is_error(env, error, &is_error);
  line("%s: is_error %d, name %s, message %s, code %s", label, is_error, n, m, c);
}

/* Throws with `thrower`, then reports what is pending and clears it. */
#define THROWN(label, call)                                                    \
  do {                                                                         \
    napi_status s_ = (call);                                                   \
    bool pending_ = false;                                                     \
    napi_is_exception_pending(env, &pending_);                                 \
    line("%s: %s, pending %d", (label), status_name(s_), pending_);            \
    if (pending_) {                                                            \
      napi_value e_;                                                           \
      napi_get_and_clear_last_exception(env, &e_);                             \
      show_error(env, "  thrown", e_);                                         \
    }                                                                          \
  } while (0)

static void observe(napi_env env) {
  napi_value e, v;
  napi_value msg = str(env, "msg"), code = str(env, "E_CODE");
  OBSV("create_error(NULL code, msg)", napi_create_error(env, NULL, msg, &e), e);
  show_error(env, "  error", e);
  OBSV("create_error(code, msg)", napi_create_error(env, code, msg, &e), e);
  show_error(env, "  error", e);
  OBSV("create_type_error(code, msg)", napi_create_type_error(env, code, msg, &e), e);
  show_error(env, "  type error", e);
  OBSV("create_range_error(code, msg)", napi_create_range_error(env, code, msg, &e), e);
  show_error(env, "  range error", e);
  OBSV("node_api_create_syntax_error(code, msg)", node_api_create_syntax_error(env, code, msg, &e), e);
  show_error(env, "  syntax error", e);
  OBSV("create_error(number msg)", napi_create_error(env, NULL, num(env, 1), &e), e);
  OBSV("create_error(number code)", napi_create_error(env, num(env, 1), msg, &e), e);
  OBSV("create_error(NULL msg)", napi_create_error(env, NULL, NULL, &e), e);
  OBS("create_error(NULL result)", napi_create_error(env, NULL, msg, NULL));

  bool b;
  OBSF("is_error(object)", napi_is_error(env, obj(env), &b), "%d", b);
  OBSF("is_error(string)", napi_is_error(env, msg, &b), "%d", b);
  OBS("is_error(NULL value)", napi_is_error(env, NULL, &b));

  THROWN("throw_error(E_T, text)", napi_throw_error(env, "E_T", "text"));
  THROWN("throw_error(NULL code, text)", napi_throw_error(env, NULL, "text"));
  THROWN("throw_error(NULL msg)", napi_throw_error(env, NULL, NULL));
  THROWN("throw_type_error", napi_throw_type_error(env, "E_TYPE", "bad type"));
  THROWN("throw_range_error", napi_throw_range_error(env, NULL, "out of range"));
  THROWN("node_api_throw_syntax_error", node_api_throw_syntax_error(env, "E_SYN", "bad syntax"));
  napi_create_error(env, code, msg, &e);
  THROWN("throw(error object)", napi_throw(env, e));
  THROWN("throw(NULL)", napi_throw(env, NULL));

  napi_throw(env, num(env, 17));
  OBSF("throw(number 17) then is_exception_pending", napi_is_exception_pending(env, &b), "%d", b);
  OBSV("get_and_clear_last_exception", napi_get_and_clear_last_exception(env, &v), v);
  OBSV("get_and_clear_last_exception with none", napi_get_and_clear_last_exception(env, &v), v);
  OBS("get_and_clear_last_exception(NULL result)", napi_get_and_clear_last_exception(env, NULL));
  OBS("is_exception_pending(NULL result)", napi_is_exception_pending(env, NULL));

  /* A second throw while one is pending: which one wins, and what the calls in between return. */
  napi_throw_error(env, NULL, "first");
  OBS("throw_error while pending", napi_throw_error(env, NULL, "second"));
  OBSV("create_string_utf8 while pending (then cleared)", napi_create_string_utf8(env, "x", 1, &v), v);
  napi_throw_error(env, NULL, "first");
  OBSV("create_object while pending", napi_create_object(env, &v), v);
  napi_throw_error(env, NULL, "first");
  OBS("set_named_property while pending", napi_set_named_property(env, obj(env), "x", msg));
  napi_throw_error(env, NULL, "first");
  OBSV("get_undefined while pending", napi_get_undefined(env, &v), v);
  napi_throw_error(env, NULL, "first");
  int32_t i;
  OBSF("get_value_int32 while pending", napi_get_value_int32(env, num(env, 3), &i), "%d", i);
  napi_throw_error(env, NULL, "first");
  OBSF("typeof while pending", napi_typeof(env, msg, &(napi_valuetype){0}), "%s", "ok");

  /* napi_get_last_error_info: the code of the last call, cleared by a successful one. */
  const napi_extended_error_info* info = NULL;
  napi_get_value_int32(env, msg, &i);
  OBSF("last error after get_value_int32(string)", napi_get_last_error_info(env, &info), "error_code %s",
       status_name(info->error_code));
  napi_get_undefined(env, &v);
  OBSF("last error after a successful call", napi_get_last_error_info(env, &info), "error_code %s, message %s",
       status_name(info->error_code), info->error_message == NULL ? "NULL" : "set");
  OBS("get_last_error_info(NULL result)", napi_get_last_error_info(env, NULL));
  OBS("get_last_error_info(NULL env)", napi_get_last_error_info(NULL, &info));

  /* Every throw refuses while an exception is pending, and the first stays. */
  napi_throw_error(env, NULL, "first");
  OBS("throw_type_error while pending", napi_throw_type_error(env, NULL, "second"));
  napi_throw_error(env, NULL, "first");
  OBS("throw_range_error while pending", napi_throw_range_error(env, "E", "second"));
  napi_throw_error(env, NULL, "first");
  OBS("throw_syntax_error while pending", node_api_throw_syntax_error(env, NULL, "second"));
  napi_throw_error(env, NULL, "first");
  OBS("throw(number) while pending", napi_throw(env, num(env, 1)));
  napi_throw_error(env, NULL, "first");
  OBS("throw_error(NULL msg) while pending", napi_throw_error(env, NULL, NULL));
  OBS("throw_error(NULL msg)", napi_throw_error(env, NULL, NULL));
  OBS("throw_type_error(NULL msg)", napi_throw_type_error(env, "E", NULL));
  OBS("throw(NULL)", napi_throw(env, NULL));
}
