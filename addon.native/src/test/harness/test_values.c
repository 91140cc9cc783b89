/* The "values" fixture: every export, its errors, and the edge cases (NULL arguments, wrong types, truncation). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define CALL0(env, fn) env_call((env), (fn), 0, NULL)
/* sizeof does not evaluate its operand: each argument is made once, by the second compound literal. */
#define CALLV(env, fn, ...) \
  env_call((env), (fn), sizeof((napi_value[]){__VA_ARGS__}) / sizeof(napi_value), (napi_value[]){__VA_ARGS__})

/* The value an OK answer carries, rendered; the outcome and message otherwise. */
static const char* shown(napi_env env, answer a) {
  static char buf[700];
  if (a.outcome == OUTCOME_OK) {
    return render(env, a.value);
  }
  snprintf(buf, sizeof(buf), "%s %s: %s%s%s", a.outcome == OUTCOME_THROWN ? "thrown" : "failed", a.name, a.message,
           a.has_code ? " code " : "", a.has_code ? a.code : "");
  return buf;
}

static napi_value array_of(napi_env env, size_t n, const double* numbers) {
  napi_value array;
  napi_create_array(env, &array);
  for (size_t i = 0; i < n; i++) {
    napi_set_element(env, array, (uint32_t)i, num(env, numbers[i]));
  }
  return array;
}

static napi_value buffer_of(napi_env env, const char* bytes, size_t length) {
  napi_value buffer = NULL;
  napi_create_buffer_copy(env, length, bytes, NULL, &buffer);
  return buffer;
}

