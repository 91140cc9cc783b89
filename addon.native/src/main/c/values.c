/* The primitive Node-API functions: singletons, numbers, strings, types, comparison, handle scopes. The values
   themselves (allocation, reference counts, the handle stack) are store.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

/* Indexed by napi_status, as napi_get_last_error_info reports them. */
static const char* const error_messages[] = {
    NULL,
    "Invalid argument",
    "An object was expected",
    "A string was expected",
    "A string or symbol was expected",
    "A function was expected",
    "A number was expected",
    "A boolean was expected",
    "An array was expected",
    "Unknown failure",
    "An exception is pending",
    "The async work item was cancelled",
    "napi_escape_handle already called on scope",
    "Invalid handle scope usage",
    "Invalid callback scope usage",
    "Thread-safe function queue is full",
    "Thread-safe function handle is closing",
    "A bigint was expected",
    "A date was expected",
    "An arraybuffer was expected",
    "A detachable arraybuffer was expected",
    "Main thread would deadlock",
    "External buffers are not allowed",
    "Cannot run JavaScript",
};

const char* rt_status_message(napi_status status) {
  size_t count = sizeof(error_messages) / sizeof(error_messages[0]);
  return (size_t)status < count && error_messages[status] != NULL ? error_messages[status] : "Unknown status";
}

napi_status NAPI_CDECL napi_get_last_error_info(node_api_basic_env nogc_env,
                                                const napi_extended_error_info** result) {
  napi_env env = (napi_env)nogc_env;
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  size_t count = sizeof(error_messages) / sizeof(error_messages[0]);
  napi_status code = env->last_error.error_code;
  if (env->last_error.error_message == NULL && (size_t)code < count) {
    env->last_error.error_message = error_messages[code];
  }
  *result = &env->last_error;
  /* Like Node: asking for the error info is itself a successful call, but must not clear what it returns. */
  return napi_ok;
}

napi_value rt_make_number(napi_env env, double number) {
  /* Integral, in int32 range and not -0 (which must stay a double): an immediate. */
  if (number >= -2147483648.0 && number <= 2147483647.0 && number == (double)(int32_t)number &&
      (number != 0 || !signbit(number))) {
    return rt_immediate_int32((int32_t)number);
  }
  napi_value v = rt_alloc(env, napi_number, 0);
  if (v != NULL) {
    v->u.number = number;
  }
  return rt_new_handle(env, v);
}

napi_value rt_make_string(napi_env env, const char* utf8, size_t length) {
  napi_value v = rt_alloc(env, napi_string, 0);
  if (v == NULL) {
    return NULL;
  }
  v->u.string.data = malloc(length + 1);
  if (v->u.string.data == NULL) {
    rt_release(env, v);
    return NULL;
  }
  if (length > 0) {
    memcpy(v->u.string.data, utf8, length);
  }
  v->u.string.data[length] = '\0';
  v->u.string.length = length;
  return rt_new_handle(env, v);
}

/* ---- Singletons ---------------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_get_undefined(napi_env env, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = &env->undefined_value;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_null(napi_env env, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = &env->null_value;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_boolean(napi_env env, bool value, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = value ? &env->true_value : &env->false_value;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_global(napi_env env, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (!env->global_filled) {
    env->global_filled = true;
    if (!rt_fill_global(env)) {
      return rt_set_error(env, napi_generic_failure);
    }
  }
  *result = env->global;
  return rt_clear_error(env);
}

/* ---- Numbers ------------------------------------------------------------------------------------------- */

