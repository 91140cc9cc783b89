/*
 * The ECMAScript conversions napi_coerce_to_* perform (ToBoolean, ToNumber, ToString, ToObject), and JavaScript's
 * Number-to-String, which the runtime also uses wherever a number becomes text (a thrown number's message).
 *
 * There are no prototypes here, so ToPrimitive of an object follows the built-in methods of its kind: a Date's time
 * value, a boxed primitive's value, an array's join, an error's "name: message", "[object Object]" otherwise.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "valuetypes.h"

/* ---- Number to String (ECMAScript Number::toString, radix 10) ---------------------------------------------- */

size_t rt_number_to_string(double d, char out[RT_NUMBER_TEXT]) {
  if (isnan(d)) {
    return (size_t)snprintf(out, RT_NUMBER_TEXT, "NaN");
  }
  if (isinf(d)) {
    return (size_t)snprintf(out, RT_NUMBER_TEXT, d < 0 ? "-Infinity" : "Infinity");
  }
  if (d == 0) {
    return (size_t)snprintf(out, RT_NUMBER_TEXT, "0"); /* -0 too */
  }
  if (fabs(d) < 9007199254740992.0 && d == trunc(d)) {
    return (size_t)snprintf(out, RT_NUMBER_TEXT, "%.0f", d); /* exact integers: the common case */
  }
  /* The shortest digits that read back as d: "%.{p-1}e" for p = 1..17. */
  char sci[40];
  for (int precision = 1; precision <= 17; precision++) {
    snprintf(sci, sizeof(sci), "%.*e", precision - 1, d);
    if (strtod(sci, NULL) == d) {
      break;
    }
  }
  const char* p = sci;
  bool negative = *p == '-';
  if (negative) {
    p++;
  }
  char digits[20];
  int k = 0;
  for (; *p != 'e'; p++) {
    if (*p != '.') {
      digits[k++] = *p;
    }
  }
  while (k > 1 && digits[k - 1] == '0') {
    k--;
  }
  int n = atoi(p + 1) + 1; /* the decimal point sits after n digits */
  char* o = out;
  if (negative) {
    *o++ = '-';
  }
  if (k <= n && n <= 21) {
    memcpy(o, digits, (size_t)k);
    o += k;
    for (int i = k; i < n; i++) {
      *o++ = '0';
    }
  } else if (0 < n && n <= 21) {
    memcpy(o, digits, (size_t)n);
    o += n;
    *o++ = '.';
    memcpy(o, digits + n, (size_t)(k - n));
    o += k - n;
  } else if (-6 < n && n <= 0) {
    *o++ = '0';
    *o++ = '.';
    for (int i = n; i < 0; i++) {
      *o++ = '0';
    }
    memcpy(o, digits, (size_t)k);
    o += k;
  } else {
    *o++ = digits[0];
    if (k > 1) {
      *o++ = '.';
      memcpy(o, digits + 1, (size_t)(k - 1));
      o += k - 1;
    }
    o += snprintf(o, 8, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
  }
  *o = '\0';
  return (size_t)(o - out);
}

/* ---- String to Number (ECMAScript StringToNumber) ---------------------------------------------------------- */

/* The length of the JavaScript white space or line terminator at s (UTF-8), 0 if there is none. */
static size_t white_space(const unsigned char* s, size_t left) {
  if (left >= 1 && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) {
    return 1;
  }
  if (left >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
    return 2; /* U+00A0 */
  }
  if (left >= 3) {
    unsigned cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if ((s[0] & 0xF0) == 0xE0 &&
        (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)) {
      return 3;
    }
  }
  return 0;
}

static int digit_value(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
}

static double string_to_number(const char* text, size_t length) {
  const unsigned char* s = (const unsigned char*)text;
  size_t w;
  while (length > 0 && (w = white_space(s, length)) > 0) {
    s += w;
    length -= w;
  }
  while (length > 0) { /* trailing white space: find the last non-space character */
    size_t i = 0, last_end = 0;
    while (i < length) {
      w = white_space(s + i, length - i);
      if (w == 0) {
        i++;
        last_end = i;
      } else {
        i += w;
      }
    }
    length = last_end;
    break;
  }
  if (length == 0) {
    return 0;
  }
  const char* c = (const char*)s;
  if (length > 2 && c[0] == '0' && strchr("xXoObB", c[1]) != NULL) {
    int radix = c[1] == 'x' || c[1] == 'X' ? 16 : c[1] == 'o' || c[1] == 'O' ? 8 : 2;
    double value = 0;
    for (size_t i = 2; i < length; i++) {
      int digit = digit_value(c[i]);
      if (digit >= radix) {
        return NAN;
      }
      value = value * radix + digit;
    }
    return value;
  }
  size_t i = 0;
  bool negative = false;
  if (c[i] == '+' || c[i] == '-') {
    negative = c[i] == '-';
    i++;
  }
  if (length - i == 8 && memcmp(c + i, "Infinity", 8) == 0) {
    return negative ? -INFINITY : INFINITY;
  }
  /* StrDecimalLiteral: digits [. digits] | . digits, then an optional exponent; strtod reads it after the check. */
  size_t int_digits = 0, frac_digits = 0;
  while (i < length && c[i] >= '0' && c[i] <= '9') {
    i++;
    int_digits++;
  }
  if (i < length && c[i] == '.') {
    i++;
    while (i < length && c[i] >= '0' && c[i] <= '9') {
      i++;
      frac_digits++;
    }
  }
  if (int_digits + frac_digits == 0) {
    return NAN;
  }
  if (i < length && (c[i] == 'e' || c[i] == 'E')) {
    i++;
    if (i < length && (c[i] == '+' || c[i] == '-')) {
      i++;
    }
    size_t exp_digits = 0;
    while (i < length && c[i] >= '0' && c[i] <= '9') {
      i++;
      exp_digits++;
    }
    if (exp_digits == 0) {
      return NAN;
    }
  }
  if (i != length) {
    return NAN;
  }
  char stack[64];
  char* copy = length < sizeof(stack) ? stack : malloc(length + 1);
  if (copy == NULL) {
    return NAN;
  }
  memcpy(copy, c, length);
  copy[length] = '\0';
  double value = strtod(copy, NULL);
  if (copy != stack) {
    free(copy);
  }
  return value;
}

/* ---- ToString of any value into a growing text ----------------------------------------------------------- */

typedef struct text {
  char* data;
  size_t length, cap;
  bool failed;
} text;

static void append(text* t, const char* s, size_t n) {
  if (t->failed || n == 0) { /* n == 0: s may be NULL (an empty Buffer) */
    return;
  }
  if (t->length + n + 1 > t->cap) {
    size_t cap = t->cap == 0 ? 64 : t->cap;
    while (t->length + n + 1 > cap) {
      cap *= 2;
    }
    char* grown = realloc(t->data, cap);
    if (grown == NULL) {
      t->failed = true;
      return;
    }
    t->data = grown;
    t->cap = cap;
  }
  memcpy(t->data + t->length, s, n);
  t->length += n;
  t->data[t->length] = '\0';
}

static void append_c(text* t, const char* s) {
  append(t, s, strlen(s));
}

static void append_number(text* t, double d) {
  char buf[RT_NUMBER_TEXT];
  append(t, buf, rt_number_to_string(d, buf));
}

static void append_bigint(text* t, napi_value v) {
  size_t n;
  char* s = rt_bigint_to_string(v, &n);
  if (s == NULL) {
    t->failed = true;
    return;
  }
  append(t, s, n);
  free(s);
}

/* Date.prototype.toString: "Tue Jul 14 2017 02:40:00 GMT+0200 (CEST)", local time, or "Invalid Date". */
static void append_date(text* t, double time) {
  if (isnan(time)) {
    append_c(t, "Invalid Date");
    return;
  }
  time_t seconds = (time_t)floor(time / 1000);
  struct tm local;
  char buf[96];
  if (localtime_r(&seconds, &local) == NULL || strftime(buf, sizeof(buf), "%a %b %d %Y %H:%M:%S GMT%z (%Z)", &local) == 0) {
    append_c(t, "Invalid Date");
    return;
  }
  append_c(t, buf);
}

/* Arrays that contain themselves join as "" where they recur, as V8's Array.prototype.join does. */
#define MAX_JOIN_DEPTH 64

static void append_value(napi_env env, text* t, napi_value v, napi_value* open, int depth);

static void append_typed_elements(text* t, napi_value v) {
  uint8_t* data;
  size_t bytes;
  rt_view_bytes(v, &data, &bytes);
  int kind = (rt_flags(v) & RT_BUFFER) ? napi_uint8_array : v->u.view.kind;
  size_t count = (rt_flags(v) & RT_BUFFER) ? bytes : (bytes == 0 ? 0 : v->u.view.length);
  for (size_t i = 0; i < count; i++) {
    if (i > 0) {
      append_c(t, ",");
    }
    double d = 0;
    char buf[32];
    switch (kind) {
      case napi_int8_array: d = ((int8_t*)data)[i]; break;
      case napi_uint8_array:
      case napi_uint8_clamped_array: d = data[i]; break;
      case napi_int16_array: { int16_t x; memcpy(&x, data + i * 2, 2); d = x; break; }
      case napi_uint16_array: { uint16_t x; memcpy(&x, data + i * 2, 2); d = x; break; }
      case napi_int32_array: { int32_t x; memcpy(&x, data + i * 4, 4); d = x; break; }
      case napi_uint32_array: { uint32_t x; memcpy(&x, data + i * 4, 4); d = x; break; }
      case napi_float32_array: { float x; memcpy(&x, data + i * 4, 4); d = x; break; }
      case napi_float64_array: memcpy(&d, data + i * 8, 8); break;
      case napi_bigint64_array: {
        int64_t x;
        memcpy(&x, data + i * 8, 8);
        append(t, buf, (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)x));
        continue;
      }
      case napi_biguint64_array: {
        uint64_t x;
        memcpy(&x, data + i * 8, 8);
        append(t, buf, (size_t)snprintf(buf, sizeof(buf), "%llu", (unsigned long long)x));
        continue;
      }
      default: break;
    }
    append_number(t, d);
  }
}