void test_values_exports(void) {
  addon a;
  napi_env env = env_load(&a, "values", "values");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  napi_value null_value, undefined_value;
  napi_get_null(env, &null_value);
  napi_get_undefined(env, &undefined_value);

  CHECK_STR(shown(env, CALLV(env, "echo", str(env, "hi"))), "\"hi\"");
  CHECK_STR(shown(env, CALLV(env, "add", num(env, 2), num(env, 3))), "5");
  CHECK_STR(shown(env, CALLV(env, "concat", str(env, "foo"), str(env, "bar"))), "\"foobar\"");
  CHECK_STR(shown(env, CALLV(env, "describe", array_of(env, 0, NULL))), "\"array\"");
  CHECK_STR(shown(env, CALLV(env, "describe", null_value)), "\"null\"");
  CHECK_STR(shown(env, CALLV(env, "describe", num(env, 1))), "\"number\"");

  answer object = CALL0(env, "makeObject");
  CHECK_STR(shown(env, object),
            "{name:\"values\",answer:42,pi:3.5,big:1099511627776,nested:{list:[1,\"two\",true,null]},hasAnswer:true}");
  if (object.outcome == OUTCOME_OK) {
    CHECK_STR(shown(env, CALLV(env, "keys", object.value)),
              "[\"name\",\"answer\",\"pi\",\"big\",\"nested\",\"hasAnswer\"]");
  }
  CHECK_STR(shown(env, CALLV(env, "makeArray", num(env, 5))), "[0,1,4,9,16]");
  CHECK_STR(shown(env, CALLV(env, "makeArray", num(env, 0))), "[]");
  double numbers[] = {1, 2, 3.5};
  CHECK_STR(shown(env, CALLV(env, "arraySum", array_of(env, 3, numbers))), "6.5");
  CHECK_STR(shown(env, CALLV(env, "latin1", str(env, "caf\xc3\xa9"))), "\"caf\xc3\xa9\"");
  /* a, euro sign (3 UTF-8 bytes), U+1F600 (a surrogate pair in UTF-16) */
  CHECK_STR(shown(env, CALLV(env, "utf16", str(env, "a\xe2\x82\xac\xf0\x9f\x98\x80"))),
            "\"a\xe2\x82\xac\xf0\x9f\x98\x80\"");
  CHECK_STR(shown(env, CALLV(env, "int32Of", num(env, 4294967297.0))), "1");
  CHECK_STR(shown(env, CALLV(env, "int32Of", num(env, -1.9))), "-1");
  CHECK_STR(shown(env, CALLV(env, "int32Of", num(env, 2147483648.0))), "-2147483648");
  CHECK_STR(shown(env, CALLV(env, "int32Of", num(env, NAN))), "0");
  CHECK_STR(shown(env, CALLV(env, "int32Of", num(env, INFINITY))), "0");
  CHECK_STR(shown(env, CALLV(env, "int32Of", num(env, -1e300))), "0");
  CHECK_STR(shown(env, CALL0(env, "version")), "9");
  CHECK_STR(shown(env, CALLV(env, "callInternal", num(env, 21))), "42");
  CHECK_STR(shown(env, CALL0(env, "global")), "true");
  CHECK_STR(shown(env, CALL0(env, "escape")), "{text:\"made inside\",escapeTwice:12}");
  CHECK_STR(shown(env, CALLV(env, "reverseBytes", buffer_of(env, "\x01\x02\x03", 3))), "bytes(030201)");
  CHECK_STR(shown(env, CALLV(env, "makeArrayBuffer", num(env, 4))), "bytes(00010203)");
  CHECK_STR(shown(env, env_get(env, "answer")), "42");
  CHECK_STR(shown(env, env_get(env, "version_string")), "\"1.0.0\"");
  CHECK_STR(shown(env, env_get(env, "echo")), "function echo");
  CHECK_STR(shown(env, env_get(env, "nope")), "failed : module 'values' has no export 'nope'");
  CHECK_STR(shown(env, CALL0(env, "version_string")),
            "failed : module 'values' exports no function named 'version_string'");
  CHECK_STR(shown(env, CALL0(env, "nope")), "failed : module 'values' has no export 'nope'");

  uint64_t finalizers = env->finalizers_run;
  size_t inner = frame_open(env);
  CHECK_STR(shown(env, CALL0(env, "externalBuffer")), "bytes(65787465726e616c)");
  CHECK_INT(env->finalizers_run, finalizers);
  frame_close(env, inner);
  CHECK_INT(env->finalizers_run, finalizers + 1); /* the addon's bytes went back to it as the value went */

  char warnings[512];
  take_warnings(env, warnings, sizeof(warnings));
  CHECK_STR(shown(env, CALL0(env, "unsupported")),
            "{status:9,message:\"napi_run_script: this runtime has no JavaScript engine to run a script on\"}");
  (void)undefined_value;
  frame_close(env, mark);

  closed c = env_close(env, 1000);
  CHECK_INT(c.hooks_run, 0);
  CHECK_INT(c.finalizers_run, finalizers + 2); /* + the instance data (the call counter) */
  addon_close(&a);
}

