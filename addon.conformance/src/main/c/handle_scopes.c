/* Area "handle scopes": opening and closing, escapable scopes, escaping twice, mismatched closes. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_handle_scope scope = NULL, inner = NULL;
  napi_escapable_handle_scope esc = NULL;
  napi_value v, escaped;
  OBS("open_handle_scope", napi_open_handle_scope(env, &scope));
  OBSV("create_string in scope", napi_create_string_utf8(env, "in scope", NAPI_AUTO_LENGTH, &v), v);
  OBS("open nested handle scope", napi_open_handle_scope(env, &inner));
  OBS("close nested handle scope", napi_close_handle_scope(env, inner));
  OBS("close_handle_scope", napi_close_handle_scope(env, scope));
  OBS("open_handle_scope(NULL result)", napi_open_handle_scope(env, NULL));
  OBS("close_handle_scope(NULL scope)", napi_close_handle_scope(env, NULL));

  OBS("open_escapable_handle_scope", napi_open_escapable_handle_scope(env, &esc));
  v = str(env, "escaped");
  OBSV("escape_handle", napi_escape_handle(env, esc, v, &escaped), escaped);
  OBSV("escape_handle twice", napi_escape_handle(env, esc, v, &escaped), escaped);
  OBS("escape_handle(NULL value)", napi_escape_handle(env, esc, NULL, &escaped));
  OBS("escape_handle(NULL result)", napi_escape_handle(env, esc, v, NULL));
  OBS("close_escapable_handle_scope", napi_close_escapable_handle_scope(env, esc));
  line("escaped value after close: %s", show(env, escaped));
  OBS("escape_handle(NULL scope)", napi_escape_handle(env, NULL, v, &escaped));
  OBS("close_escapable_handle_scope(NULL)", napi_close_escapable_handle_scope(env, NULL));

  /* Closing more scopes than were opened. */
  napi_open_handle_scope(env, &scope);
  OBS("close once", napi_close_handle_scope(env, scope));
  OBS("close the same scope again", napi_close_handle_scope(env, scope));

  /* Many values in a loop, each iteration in its own scope. */
  napi_status last = napi_ok;
  for (int i = 0; i < 10000 && last == napi_ok; i++) {
    last = napi_open_handle_scope(env, &scope);
    if (last == napi_ok) {
      napi_value tmp;
      last = napi_create_int32(env, i, &tmp);
      napi_status c = napi_close_handle_scope(env, scope);
      if (last == napi_ok) {
        last = c;
      }
    }
  }
  line("10000 scopes opened and closed: %s", status_name(last));

  /* Nested escapable scopes: a value escapes two levels. */
  napi_escapable_handle_scope outer_esc, inner_esc;
  napi_value once, twice;
  napi_open_escapable_handle_scope(env, &outer_esc);
  napi_open_escapable_handle_scope(env, &inner_esc);
  OBSV("escape from inner", napi_escape_handle(env, inner_esc, num(env, 3), &once), once);
  napi_close_escapable_handle_scope(env, inner_esc);
  OBSV("escape from outer", napi_escape_handle(env, outer_esc, once, &twice), twice);
  OBS("close outer", napi_close_escapable_handle_scope(env, outer_esc));
  line("twice-escaped value: %s", show(env, twice));

  /* A pending exception does not stop scopes from opening or closing. */
  napi_throw_error(env, NULL, "pending");
  OBS("open_handle_scope while pending", napi_open_handle_scope(env, &scope));
  napi_throw_error(env, NULL, "pending");
  OBS("close_handle_scope while pending", napi_close_handle_scope(env, scope));
}
