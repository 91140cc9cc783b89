/* Fixture "values": exercises the value, object, array, string and error functions of the subset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAPI_VERSION 9
#include <node_api.h>

#define CALL(env, call)                                                              \
  do {                                                                               \
    if ((call) != napi_ok) {                                                         \
      const napi_extended_error_info* info;                                          \
      napi_get_last_error_info((env), &info);                                        \
      bool pending;                                                                  \
      napi_is_exception_pending((env), &pending);                                    \
      if (!pending) {                                                                \
        napi_throw_error((env), "E_NAPI", info->error_message ? info->error_message  \
                                                              : "napi call failed"); \
      }                                                                              \
      return NULL;                                                                   \
    }                                                                                \
  } while (0)

static napi_value args(napi_env env, napi_callback_info info, size_t want, napi_value* argv) {
  size_t argc = want;
  napi_value self;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  return self;
}

static napi_value Echo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  return argv[0];
}

static napi_value Add(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args(env, info, 2, argv);
  int32_t a, b;
  if (napi_get_value_int32(env, argv[0], &a) != napi_ok || napi_get_value_int32(env, argv[1], &b) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "add expects two numbers");
    return NULL;
  }
  napi_value result;
  CALL(env, napi_create_int32(env, a + b, &result));
  return result;
}

static napi_value Concat(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args(env, info, 2, argv);
  char a[256], b[256];
  size_t la, lb;
  CALL(env, napi_get_value_string_utf8(env, argv[0], a, sizeof(a), &la));
  CALL(env, napi_get_value_string_utf8(env, argv[1], b, sizeof(b), &lb));
  char joined[512];
  memcpy(joined, a, la);
  memcpy(joined + la, b, lb);
  napi_value result;
  CALL(env, napi_create_string_utf8(env, joined, la + lb, &result));
  return result;
}

static napi_value Describe(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  static const char* const names[] = {"undefined", "null",   "boolean",  "number",  "string",
                                      "symbol",    "object", "function", "external", "bigint"};
  napi_valuetype type;
  CALL(env, napi_typeof(env, argv[0], &type));
  bool array;
  CALL(env, napi_is_array(env, argv[0], &array));
  napi_value result;
  CALL(env, napi_create_string_utf8(env, array ? "array" : names[type], NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value MakeObject(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value object, nested, list, v;
  CALL(env, napi_create_object(env, &object));
  CALL(env, napi_create_string_utf8(env, "values", NAPI_AUTO_LENGTH, &v));
  CALL(env, napi_set_named_property(env, object, "name", v));
  CALL(env, napi_create_uint32(env, 42, &v));
  CALL(env, napi_set_named_property(env, object, "answer", v));
  CALL(env, napi_create_double(env, 3.5, &v));
  CALL(env, napi_set_named_property(env, object, "pi", v));
  CALL(env, napi_create_int64(env, (int64_t)1 << 40, &v));
  CALL(env, napi_set_named_property(env, object, "big", v));
  CALL(env, napi_create_object(env, &nested));
  CALL(env, napi_create_array(env, &list));
  CALL(env, napi_create_int32(env, 1, &v));
  CALL(env, napi_set_element(env, list, 0, v));
  CALL(env, napi_create_string_utf8(env, "two", NAPI_AUTO_LENGTH, &v));
  CALL(env, napi_set_element(env, list, 1, v));
  CALL(env, napi_get_boolean(env, true, &v));
  CALL(env, napi_set_element(env, list, 2, v));
  CALL(env, napi_get_null(env, &v));
  CALL(env, napi_set_element(env, list, 3, v));
  CALL(env, napi_set_named_property(env, nested, "list", list));
  CALL(env, napi_set_named_property(env, object, "nested", nested));
  bool has;
  CALL(env, napi_has_named_property(env, object, "answer", &has));
  CALL(env, napi_get_boolean(env, has, &v));
  CALL(env, napi_set_named_property(env, object, "hasAnswer", v));
  return object;
}

static napi_value Keys(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  napi_value names;
  CALL(env, napi_get_property_names(env, argv[0], &names));
  return names;
}

static napi_value MakeArray(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  uint32_t n;
  CALL(env, napi_get_value_uint32(env, argv[0], &n));
  napi_value array, v;
  CALL(env, napi_create_array_with_length(env, n, &array));
  for (uint32_t i = 0; i < n; i++) {
    CALL(env, napi_create_uint32(env, i * i, &v));
    CALL(env, napi_set_element(env, array, i, v));
  }
  return array;
}

static napi_value ArraySum(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  uint32_t length;
  CALL(env, napi_get_array_length(env, argv[0], &length));
  double sum = 0;
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    double d;
    CALL(env, napi_get_element(env, argv[0], i, &element));
    CALL(env, napi_get_value_double(env, element, &d));
    sum += d;
  }
  napi_value result;
  CALL(env, napi_create_double(env, sum, &result));
  return result;
}

static napi_value Latin1(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  char buf[256];
  size_t n;
  CALL(env, napi_get_value_string_latin1(env, argv[0], buf, sizeof(buf), &n));
  napi_value result;
  CALL(env, napi_create_string_latin1(env, buf, n, &result));
  return result;
}

static napi_value Utf16(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  char16_t buf[256];
  size_t n;
  CALL(env, napi_get_value_string_utf16(env, argv[0], buf, 256, &n));
  napi_value result;
  CALL(env, napi_create_string_utf16(env, buf, n, &result));
  return result;
}

static napi_value Int32Of(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  int32_t i;
  CALL(env, napi_get_value_int32(env, argv[0], &i));
  napi_value result;
  CALL(env, napi_create_int32(env, i, &result));
  return result;
}

static napi_value ThrowError(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  args(env, info, 3, argv);
  char kind[32], code[64], message[256];
  CALL(env, napi_get_value_string_utf8(env, argv[0], kind, sizeof(kind), NULL));
  napi_valuetype code_type;
  CALL(env, napi_typeof(env, argv[1], &code_type));
  if (code_type == napi_string) {
    CALL(env, napi_get_value_string_utf8(env, argv[1], code, sizeof(code), NULL));
  }
  CALL(env, napi_get_value_string_utf8(env, argv[2], message, sizeof(message), NULL));
  const char* c = code_type == napi_string ? code : NULL;
  if (strcmp(kind, "type") == 0) {
    napi_throw_type_error(env, c, message);
  } else if (strcmp(kind, "range") == 0) {
    napi_throw_range_error(env, c, message);
  } else if (strcmp(kind, "syntax") == 0) {
    node_api_throw_syntax_error(env, c, message);
  } else {
    napi_throw_error(env, c, message);
  }
  return NULL;
}

static napi_value ThrowValue(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  CALL(env, napi_throw(env, argv[0]));
  return NULL;
}

static napi_value CreateError(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value code, message, error;
  CALL(env, napi_create_string_utf8(env, "E_RETURNED", NAPI_AUTO_LENGTH, &code));
  CALL(env, napi_create_string_utf8(env, "returned, not thrown", NAPI_AUTO_LENGTH, &message));
  CALL(env, napi_create_range_error(env, code, message, &error));
  bool is_error;
  CALL(env, napi_is_error(env, error, &is_error));
  return is_error ? error : NULL;
}

/* Throws, looks at the pending exception, clears it, and reports what it saw. */
static napi_value CatchOwn(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, "E_OWN", "caught by the addon");
  bool pending_before, pending_after;
  napi_is_exception_pending(env, &pending_before);
  napi_value error, v;
  /* While an exception is pending, functions that would run JavaScript refuse. */
  napi_value object;
  napi_create_object(env, &object);
  napi_status refused = napi_set_named_property(env, object, "x", object);
  CALL(env, napi_get_and_clear_last_exception(env, &error));
  napi_is_exception_pending(env, &pending_after);
  napi_value result;
  CALL(env, napi_create_object(env, &result));
  CALL(env, napi_get_boolean(env, pending_before, &v));
  CALL(env, napi_set_named_property(env, result, "pendingBefore", v));
  CALL(env, napi_get_boolean(env, pending_after, &v));
  CALL(env, napi_set_named_property(env, result, "pendingAfter", v));
  CALL(env, napi_create_int32(env, refused, &v));
  CALL(env, napi_set_named_property(env, result, "statusWhilePending", v));
  CALL(env, napi_get_named_property(env, error, "message", &v));
  CALL(env, napi_set_named_property(env, result, "message", v));
  return result;
}