void test_values_errors(void) {
  addon a;
  napi_env env = env_load(&a, "values", "values");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  napi_value undefined_value;
  napi_get_undefined(env, &undefined_value);
  CHECK_STR(shown(env, CALLV(env, "add", str(env, "x"), num(env, 1))),
            "thrown TypeError: add expects two numbers code ERR_INVALID_ARG_TYPE");
  CHECK_STR(shown(env, CALLV(env, "throwError", str(env, "range"), undefined_value, str(env, "boom"))),
            "thrown RangeError: boom");
  CHECK_STR(shown(env, CALLV(env, "throwError", str(env, "syntax"), str(env, "E_S"), str(env, "bad"))),
            "thrown SyntaxError: bad code E_S");
  CHECK_STR(shown(env, CALLV(env, "throwError", str(env, "type"), str(env, "E_T"), str(env, "t"))),
            "thrown TypeError: t code E_T");
  CHECK_STR(shown(env, CALLV(env, "throwError", str(env, "plain"), str(env, "E_P"), str(env, "p"))),
            "thrown Error: p code E_P");
  CHECK_STR(shown(env, CALLV(env, "throwValue", str(env, "just a string"))), "thrown : just a string");
  CHECK_STR(shown(env, CALLV(env, "throwValue", num(env, 42))), "thrown : 42");
  CHECK_STR(shown(env, CALLV(env, "throwValue", undefined_value)), "thrown : undefined");
  napi_value object;
  napi_create_object(env, &object);
  napi_set_named_property(env, object, "message", str(env, "from an object"));
  napi_set_named_property(env, object, "code", str(env, "E_OBJ"));
  CHECK_STR(shown(env, CALLV(env, "throwValue", object)), "thrown : from an object code E_OBJ");
  CHECK_STR(shown(env, CALL0(env, "createError")),
            "{name:\"RangeError\",message:\"returned, not thrown\",code:\"E_RETURNED\"}");
  CHECK_STR(shown(env, CALL0(env, "catchOwn")),
            "{pendingBefore:true,pendingAfter:false,statusWhilePending:10,message:\"caught by the addon\"}");
  /* A thrown call leaves nothing pending: the next one works. */
  CHECK_STR(shown(env, CALLV(env, "add", num(env, 1), num(env, 1))), "2");
  frame_close(env, mark);

  /* An exception left pending when the context closes is released, not leaked. */
  napi_throw_error(env, "E_LEFT", "left pending");
  CHECK(env->pending_exception != NULL);
  env_close(env, 1000);
  addon_close(&a);
}

void test_values_edge_cases(void) {
  addon a;
  napi_env env = env_load(&a, "values", "values");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  /* NULL where a pointer is required: napi_invalid_arg (1) from each, never a crash. */
  CHECK_STR(shown(env, CALL0(env, "nullArguments")), "[1,1,1,1,1,1,1,1,1,1,1]");
  CHECK_STR(shown(env, CALL0(env, "wrongType")), "{status:6,errorCode:6,message:\"A number was expected\"}");
  /* Fewer arguments than the function reads: the rest are undefined. */
  CHECK_STR(shown(env, CALL0(env, "echo")), "undefined");
  CHECK_STR(shown(env, CALL0(env, "describe")), "\"undefined\"");
  CHECK_STR(shown(env, CALL0(env, "add")), "thrown TypeError: add expects two numbers code ERR_INVALID_ARG_TYPE");
  /* The fixture's CALL reads the error info after another call (napi_is_exception_pending) cleared it, as the
   * info is only valid until the next call, in Node too: so the message is its fallback. */
  CHECK_STR(shown(env, CALLV(env, "concat", num(env, 1), str(env, "x"))),
            "thrown Error: napi call failed code E_NAPI");
  CHECK_STR(shown(env, CALLV(env, "reverseBytes", str(env, "x"))),
            "thrown TypeError: reverseBytes expects a Buffer code ERR_INVALID_ARG_TYPE");
  CHECK_STR(shown(env, CALLV(env, "reverseBytes", buffer_of(env, "", 0))), "bytes()");
  /* More arguments than it reads: ignored. */
  CHECK_STR(shown(env, CALLV(env, "add", num(env, 1), num(env, 2), num(env, 3))), "3");

  /* concat copies into 256-byte buffers: a longer string is cut at 255 bytes, never overrun. */
  char long_text[301];
  memset(long_text, 'a', 300);
  long_text[300] = '\0';
  answer joined = CALLV(env, "concat", str(env, long_text), str(env, "b"));
  if (CHECK_INT(joined.outcome, OUTCOME_OK)) {
    CHECK_INT(joined.value->u.string.length, 256);
    CHECK(joined.value->u.string.data[255] == 'b');
  }
  /* A UTF-8 character is never cut in half when the buffer is too small. */
  char small[2];
  size_t copied = 99;
  CHECK_INT(napi_get_value_string_utf8(env, str(env, "\xc3\xa9"), small, sizeof(small), &copied), napi_ok);
  CHECK_INT(copied, 0);
  CHECK_STR(small, "");
  CHECK_INT(napi_get_value_string_utf8(env, str(env, "abc"), NULL, 0, &copied), napi_ok);
  CHECK_INT(copied, 3);
  CHECK_INT(napi_get_value_string_utf8(env, str(env, "abc"), small, 0, &copied), napi_ok);
  CHECK_INT(copied, 0);
  /* A lone surrogate becomes U+FFFD, as V8 writes it. */
  char16_t lone[] = {'x', 0xD800, 'y'};
  napi_value s;
  CHECK_INT(napi_create_string_utf16(env, lone, 3, &s), napi_ok);
  CHECK_STR(render(env, s), "\"x\xef\xbf\xbdy\"");
  /* Malformed UTF-8 read back as UTF-16 and Latin-1: replacement characters, no overread. */
  napi_value bad;
  CHECK_INT(napi_create_string_utf8(env, "\xf0\x9f", 2, &bad), napi_ok);
  char16_t u16[8];
  CHECK_INT(napi_get_value_string_utf16(env, bad, u16, 8, &copied), napi_ok);
  CHECK_INT(copied, 2);
  CHECK_INT(u16[0], 0xFFFD);
  char l1[8];
  CHECK_INT(napi_get_value_string_latin1(env, bad, l1, sizeof(l1), &copied), napi_ok);
  CHECK_INT(copied, 2);
  /* Property keys that are numbers, and arrays addressed by named index keys. */
  napi_value array, element;
  napi_create_array_with_length(env, 3, &array);
  CHECK_STR(render(env, array), "[undefined,undefined,undefined]");
  CHECK_INT(napi_set_property(env, array, num(env, 1), str(env, "one")), napi_ok);
  CHECK_INT(napi_get_named_property(env, array, "1", &element), napi_ok);
  CHECK_STR(render(env, element), "\"one\"");
  CHECK_INT(napi_get_named_property(env, array, "length", &element), napi_ok);
  CHECK_STR(render(env, element), "3");
  bool deleted = false;
  CHECK_INT(napi_delete_element(env, array, 1, &deleted), napi_ok);
  CHECK(deleted);
  CHECK_INT(napi_delete_element(env, array, 1000, &deleted), napi_ok);
  CHECK_STR(render(env, array), "[undefined,undefined,undefined]");
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}

