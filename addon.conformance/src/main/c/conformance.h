/*
 * Shared by every area addon of the conformance suite. An area addon defines
 *
 *   static void observe(napi_env env);
 *
 * and makes its observations there with the OBS macros below; this header supplies the module's single export,
 * run(), which calls observe() and returns the observations as an array of strings. Node and our runtime load the
 * very same library and call run() the same way, so two outputs differ only where the two Node-API
 * implementations differ. Lines must be deterministic: no pointers, no addresses, no timing.
 */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAPI_VERSION 9
#include <node_api.h>

#define LINE_MAX_CHARS 512
#define LINES_MAX 512

static char lines[LINES_MAX][LINE_MAX_CHARS];
static size_t line_count;

#ifndef CONFORMANCE_TEARDOWN
static void observe(napi_env env);
#endif

/* Appends one observation (silently dropped past LINES_MAX: the count line at the end shows it). */
static inline void line(const char* format, ...) {
  if (line_count >= LINES_MAX) {
    return;
  }
  va_list ap;
  va_start(ap, format);
  vsnprintf(lines[line_count++], LINE_MAX_CHARS, format, ap);
  va_end(ap);
}

static inline const char* status_name(napi_status status) {
  static const char* const names[] = {
      "napi_ok", "napi_invalid_arg", "napi_object_expected", "napi_string_expected", "napi_name_expected",
      "napi_function_expected", "napi_number_expected", "napi_boolean_expected", "napi_array_expected",
      "napi_generic_failure", "napi_pending_exception", "napi_cancelled", "napi_escape_called_twice",
      "napi_handle_scope_mismatch", "napi_callback_scope_mismatch", "napi_queue_full", "napi_closing",
      "napi_bigint_expected", "napi_date_expected", "napi_arraybuffer_expected", "napi_detachable_arraybuffer_expected",
      "napi_would_deadlock", "napi_no_external_buffers_allowed", "napi_cannot_run_js"};
  static char other[32];
  if ((size_t)status < sizeof(names) / sizeof(names[0])) {
    return names[status];
  }
  snprintf(other, sizeof(other), "status %d", (int)status);
  return other;
}

/* A string value's text, quoted, non-printable bytes as \xNN; UTF-8 passes through. */
static inline void quote_bytes(char* out, size_t size, const char* text, size_t length, bool escape_high) {
  size_t o = 0;
  if (size < 8) {
    return;
  }
  out[o++] = '"';
  for (size_t i = 0; i < length && o + 6 < size; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '"' || c == '\\') {
      o += (size_t)snprintf(out + o, size - o, "\\%c", c);
    } else if (c < 0x20 || c == 0x7f || (escape_high && c >= 0x80)) {
      o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
    } else {
      out[o++] = (char)c;
    }
  }
  out[o++] = '"';
  out[o] = '\0';
}

static inline void quote(char* out, size_t size, const char* text, size_t length) {
  quote_bytes(out, size, text, length, false);
}

static inline void number_text(char* out, size_t size, double d) {
  if (d == 0 && signbit(d)) {
    snprintf(out, size, "-0");
  } else if (isnan(d)) {
    snprintf(out, size, "NaN");
  } else if (isinf(d)) {
    snprintf(out, size, d > 0 ? "Infinity" : "-Infinity");
  } else {
    /* The shortest of %.15g/%.16g/%.17g that reads back as the same double. */
    for (int precision = 15; precision <= 17; precision++) {
      snprintf(out, size, "%.*g", precision, d);
      if (strtod(out, NULL) == d) {
        break;
      }
    }
  }
}

/* A short description of a value: its type and, where it has one, its content. Uses only basic functions. */
static inline const char* show(napi_env env, napi_value value) {
  static char text[LINE_MAX_CHARS];
  char buffer[256];
  napi_valuetype type;
  if (value == NULL) {
    return "<NULL>";
  }
  napi_status s = napi_typeof(env, value, &type);
  if (s != napi_ok) {
    snprintf(text, sizeof(text), "<typeof: %s>", status_name(s));
    return text;
  }
  switch (type) {
    case napi_undefined:
      return "undefined";
    case napi_null:
      return "null";
    case napi_boolean: {
      bool b = false;
      napi_get_value_bool(env, value, &b);
      return b ? "boolean true" : "boolean false";
    }
    case napi_number: {
      double d = 0;
      napi_get_value_double(env, value, &d);
      number_text(buffer, sizeof(buffer), d);
      snprintf(text, sizeof(text), "number %s", buffer);
      return text;
    }
    case napi_string: {
      char raw[200];
      size_t length = 0;
      napi_get_value_string_utf8(env, value, raw, sizeof(raw), &length);
      quote(buffer, sizeof(buffer), raw, length);
      snprintf(text, sizeof(text), "string %s", buffer);
      return text;
    }
    case napi_symbol:
      return "symbol";
    case napi_function:
      return "function";
    case napi_external:
      return "external";
    case napi_bigint:
      return "bigint";
    case napi_object:
      break;
  }
  bool is = false;
  if (napi_is_array(env, value, &is) == napi_ok && is) {
    uint32_t length = 0;
    napi_get_array_length(env, value, &length);
    snprintf(text, sizeof(text), "array length %u", length);
    return text;
  }
  if (napi_is_error(env, value, &is) == napi_ok && is) {
    napi_value message;
    char raw[200];
    size_t length = 0;
    if (napi_get_named_property(env, value, "message", &message) == napi_ok &&
        napi_get_value_string_utf8(env, message, raw, sizeof(raw), &length) == napi_ok) {
      quote(buffer, sizeof(buffer), raw, length);
    } else {
      snprintf(buffer, sizeof(buffer), "<no message>");
    }
    snprintf(text, sizeof(text), "error %s", buffer);
    return text;
  }
  if (napi_is_arraybuffer(env, value, &is) == napi_ok && is) {
    return "arraybuffer";
  }
  return "object";
}

