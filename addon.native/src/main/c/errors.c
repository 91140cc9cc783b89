/* Errors and exceptions: an error is an object flagged RT_ERROR with name, message and (optional) code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

napi_value rt_make_error(napi_env env, const char* name, napi_value code, napi_value message) {
  napi_value error = rt_new_handle(env, rt_alloc(env, napi_object, RT_ERROR));
  if (error == NULL) {
    return NULL;
  }
  napi_value name_value = rt_make_string(env, name, strlen(name));
  if (name_value == NULL || rt_set_prop(env, error, "name", name_value) != napi_ok ||
      rt_set_prop(env, error, "message", message) != napi_ok ||
      (code != NULL && rt_set_prop(env, error, "code", code) != napi_ok)) {
    return NULL;
  }
  /* name is inherited from the prototype in JavaScript: not enumerable. */
  rt_find_prop(error, "name")->attributes = napi_writable | napi_configurable;
  rt_find_prop(error, "message")->attributes = napi_writable | napi_configurable;
  return error;
}

const char* rt_error_name(napi_value error) {
  rt_prop* p = rt_find_prop(error, "name");
  return p != NULL && p->value != NULL && rt_type(p->value) == napi_string ? p->value->u.string.data : "Error";
}

static napi_status create_error(napi_env env, const char* name, napi_value code, napi_value msg,
                                napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, msg);
  CHECK_ARG(env, result);
  if (rt_type(msg) != napi_string) {
    return rt_set_error(env, napi_string_expected);
  }
  if (code != NULL && rt_type(code) != napi_string) {
    return rt_set_error(env, napi_string_expected);
  }
  *result = rt_make_error(env, name, code, msg);
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_error(napi_env env, napi_value code, napi_value msg, napi_value* result) {
  return create_error(env, "Error", code, msg, result);
}

napi_status NAPI_CDECL napi_create_type_error(napi_env env, napi_value code, napi_value msg, napi_value* result) {
  return create_error(env, "TypeError", code, msg, result);
}

napi_status NAPI_CDECL napi_create_range_error(napi_env env, napi_value code, napi_value msg, napi_value* result) {
  return create_error(env, "RangeError", code, msg, result);
}

napi_status NAPI_CDECL node_api_create_syntax_error(napi_env env, napi_value code, napi_value msg,
                                                    napi_value* result) {
  return create_error(env, "SyntaxError", code, msg, result);
}

static void set_pending(napi_env env, napi_value error) {
  rt_retain(error);
  if (env->pending_exception != NULL) {
    rt_release(env, env->pending_exception);
  }
  env->pending_exception = error;
}

napi_status NAPI_CDECL napi_throw(napi_env env, napi_value error) {
  PREAMBLE(env);
  CHECK_ARG(env, error);
  set_pending(env, error);
  return rt_clear_error(env);
}

/* As napi_throw, the napi_throw_*_error functions refuse while an exception is pending (napi_pending_exception, as
   in Node): the first exception stays. */
static napi_status throw_new(napi_env env, const char* name, const char* code, const char* msg) {
  PREAMBLE(env);
  CHECK_ARG(env, msg);
  napi_value code_value = NULL;
  if (code != NULL) {
    code_value = rt_make_string(env, code, strlen(code));
    if (code_value == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
  }
  napi_value message = rt_make_string(env, msg, strlen(msg));
  napi_value error = message == NULL ? NULL : rt_make_error(env, name, code_value, message);
  if (error == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  set_pending(env, error);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_throw_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, "Error", code, msg);
}

napi_status NAPI_CDECL napi_throw_type_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, "TypeError", code, msg);
}

napi_status NAPI_CDECL napi_throw_range_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, "RangeError", code, msg);
}

napi_status NAPI_CDECL node_api_throw_syntax_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, "SyntaxError", code, msg);
}

napi_status NAPI_CDECL napi_is_error(napi_env env, napi_value value, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  CHECK_ARG(env, result);
  *result = (rt_flags(value) & RT_ERROR) != 0;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_is_exception_pending(napi_env env, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  *result = env->pending_exception != NULL;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_and_clear_last_exception(napi_env env, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  if (env->pending_exception == NULL) {
    *result = &env->undefined_value;
    return rt_clear_error(env);
  }
  /* Hand the exception's reference over to the current handle scope. */
  napi_value error = env->pending_exception;
  env->pending_exception = NULL;
  *result = rt_new_handle(env, error);
  rt_release(env, error);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_fatal_exception(napi_env env, napi_value err) {
  /* No JavaScript 'uncaughtException' here: the error surfaces at the end of the current call. */
  CHECK_ENV(env);
  CHECK_ARG(env, err);
  set_pending(env, err);
  return rt_clear_error(env);
}

NAPI_NO_RETURN void NAPI_CDECL napi_fatal_error(const char* location, size_t location_len, const char* message,
                                                size_t message_len) {
  /* Node aborts the process here and so must we: the addon's contract is that this call never returns. */
  if (location_len == NAPI_AUTO_LENGTH) {
    location_len = location == NULL ? 0 : strlen(location);
  }
  if (message_len == NAPI_AUTO_LENGTH) {
    message_len = message == NULL ? 0 : strlen(message);
  }
  fprintf(stderr, "FATAL ERROR (addon runtime): %.*s %.*s\n", (int)location_len, location ? location : "",
          (int)message_len, message ? message : "");
  fflush(stderr);
  abort();
}