void test_values_contexts_are_separate(void) {
  addon a, b;
  napi_env one = env_load(&a, "values", "one");
  napi_env two = env_load(&b, "values", "two");
  if (one == NULL || two == NULL) {
    return;
  }
  size_t m1 = frame_open(one), m2 = frame_open(two);
  CHECK_STR(shown(one, CALL0(one, "count")), "1");
  CHECK_STR(shown(one, CALL0(one, "count")), "2");
  CHECK_STR(shown(two, CALL0(two, "count")), "1");
  CHECK_STR(shown(one, CALL0(one, "count")), "3");
  frame_close(one, m1);
  frame_close(two, m2);
  env_close(one, 1000);
  CHECK_STR(shown(two, CALL0(two, "count")), "2"); /* the other context is untouched by the first one closing */
  frame_close(two, m2);
  env_close(two, 1000);
  addon_close(&a);
  addon_close(&b);
}

void test_values_memory_comes_back(void) {
  addon a;
  napi_env env = env_load(&a, "values", "values");
  if (env == NULL) {
    return;
  }
  size_t before = env->live_values;
  for (int round = 0; round < 3; round++) {
    size_t mark = frame_open(env);
    CHECK_STR(shown(env, CALLV(env, "churn", num(env, 2000))), "2000");
    CHECK_STR(render(env, CALL0(env, "makeObject").value),
              "{name:\"values\",answer:42,pi:3.5,big:1099511627776,nested:{list:[1,\"two\",true,null]},hasAnswer:true}");
    CALL0(env, "escape");
    CALLV(env, "throwError", str(env, "type"), str(env, "E"), str(env, "m"));
    CALLV(env, "makeArray", num(env, 100));
    frame_close(env, mark);
    CHECK_INT(env->live_values, before); /* every value made by the calls is gone with the frame */
    CHECK_INT(env->handle_count, 0);
  }
  env_close(env, 1000);
  addon_close(&a);
}