static void append_object(napi_env env, text* t, napi_value v, napi_value* open, int depth) {
  uint8_t flags = rt_flags(v);
  if (flags & RT_BOXED) {
    append_value(env, t, v->u.boxed, open, depth);
  } else if (flags & RT_DATE) {
    append_date(t, v->u.number);
  } else if (flags & RT_ARRAY) {
    for (int i = 0; i < depth; i++) {
      if (open[i] == v) {
        return; /* a cycle joins as "" */
      }
    }
    if (depth >= MAX_JOIN_DEPTH) {
      return;
    }
    open[depth] = v;
    for (uint32_t i = 0; i < v->elem_count; i++) {
      if (i > 0) {
        append_c(t, ",");
      }
      napi_value e = v->elems[i];
      if (e != NULL && rt_type(e) != napi_undefined && rt_type(e) != napi_null) {
        append_value(env, t, e, open, depth + 1);
      }
    }
  } else if (flags & RT_BUFFER) {
    append(t, (const char*)v->u.bytes.data, v->u.bytes.length); /* Buffer#toString: its bytes as UTF-8 */
  } else if (flags & RT_VIEW) {
    if (v->u.view.kind == RT_DATAVIEW) {
      append_c(t, "[object DataView]");
    } else {
      append_typed_elements(t, v);
    }
  } else if (flags & RT_ARRAYBUFFER) {
    append_c(t, "[object ArrayBuffer]");
  } else if (flags & RT_ERROR) {
    napi_value message = NULL;
    rt_get_prop(env, v, "message", &message);
    append_c(t, rt_error_name(v));
    if (message != NULL && rt_type(message) == napi_string && message->u.string.length > 0) {
      append_c(t, ": ");
      append(t, message->u.string.data, message->u.string.length);
    }
  } else if (rt_type(v) == napi_function) {
    append_c(t, "function ");
    append_c(t, v->u.function.name == NULL ? "" : v->u.function.name);
    append_c(t, "() { [native code] }");
  } else {
    append_c(t, "[object Object]");
  }
}