/* Node-API calls with NULL where a pointer is required: each must return napi_invalid_arg, not crash. */
static napi_value NullArguments(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  int32_t i;
  napi_status statuses[] = {
      napi_create_int32(env, 1, NULL),
      napi_get_value_int32(env, NULL, &i),
      napi_create_object(NULL, &v),
      napi_create_string_utf8(env, NULL, 3, &v),
      napi_set_named_property(env, NULL, "x", NULL),
      napi_get_cb_info(env, NULL, NULL, NULL, NULL, NULL),
      napi_typeof(env, NULL, NULL),
      napi_create_function(env, "f", NAPI_AUTO_LENGTH, NULL, NULL, &v),
      napi_get_instance_data(env, NULL),
      napi_add_env_cleanup_hook(env, NULL, NULL),
      napi_remove_async_cleanup_hook(NULL),
  };
  size_t n = sizeof(statuses) / sizeof(statuses[0]);
  napi_value array;
  CALL(env, napi_create_array(env, &array));
  for (size_t k = 0; k < n; k++) {
    CALL(env, napi_create_int32(env, statuses[k], &v));
    CALL(env, napi_set_element(env, array, (uint32_t)k, v));
  }
  return array;
}

static napi_value WrongType(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value s;
  CALL(env, napi_create_string_utf8(env, "not a number", NAPI_AUTO_LENGTH, &s));
  int32_t i;
  napi_status status = napi_get_value_int32(env, s, &i);
  /* The info is only valid until the next Node-API call: copy it out first. */
  const napi_extended_error_info* last;
  napi_get_last_error_info(env, &last);
  napi_status code = last->error_code;
  const char* message = last->error_message;
  napi_value result, v;
  CALL(env, napi_create_object(env, &result));
  napi_create_int32(env, status, &v);
  napi_set_named_property(env, result, "status", v);
  napi_create_int32(env, code, &v);
  napi_set_named_property(env, result, "errorCode", v);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, result, "message", v);
  return result;
}