/* What an idle context keeps (docs/async.md, "Cost and limits"): function values fit in 136 bytes, the exports' and
   each function's property arrays are sized to what was defined, the functions' "length" and "name" keys are not
   copies (deleting one frees nothing), and the trim of an idle env frees the empty handle stack and the recycled
   values, which the next call makes again. */
void test_values_idle_footprint(void) {
  CHECK(sizeof(struct napi_value__) <= 136);
  addon a;
  napi_env env = env_load(&a, "values", "values");
  if (env == NULL) {
    return;
  }
  napi_value exports = env->exports;
  CHECK_INT(exports->prop_cap, exports->prop_count); /* one napi_define_properties: no doubled array */
  rt_prop* add = rt_find_prop(exports, "add");
  CHECK(add != NULL && rt_type(add->value) == napi_function);
  if (add != NULL) {
    napi_value f = add->value;
    CHECK_INT(f->prop_count, 2);
    CHECK_INT(f->prop_cap, 2);
    CHECK(f->props[0].static_key && f->props[1].static_key);
    CHECK_STR(f->u.function.name, "add");
  }
  CHECK_INT(env->handle_count, 0);
  rt_store_trim(env);
  CHECK(env->handles == NULL);
  CHECK_INT(env->handle_cap, 0);
  CHECK(env->free_values == NULL);
  CHECK_INT(env->free_count, 0);
  for (int round = 0; round < 2; round++) {
    size_t mark = frame_open(env);
    CHECK_STR(shown(env, CALLV(env, "add", num(env, 2), num(env, 3))), "5");
    napi_value echo = rt_find_prop(exports, "echo")->value;
    bool deleted = false;
    CHECK_INT(napi_delete_property(env, echo, str(env, round == 0 ? "name" : "length"), &deleted), napi_ok);
    CHECK(deleted);
    frame_close(env, mark);
    rt_store_trim(env); /* values recycled by the calls are freed, the stack grown again is freed again */
    CHECK(env->handles == NULL);
    CHECK_INT(env->free_count, 0);
  }
  env_close(env, 1000);
  addon_close(&a);
}