/* Symbols are refused before (a TypeError): here they only occur inside arrays, where V8 throws too. */
static void append_value(napi_env env, text* t, napi_value v, napi_value* open, int depth) {
  switch (rt_type(v)) {
    case napi_undefined: append_c(t, "undefined"); break;
    case napi_null: append_c(t, "null"); break;
    case napi_boolean: append_c(t, v->u.boolean ? "true" : "false"); break;
    case napi_number: append_number(t, rt_number(v)); break;
    case napi_string: append(t, v->u.string.data, v->u.string.length); break;
    case napi_bigint: append_bigint(t, v); break;
    case napi_symbol: {
      size_t n;
      char* s = rt_symbol_text(v, &n);
      if (s != NULL) {
        append(t, s, n);
      }
      free(s);
      break;
    }
    default: append_object(env, t, v, open, depth); break;
  }
}

/* ToString of v as a new string value; NULL if out of memory. */
static napi_value to_string(napi_env env, napi_value v) {
  if (rt_type(v) == napi_string) {
    return v;
  }
  text t = {0};
  napi_value open[MAX_JOIN_DEPTH];
  append_value(env, &t, v, open, 0);
  napi_value result = t.failed ? NULL : rt_make_string(env, t.data == NULL ? "" : t.data, t.length);
  free(t.data);
  return result;
}