static napi_value Unsupported(napi_env env, napi_callback_info info) {
  (void)info;
  /* Every function of the headers is implemented; what needs an engine answers a clear failure, as here. */
  napi_value script, ran;
  napi_create_string_utf8(env, "1 + 1", NAPI_AUTO_LENGTH, &script);
  napi_status status = napi_run_script(env, script, &ran);
  const napi_extended_error_info* last;
  napi_get_last_error_info(env, &last);
  const char* message = last->error_message;
  napi_value result, v;
  CALL(env, napi_create_object(env, &result));
  napi_create_int32(env, status, &v);
  napi_set_named_property(env, result, "status", v);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, result, "message", v);
  return result;
}

static napi_value Version(napi_env env, napi_callback_info info) {
  (void)info;
  uint32_t version;
  CALL(env, napi_get_version(env, &version));
  napi_value result;
  CALL(env, napi_create_uint32(env, version, &result));
  return result;
}

static napi_value Twice(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  double d;
  CALL(env, napi_get_value_double(env, argv[0], &d));
  napi_value result;
  CALL(env, napi_create_double(env, d * 2, &result));
  return result;
}

/* napi_call_function on a function made here: the callback machinery without Java in between. */
static napi_value CallInternal(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  napi_value self = args(env, info, 1, argv);
  napi_value fn, result;
  CALL(env, napi_create_function(env, "twice", NAPI_AUTO_LENGTH, Twice, NULL, &fn));
  CALL(env, napi_call_function(env, self, fn, 1, argv, &result));
  return result;
}