static napi_status create_number(napi_env env, double number, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = rt_make_number(env, number);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_double(napi_env env, double value, napi_value* result) {
  return create_number(env, value, result);
}

napi_status NAPI_CDECL napi_create_int32(napi_env env, int32_t value, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = rt_immediate_int32(value);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_uint32(napi_env env, uint32_t value, napi_value* result) {
  return create_number(env, (double)value, result);
}

napi_status NAPI_CDECL napi_create_int64(napi_env env, int64_t value, napi_value* result) {
  return create_number(env, (double)value, result);
}

static napi_status number_of(napi_env env, napi_value value, void* result, double* number) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  if (rt_type(value) != napi_number) {
    return rt_set_error(env, napi_number_expected);
  }
  *number = rt_number(value);
  return napi_ok;
}

/* ECMAScript ToUint32: non-finite is 0, otherwise truncate and wrap modulo 2^32. */
static uint32_t to_uint32(double d) {
  if (d > -2147483649.0 && d < 4294967296.0) {
    /* The common case, without fmod: truncation toward zero, then wrap into 32 bits. */
    return d >= 0 ? (uint32_t)d : (uint32_t)(int32_t)d;
  }
  if (!isfinite(d)) {
    return 0;
  }
  double t = trunc(d);
  double m = fmod(t, 4294967296.0);
  if (m < 0) {
    m += 4294967296.0;
  }
  return (uint32_t)m;
}

napi_status NAPI_CDECL napi_get_value_double(napi_env env, napi_value value, double* result) {
  double d;
  napi_status s = number_of(env, value, result, &d);
  if (s != napi_ok) {
    return s;
  }
  *result = d;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_int32(napi_env env, napi_value value, int32_t* result) {
  if (rt_is_immediate(value) && rt_env_ok(env) && result != NULL) {
    *result = rt_immediate_value(value);
    return rt_clear_error(env);
  }
  double d;
  napi_status s = number_of(env, value, result, &d);
  if (s != napi_ok) {
    return s;
  }
  *result = (int32_t)to_uint32(d);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_uint32(napi_env env, napi_value value, uint32_t* result) {
  double d;
  napi_status s = number_of(env, value, result, &d);
  if (s != napi_ok) {
    return s;
  }
  *result = to_uint32(d);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_int64(napi_env env, napi_value value, int64_t* result) {
  double d;
  napi_status s = number_of(env, value, result, &d);
  if (s != napi_ok) {
    return s;
  }
  /* Node: non-finite gives 0, out-of-range saturates. */
  if (!isfinite(d)) {
    *result = 0;
  } else if (d >= 9223372036854775808.0) {
    *result = INT64_MAX;
  } else if (d <= -9223372036854775808.0) {
    *result = INT64_MIN;
  } else {
    *result = (int64_t)d;
  }
  return rt_clear_error(env);
}

/* ---- Booleans ------------------------------------------------------------------------------------------ */

napi_status NAPI_CDECL napi_get_value_bool(napi_env env, napi_value value, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  if (rt_type(value) != napi_boolean) {
    return rt_set_error(env, napi_boolean_expected);
  }
  *result = value->u.boolean;
  return rt_clear_error(env);
}

/* ---- Strings ------------------------------------------------------------------------------------------- */

static napi_status finish_string(napi_env env, char* utf8, size_t length, napi_value* result) {
  if (utf8 == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  *result = rt_make_string(env, utf8, length);
  free(utf8);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_string_utf8(napi_env env, const char* str, size_t length, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (str == NULL && length != 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (length == NAPI_AUTO_LENGTH) {
    length = strlen(str);
  } else if (length > INT32_MAX) {
    return rt_set_error(env, napi_invalid_arg);
  }
  *result = rt_make_string(env, str, length);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_string_latin1(napi_env env, const char* str, size_t length, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (str == NULL && length != 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (length == NAPI_AUTO_LENGTH) {
    length = strlen(str);
  } else if (length > INT32_MAX) {
    return rt_set_error(env, napi_invalid_arg);
  }
  char* utf8 = malloc(length * 2 + 1);
  size_t n = 0;
  for (size_t i = 0; utf8 != NULL && i < length; i++) {
    unsigned char c = (unsigned char)str[i];
    if (c < 0x80) {
      utf8[n++] = (char)c;
    } else {
      utf8[n++] = (char)(0xC0 | (c >> 6));
      utf8[n++] = (char)(0x80 | (c & 0x3F));
    }
  }
  return finish_string(env, utf8, n, result);
}

static size_t u16_length(const char16_t* s) {
  size_t n = 0;
  while (s[n] != 0) {
    n++;
  }
  return n;
}

napi_status NAPI_CDECL napi_create_string_utf16(napi_env env, const char16_t* str, size_t length,
                                                napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (str == NULL && length != 0) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (length == NAPI_AUTO_LENGTH) {
    length = u16_length(str);
  } else if (length > INT32_MAX) {
    return rt_set_error(env, napi_invalid_arg);
  }
  char* utf8 = malloc(length * 3 + 1);
  size_t n = 0;
  for (size_t i = 0; utf8 != NULL && i < length; i++) {
    uint32_t c = str[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && str[i + 1] >= 0xDC00 && str[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (str[i + 1] - 0xDC00);
      i++;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD; /* a lone surrogate, as V8 writes it to UTF-8 */
    }
    if (c < 0x80) {
      utf8[n++] = (char)c;
    } else if (c < 0x800) {
      utf8[n++] = (char)(0xC0 | (c >> 6));
      utf8[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      utf8[n++] = (char)(0xE0 | (c >> 12));
      utf8[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
      utf8[n++] = (char)(0x80 | (c & 0x3F));
    } else {
      utf8[n++] = (char)(0xF0 | (c >> 18));
      utf8[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
      utf8[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
      utf8[n++] = (char)(0x80 | (c & 0x3F));
    }
  }
  return finish_string(env, utf8, n, result);
}

/* Decodes one UTF-8 sequence at s[*i] (advancing *i); malformed input decodes as U+FFFD. */
static uint32_t next_code_point(const unsigned char* s, size_t length, size_t* i) {
  unsigned char c = s[*i];
  int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
  if (extra == 0) {
    (*i)++;
    return c;
  }
  if (extra < 0 || *i + (size_t)extra >= length) {
    (*i)++;
    return 0xFFFD;
  }
  uint32_t cp = (uint32_t)(c & (0x3F >> extra));
  for (int k = 1; k <= extra; k++) {
    if ((s[*i + (size_t)k] & 0xC0) != 0x80) {
      (*i)++;
      return 0xFFFD;
    }
    cp = (cp << 6) | (s[*i + (size_t)k] & 0x3F);
  }
  *i += (size_t)extra + 1;
  return cp;
}

static napi_status string_of(napi_env env, napi_value value, napi_value* checked) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  if (rt_type(value) != napi_string) {
    return rt_set_error(env, napi_string_expected);
  }
  *checked = value;
  return napi_ok;
}

napi_status NAPI_CDECL napi_get_value_string_utf8(napi_env env, napi_value value, char* buf, size_t bufsize,
                                                  size_t* result) {
  napi_value s;
  napi_status status = string_of(env, value, &s);
  if (status != napi_ok) {
    return status;
  }
  size_t length = s->u.string.length;
  if (buf == NULL) {
    CHECK_ARG(env, result);
    *result = length;
    return rt_clear_error(env);
  }
  size_t n = 0;
  if (bufsize > 0) {
    n = length < bufsize - 1 ? length : bufsize - 1;
    /* Never cut a character in half, as V8 does not. */
    while (n > 0 && n < length && ((unsigned char)s->u.string.data[n] & 0xC0) == 0x80) {
      n--;
    }
    memcpy(buf, s->u.string.data, n);
    buf[n] = '\0';
  }
  if (result != NULL) {
    *result = n;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_string_latin1(napi_env env, napi_value value, char* buf, size_t bufsize,
                                                    size_t* result) {
  napi_value s;
  napi_status status = string_of(env, value, &s);
  if (status != napi_ok) {
    return status;
  }
  const unsigned char* data = (const unsigned char*)s->u.string.data;
  size_t length = s->u.string.length;
  size_t n = 0;
  size_t i = 0;
  size_t limit = buf == NULL ? SIZE_MAX : (bufsize == 0 ? 0 : bufsize - 1);
  while (i < length && n < limit) {
    uint32_t cp = next_code_point(data, length, &i);
    /* V8 keeps the low byte of each UTF-16 unit: a character beyond the BMP is two (its surrogates). */
    uint32_t units[2] = {cp, 0};
    int unit_count = 1;
    if (cp >= 0x10000) {
      units[0] = 0xD800 + ((cp - 0x10000) >> 10);
      units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      unit_count = 2;
    }
    for (int u = 0; u < unit_count && n < limit; u++) {
      if (buf != NULL) {
        buf[n] = (char)(units[u] & 0xFF);
      }
      n++;
    }
  }
  if (buf == NULL) {
    CHECK_ARG(env, result);
  } else if (bufsize > 0) {
    buf[n] = '\0';
  }
  if (result != NULL) {
    *result = n;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_string_utf16(napi_env env, napi_value value, char16_t* buf, size_t bufsize,
                                                   size_t* result) {
  napi_value s;
  napi_status status = string_of(env, value, &s);
  if (status != napi_ok) {
    return status;
  }
  const unsigned char* data = (const unsigned char*)s->u.string.data;
  size_t length = s->u.string.length;
  size_t n = 0;
  size_t i = 0;
  size_t limit = buf == NULL ? SIZE_MAX : (bufsize == 0 ? 0 : bufsize - 1);
  while (i < length && n < limit) {
    uint32_t cp = next_code_point(data, length, &i);
    if (cp >= 0x10000) {
      if (n + 2 > limit) {
        break;
      }
      if (buf != NULL) {
        buf[n] = (char16_t)(0xD800 + ((cp - 0x10000) >> 10));
        buf[n + 1] = (char16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
      }
      n += 2;
    } else {
      if (buf != NULL) {
        buf[n] = (char16_t)cp;
      }
      n++;
    }
  }
  if (buf == NULL) {
    CHECK_ARG(env, result);
  } else if (bufsize > 0) {
    buf[n] = 0;
  }
  if (result != NULL) {
    *result = n;
  }
  return rt_clear_error(env);
}

/* ---- Types and comparison ------------------------------------------------------------------------------ */

napi_status NAPI_CDECL napi_typeof(napi_env env, napi_value value, napi_valuetype* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = rt_type(value);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_strict_equals(napi_env env, napi_value lhs, napi_value rhs, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, lhs);
  CHECK_ARG(env, rhs);
  CHECK_ARG(env, result);
  napi_valuetype type = rt_type(lhs);
  if (type != rt_type(rhs)) {
    *result = false;
  } else {
    switch (type) {
      case napi_undefined:
      case napi_null:
        *result = true;
        break;
      case napi_boolean:
        *result = lhs->u.boolean == rhs->u.boolean;
        break;
      case napi_number:
        *result = rt_number(lhs) == rt_number(rhs); /* NaN !== NaN, 0 === -0, as in JavaScript */
        break;
      case napi_string:
        *result = lhs->u.string.length == rhs->u.string.length &&
                  memcmp(lhs->u.string.data, rhs->u.string.data, lhs->u.string.length) == 0;
        break;
      case napi_bigint:
        *result = rt_bigint_equals(lhs, rhs);
        break;
      default:
        *result = lhs == rhs;
    }
  }
  return rt_clear_error(env);
}

/* ---- Handle scopes ------------------------------------------------------------------------------------- */

/*
 * A scope is only a mark on the env's handle stack, so the napi_handle_scope handed out is the mark itself (plus
 * one, never NULL): no allocation per scope, which matters to addons that open one per loop iteration. An escapable
 * scope also reserves one slot below its mark, owned by the parent scope; it holds the env's placeholder until
 * napi_escape_handle puts the escaped value there.
 */
static napi_status open_scope(napi_env env, bool escapable, size_t* mark) {
  CHECK_ENV(env);
  if (escapable && !rt_push_handle(env, &env->escape_placeholder)) {
    return rt_set_error(env, napi_generic_failure);
  }
  *mark = env->handle_count;
  env->scope_depth++;
  return rt_clear_error(env);
}

static napi_status close_scope(napi_env env, size_t mark) {
  CHECK_ENV(env);
  if (env->scope_depth == 0 || mark > env->handle_count) {
    return rt_set_error(env, napi_handle_scope_mismatch);
  }
  rt_scope_release_to(env, mark);
  env->scope_depth--;
  return rt_clear_error(env);
}

static size_t mark_of(const void* scope) {
  return (size_t)(uintptr_t)scope - 1;
}

napi_status NAPI_CDECL napi_open_handle_scope(napi_env env, napi_handle_scope* result) {
  size_t mark;
  if (rt_env_ok(env) && result == NULL) {
    return rt_set_error(env, napi_invalid_arg);
  }
  napi_status status = open_scope(env, false, &mark);
  if (status == napi_ok) {
    *result = (napi_handle_scope)(uintptr_t)(mark + 1);
  }
  return status;
}

napi_status NAPI_CDECL napi_close_handle_scope(napi_env env, napi_handle_scope scope) {
  CHECK_ENV(env);
  CHECK_ARG(env, scope);
  return close_scope(env, mark_of(scope));
}

napi_status NAPI_CDECL napi_open_escapable_handle_scope(napi_env env, napi_escapable_handle_scope* result) {
  size_t mark;
  if (rt_env_ok(env) && result == NULL) {
    return rt_set_error(env, napi_invalid_arg);
  }
  napi_status status = open_scope(env, true, &mark);
  if (status == napi_ok) {
    *result = (napi_escapable_handle_scope)(uintptr_t)(mark + 1);
  }
  return status;
}

napi_status NAPI_CDECL napi_close_escapable_handle_scope(napi_env env, napi_escapable_handle_scope scope) {
  CHECK_ENV(env);
  CHECK_ARG(env, scope);
  return close_scope(env, mark_of(scope));
}

napi_status NAPI_CDECL napi_escape_handle(napi_env env, napi_escapable_handle_scope scope, napi_value escapee,
                                          napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, scope);
  CHECK_ARG(env, escapee);
  CHECK_ARG(env, result);
  size_t mark = mark_of(scope);
  if (mark == 0 || mark > env->handle_count) {
    return rt_set_error(env, napi_handle_scope_mismatch);
  }
  size_t slot = mark - 1;
  if (env->handles[slot] != &env->escape_placeholder) {
    return rt_set_error(env, napi_escape_called_twice);
  }
  rt_retain(escapee);
  env->handles[slot] = escapee;
  *result = escapee;
  return rt_clear_error(env);
}