/* ToNumber of a value that is not a symbol or BigInt. */
static double to_number(napi_env env, napi_value v, bool* failed) {
  switch (rt_type(v)) {
    case napi_undefined: return NAN;
    case napi_null: return 0;
    case napi_boolean: return v->u.boolean ? 1 : 0;
    case napi_number: return rt_number(v);
    case napi_string: return string_to_number(v->u.string.data, v->u.string.length);
    default: break;
  }
  if (rt_flags(v) & RT_DATE) {
    return v->u.number;
  }
  if ((rt_flags(v) & RT_BOXED) && rt_type(v->u.boxed) != napi_bigint && rt_type(v->u.boxed) != napi_symbol) {
    return to_number(env, v->u.boxed, failed);
  }
  napi_value s = to_string(env, v);
  if (s == NULL) {
    *failed = true;
    return NAN;
  }
  return string_to_number(s->u.string.data, s->u.string.length);
}

/* ToNumber for the runtime's own conversions (typed array elements): false, with a TypeError thrown, for a symbol or
   a BigInt; false without one if out of memory. */
bool rt_to_number(napi_env env, napi_value v, double* result) {
  napi_value primitive = (rt_flags(v) & RT_BOXED) ? v->u.boxed : v;
  if (rt_type(primitive) == napi_bigint || rt_type(primitive) == napi_symbol) {
    napi_throw_type_error(env, NULL, rt_type(primitive) == napi_bigint ? "Cannot convert a BigInt value to a number"
                                                                       : "Cannot convert a Symbol value to a number");
    return false;
  }
  bool failed = false;
  *result = to_number(env, v, &failed);
  return !failed;
}

double rt_string_to_number(const char* text, size_t length) {
  return string_to_number(text, length);
}

/* ---- The Node-API functions ---------------------------------------------------------------------------------- */

static napi_status throw_type_error(napi_env env, napi_status status, const char* message) {
  napi_throw_type_error(env, NULL, message);
  return rt_set_error(env, status);
}

napi_status NAPI_CDECL napi_coerce_to_bool(napi_env env, napi_value value, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  bool truthy;
  switch (rt_type(value)) {
    case napi_undefined:
    case napi_null: truthy = false; break;
    case napi_boolean: truthy = value->u.boolean; break;
    case napi_number: {
      double d = rt_number(value);
      truthy = !(d == 0 || isnan(d));
      break;
    }
    case napi_string: truthy = value->u.string.length > 0; break;
    case napi_bigint: truthy = value->u.bigint.count > 0; break;
    default: truthy = true; /* symbols and objects */
  }
  *result = truthy ? &env->true_value : &env->false_value;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_coerce_to_number(napi_env env, napi_value value, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  napi_value primitive = (rt_flags(value) & RT_BOXED) ? value->u.boxed : value;
  if (rt_type(primitive) == napi_bigint) {
    return throw_type_error(env, napi_number_expected, "Cannot convert a BigInt value to a number");
  }
  if (rt_type(primitive) == napi_symbol) {
    return throw_type_error(env, napi_number_expected, "Cannot convert a Symbol value to a number");
  }
  if (rt_type(value) == napi_number) {
    *result = value;
    return rt_clear_error(env);
  }
  bool failed = false;
  double d = to_number(env, value, &failed);
  *result = failed ? NULL : rt_make_number(env, d);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_coerce_to_string(napi_env env, napi_value value, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  napi_value primitive = (rt_flags(value) & RT_BOXED) ? value->u.boxed : value;
  if (rt_type(primitive) == napi_symbol) {
    return throw_type_error(env, napi_string_expected, "Cannot convert a Symbol value to a string");
  }
  *result = to_string(env, value);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status rt_to_key_string(napi_env env, napi_value key, napi_value* result) {
  if (rt_type(key) == napi_external) {
    return throw_type_error(env, napi_generic_failure, "Cannot convert object to primitive value");
  }
  *result = to_string(env, key);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : napi_ok;
}

napi_value rt_to_object(napi_env env, napi_value value) {
  napi_valuetype type = rt_type(value);
  if (type == napi_object || type == napi_function || type == napi_external) {
    return value;
  }
  napi_value boxed = rt_alloc(env, napi_object, RT_BOXED);
  if (boxed == NULL) {
    return NULL;
  }
  rt_retain(value);
  boxed->u.boxed = value;
  return rt_new_handle(env, boxed);
}

/* Objects stay themselves; a primitive gets a wrapper object (new Number(1)...); undefined and null throw. */
napi_status NAPI_CDECL napi_coerce_to_object(napi_env env, napi_value value, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  napi_valuetype type = rt_type(value);
  if (type == napi_undefined || type == napi_null) {
    return throw_type_error(env, napi_object_expected, "Cannot convert undefined or null to object");
  }
  *result = rt_to_object(env, value);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}