/* Numbers: int32 values are immediates (no allocation, no handle slot), all others heap values; both behave alike. */
void test_immediate_numbers(void) {
  napi_env env = rt_env_new("numbers", "harness", 8);
  size_t live = env->live_values;
  size_t mark = frame_open(env);
  size_t handles = env->handle_count;
  napi_value small, big, minus_zero, half, again, nan;
  CHECK_INT(napi_create_int32(env, -7, &small), napi_ok);
  CHECK_INT(napi_create_double(env, 4294967296.0, &big), napi_ok);
  CHECK_INT(napi_create_double(env, -0.0, &minus_zero), napi_ok);
  CHECK_INT(napi_create_double(env, 0.5, &half), napi_ok);
  CHECK_INT(napi_create_double(env, -7.0, &again), napi_ok);
  CHECK_INT(napi_create_double(env, NAN, &nan), napi_ok);
  CHECK(rt_is_immediate(small) && rt_is_immediate(again));
  CHECK(!rt_is_immediate(big) && !rt_is_immediate(minus_zero) && !rt_is_immediate(half) && !rt_is_immediate(nan));
  CHECK_INT(env->handle_count - handles, 4); /* only the four heap numbers took a slot */
  CHECK_INT(env->live_values - live, 4);
  napi_valuetype type;
  CHECK_INT(napi_typeof(env, small, &type), napi_ok);
  CHECK_INT(type, napi_number);
  bool equal;
  CHECK_INT(napi_strict_equals(env, small, again, &equal), napi_ok);
  CHECK(equal);
  napi_value zero;
  CHECK_INT(napi_create_int32(env, 0, &zero), napi_ok);
  CHECK_INT(napi_strict_equals(env, zero, minus_zero, &equal), napi_ok);
  CHECK(equal); /* 0 === -0 */
  CHECK_INT(napi_strict_equals(env, nan, nan, &equal), napi_ok);
  CHECK(!equal);
  double d;
  CHECK_INT(napi_get_value_double(env, minus_zero, &d), napi_ok);
  CHECK(d == 0 && signbit(d));
  int32_t i;
  CHECK_INT(napi_get_value_int32(env, small, &i), napi_ok);
  CHECK_INT(i, -7);
  CHECK_INT(napi_get_value_int32(env, big, &i), napi_ok);
  CHECK_INT(i, 0); /* ToInt32(2^32) */
  int64_t l;
  CHECK_INT(napi_get_value_int64(env, small, &l), napi_ok);
  CHECK_INT(l, -7);
  bool b;
  CHECK_INT(napi_get_value_bool(env, small, &b), napi_boolean_expected);
  napi_value object, read;
  CHECK_INT(napi_create_object(env, &object), napi_ok);
  CHECK_INT(napi_set_named_property(env, object, "n", small), napi_ok);
  CHECK_INT(napi_get_named_property(env, object, "n", &read), napi_ok);
  CHECK_INT(napi_get_value_int32(env, read, &i), napi_ok);
  CHECK_INT(i, -7);
  CHECK_INT(napi_wrap(env, small, NULL, NULL, NULL, NULL), napi_invalid_arg); /* as Node 20 */
  CHECK_STR(render(env, small), "-7");
  CHECK_STR(render(env, minus_zero), "-0");
  /* A reference to an immediate (refused below API version 10, as in Node; test_classes takes one under 10), an
   * escaped immediate, a thrown immediate. */
  napi_ref ref;
  CHECK_INT(napi_create_reference(env, small, 1, &ref), napi_invalid_arg);
  napi_escapable_handle_scope scope;
  napi_value escaped;
  CHECK_INT(napi_open_escapable_handle_scope(env, &scope), napi_ok);
  CHECK_INT(napi_escape_handle(env, scope, small, &escaped), napi_ok);
  CHECK_INT(napi_close_escapable_handle_scope(env, scope), napi_ok);
  CHECK(escaped == small);
  CHECK_INT(napi_throw(env, small), napi_ok);
  napi_value thrown;
  CHECK_INT(napi_get_and_clear_last_exception(env, &thrown), napi_ok);
  CHECK(thrown == small);
  frame_close(env, mark);
  CHECK_INT(env->live_values, live);
  env_close(env, 1000);
}

/* ---- The call gate: a getter on an export is addon code too ----------------------------------------------- */

static napi_value throwing_getter(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, "E_GETTER", "the getter refused");
  return NULL;
}

static napi_value plain_function(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_create_int32(env, 7, &v);
  return v;
}

/* Calling or reading an export whose getter throws: the exception is the answer, and nothing stays pending. */
void test_gate_getter_throws(void) {
  napi_env env = rt_env_new("gated", "/nowhere/libgated.so", 8);
  if (!CHECK(env != NULL)) {
    return;
  }
  size_t mark = frame_open(env);
  napi_property_descriptor props[] = {
      {"guarded", NULL, NULL, throwing_getter, NULL, NULL, napi_default, NULL},
      {"seven", NULL, plain_function, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK_INT(napi_define_properties(env, env->exports, 2, props), napi_ok);
  answer call = env_call(env, "guarded", 0, NULL);
  CHECK_INT(call.outcome, OUTCOME_THROWN);
  CHECK_STR(call.message, "the getter refused");
  CHECK_STR(call.code, "E_GETTER");
  CHECK(env->pending_exception == NULL);
  answer get = env_get(env, "guarded");
  CHECK_INT(get.outcome, OUTCOME_THROWN);
  CHECK(env->pending_exception == NULL);
  CHECK_STR(shown(env, CALL0(env, "seven")), "7"); /* the env is still usable */
  frame_close(env, mark);
  CHECK_INT(env->handle_count, 0);
  env_close(env, 1000);
}