static napi_value Global(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value global;
  CALL(env, napi_get_global(env, &global));
  napi_valuetype type;
  CALL(env, napi_typeof(env, global, &type));
  napi_value result;
  CALL(env, napi_get_boolean(env, type == napi_object, &result));
  return result;
}

/* Counts calls in instance data: two contexts must count separately. */
static napi_value Count(napi_env env, napi_callback_info info) {
  (void)info;
  int64_t* count;
  CALL(env, napi_get_instance_data(env, (void**)&count));
  (*count)++;
  napi_value result;
  CALL(env, napi_create_int64(env, *count, &result));
  return result;
}

static void FreeCount(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

/* Makes many short-lived values: handle scopes must give the memory back after each call. */
static napi_value Churn(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  uint32_t n;
  CALL(env, napi_get_value_uint32(env, argv[0], &n));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    CALL(env, napi_open_handle_scope(env, &scope));
    napi_value object, s;
    CALL(env, napi_create_object(env, &object));
    CALL(env, napi_create_string_utf8(env, "garbage", NAPI_AUTO_LENGTH, &s));
    CALL(env, napi_set_named_property(env, object, "s", s));
    CALL(env, napi_close_handle_scope(env, scope));
  }
  napi_value result;
  CALL(env, napi_create_uint32(env, n, &result));
  return result;
}

/* Buffers: reverse the bytes of a Buffer into a new one. */
static napi_value ReverseBytes(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  bool is_buffer;
  CALL(env, napi_is_buffer(env, argv[0], &is_buffer));
  if (!is_buffer) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "reverseBytes expects a Buffer");
    return NULL;
  }
  uint8_t* in;
  size_t length;
  CALL(env, napi_get_buffer_info(env, argv[0], (void**)&in, &length));
  uint8_t* out;
  napi_value result;
  CALL(env, napi_create_buffer(env, length, (void**)&out, &result));
  for (size_t i = 0; i < length; i++) {
    out[i] = in[length - 1 - i];
  }
  return result;
}

static napi_value MakeArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  uint32_t n;
  CALL(env, napi_get_value_uint32(env, argv[0], &n));
  uint8_t* bytes;
  napi_value result;
  CALL(env, napi_create_arraybuffer(env, n, (void**)&bytes, &result));
  for (uint32_t i = 0; i < n; i++) {
    bytes[i] = (uint8_t)i;
  }
  bool is_arraybuffer;
  size_t length;
  CALL(env, napi_is_arraybuffer(env, result, &is_arraybuffer));
  CALL(env, napi_get_arraybuffer_info(env, result, NULL, &length));
  return is_arraybuffer && length == n ? result : NULL;
}