/* Reports (and clears) an exception left pending by the last call: " [pending: <value>]", or "". */
static inline const char* pending_suffix(napi_env env) {
  static char text[LINE_MAX_CHARS];
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) {
    return "";
  }
  napi_value exception;
  napi_get_and_clear_last_exception(env, &exception);
  snprintf(text, sizeof(text), " [pending: %s]", show(env, exception));
  return text;
}

/* label: status (+ pending exception) */
#define OBS(label, call)                                                         \
  do {                                                                           \
    napi_status obs_status_ = (call);                                            \
    line("%s: %s%s", (label), status_name(obs_status_), pending_suffix(env));    \
  } while (0)

/* label: status -> the value the call produced (shown only when the call succeeded) */
#define OBSV(label, call, value)                                                 \
  do {                                                                           \
    (value) = NULL;                                                              \
    napi_status obs_status_ = (call);                                            \
    char obs_shown_[LINE_MAX_CHARS];                                             \
    snprintf(obs_shown_, sizeof(obs_shown_), "%s",                               \
             obs_status_ == napi_ok ? show(env, (value)) : "-");                 \
    line("%s: %s -> %s%s", (label), status_name(obs_status_), obs_shown_,        \
         pending_suffix(env));                                                   \
  } while (0)

/* label: status -> a C result formatted by the caller (format applies only when the call succeeded) */
#define OBSF(label, call, format, ...)                                           \
  do {                                                                           \
    napi_status obs_status_ = (call);                                            \
    char obs_shown_[LINE_MAX_CHARS] = "-";                                       \
    if (obs_status_ == napi_ok) {                                                \
      snprintf(obs_shown_, sizeof(obs_shown_), format, __VA_ARGS__);             \
    }                                                                            \
    line("%s: %s -> %s%s", (label), status_name(obs_status_), obs_shown_,        \
         pending_suffix(env));                                                   \
  } while (0)

/* Small value makers for the observations' inputs (their failures show up in the observations that use them). */
static inline napi_value str(napi_env env, const char* text) {
  napi_value v = NULL;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &v);
  return v;
}

static inline napi_value num(napi_env env, double d) {
  napi_value v = NULL;
  napi_create_double(env, d, &v);
  return v;
}

static inline napi_value obj(napi_env env) {
  napi_value v = NULL;
  napi_create_object(env, &v);
  return v;
}

static inline napi_value undef(napi_env env) {
  napi_value v = NULL;
  napi_get_undefined(env, &v);
  return v;
}

/* The observations as an array of strings, the last line counting them (NULL if it cannot be made). */
static napi_value lines_array(napi_env env) {
  const char* leftover = pending_suffix(env);
  if (leftover[0] != '\0') {
    line("after observe:%s", leftover);
  }
  line("observations: %zu", line_count);
  napi_value result;
  if (napi_create_array_with_length(env, line_count, &result) != napi_ok) {
    return NULL;
  }
  for (size_t i = 0; i < line_count; i++) {
    napi_value text;
    if (napi_create_string_utf8(env, lines[i], NAPI_AUTO_LENGTH, &text) != napi_ok ||
        napi_set_element(env, result, (uint32_t)i, text) != napi_ok) {
      return NULL;
    }
  }
  return result;
}

#ifdef CONFORMANCE_ASYNC
/*
 * An asynchronous area (it defines CONFORMANCE_ASYNC before including this header): run() answers a promise, and
 * the area calls finish(env) from its last callback (an async work's complete) to resolve it with the lines. Both
 * drivers await the promise (Node's `await`, Java's CompletableFuture).
 */
static napi_deferred run_deferred;

static void finish(napi_env env) {
  napi_value result = lines_array(env);
  if (result == NULL) {
    napi_value message = NULL;
    napi_create_string_utf8(env, "the lines could not be made", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &result);
    napi_reject_deferred(env, run_deferred, result);
  } else {
    napi_resolve_deferred(env, run_deferred, result);
  }
  run_deferred = NULL;
}

static napi_value run(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value promise;
  line_count = 0;
  if (napi_create_promise(env, &run_deferred, &promise) != napi_ok) {
    return NULL;
  }
  observe(env);
  return promise;
}
#elif defined(CONFORMANCE_TEARDOWN)
/*
 * A teardown area (it defines CONFORMANCE_TEARDOWN before including this header) defines its own module init and
 * exports start(), release() and report() (docs/conformance.md, "Teardown"); report() answers lines_array().
 */
#else
/* The module's only export: the observations as an array of strings. */
static napi_value run(napi_env env, napi_callback_info info) {
  (void)info;
  line_count = 0;
  observe(env);
  return lines_array(env);
}
#endif

#ifndef CONFORMANCE_TEARDOWN
NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_value fn;
  if (napi_create_function(env, "run", NAPI_AUTO_LENGTH, run, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "run", fn) != napi_ok) {
    return NULL;
  }
  return exports;
}
#endif

#endif