static void FreeExternal(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

/* Bytes the addon owns, handed over with a finalizer: freed exactly once, when the value goes. */
static napi_value ExternalBuffer(napi_env env, napi_callback_info info) {
  (void)info;
  char* data = strdup("external");
  napi_value result;
  CALL(env, napi_create_external_buffer(env, strlen(data), data, FreeExternal, NULL, &result));
  return result;
}

/* Escapable scopes: an object made in an inner scope survives it; escaping twice is refused. */
static napi_value Escape(napi_env env, napi_callback_info info) {
  (void)info;
  napi_escapable_handle_scope scope;
  CALL(env, napi_open_escapable_handle_scope(env, &scope));
  napi_value inner, s, escaped, again;
  CALL(env, napi_create_object(env, &inner));
  CALL(env, napi_create_string_utf8(env, "made inside", NAPI_AUTO_LENGTH, &s));
  CALL(env, napi_set_named_property(env, inner, "text", s));
  CALL(env, napi_escape_handle(env, scope, inner, &escaped));
  napi_status twice = napi_escape_handle(env, scope, inner, &again);
  CALL(env, napi_close_escapable_handle_scope(env, scope));
  napi_value v;
  CALL(env, napi_create_int32(env, twice, &v));
  CALL(env, napi_set_named_property(env, escaped, "escapeTwice", v));
  return escaped;
}

static napi_value GetAnswer(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  CALL(env, napi_create_int32(env, 42, &v));
  return v;
}

NAPI_MODULE_INIT(/* env, exports */) {
  int64_t* count = calloc(1, sizeof(*count));
  if (count == NULL || napi_set_instance_data(env, count, FreeCount, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_value version;
  napi_create_string_utf8(env, "1.0.0", NAPI_AUTO_LENGTH, &version);
  napi_property_descriptor props[] = {
      {"echo", NULL, Echo, NULL, NULL, NULL, napi_default, NULL},
      {"add", NULL, Add, NULL, NULL, NULL, napi_default, NULL},
      {"concat", NULL, Concat, NULL, NULL, NULL, napi_default, NULL},
      {"describe", NULL, Describe, NULL, NULL, NULL, napi_default, NULL},
      {"makeObject", NULL, MakeObject, NULL, NULL, NULL, napi_default, NULL},
      {"keys", NULL, Keys, NULL, NULL, NULL, napi_default, NULL},
      {"makeArray", NULL, MakeArray, NULL, NULL, NULL, napi_default, NULL},
      {"arraySum", NULL, ArraySum, NULL, NULL, NULL, napi_default, NULL},
      {"latin1", NULL, Latin1, NULL, NULL, NULL, napi_default, NULL},
      {"utf16", NULL, Utf16, NULL, NULL, NULL, napi_default, NULL},
      {"int32Of", NULL, Int32Of, NULL, NULL, NULL, napi_default, NULL},
      {"throwError", NULL, ThrowError, NULL, NULL, NULL, napi_default, NULL},
      {"throwValue", NULL, ThrowValue, NULL, NULL, NULL, napi_default, NULL},
      {"createError", NULL, CreateError, NULL, NULL, NULL, napi_default, NULL},
      {"catchOwn", NULL, CatchOwn, NULL, NULL, NULL, napi_default, NULL},
      {"nullArguments", NULL, NullArguments, NULL, NULL, NULL, napi_default, NULL},
      {"wrongType", NULL, WrongType, NULL, NULL, NULL, napi_default, NULL},
      {"unsupported", NULL, Unsupported, NULL, NULL, NULL, napi_default, NULL},
      {"version", NULL, Version, NULL, NULL, NULL, napi_default, NULL},
      {"callInternal", NULL, CallInternal, NULL, NULL, NULL, napi_default, NULL},
      {"global", NULL, Global, NULL, NULL, NULL, napi_default, NULL},
      {"count", NULL, Count, NULL, NULL, NULL, napi_default, NULL},
      {"churn", NULL, Churn, NULL, NULL, NULL, napi_default, NULL},
      {"escape", NULL, Escape, NULL, NULL, NULL, napi_default, NULL},
      {"reverseBytes", NULL, ReverseBytes, NULL, NULL, NULL, napi_default, NULL},
      {"makeArrayBuffer", NULL, MakeArrayBuffer, NULL, NULL, NULL, napi_default, NULL},
      {"externalBuffer", NULL, ExternalBuffer, NULL, NULL, NULL, napi_default, NULL},
      {"answer", NULL, NULL, GetAnswer, NULL, NULL, napi_enumerable, NULL},
      {"version_string", NULL, NULL, NULL, NULL, version, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) {
    return NULL;
  }
  return exports;
}
