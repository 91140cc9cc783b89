/*
 * Java functions as JavaScript functions (javafunctions.c) without a JVM: a fake host stands for bridge.c's calls
 * into Java. The "callbacks" fixture calls them; the checks are the runtime's half of CallbacksTest: identity while
 * the addon holds a function, the finalizer telling the host once the value is freed (and not during teardown),
 * an exception of the host pending in the addon, and no call at all once the context is closing.
 */
#include <string.h>

#include "harness.h"
#include "javafunctions.h"

#define THROWING_ID 99

static struct {
  int calls;
  uint64_t last_id;
  size_t last_argc;
  char last_args[256];
  uint64_t released[16];
  int released_count;
  napi_valuetype last_this; /* the receiver the last Java function saw */
} fake;

/* Answers its argument count; THROWING_ID throws instead, as a Java exception would. */
static napi_value fake_call(napi_env env, uint64_t id, napi_value this_arg, size_t argc, napi_value* argv,
                            rt_limits limits) {
  (void)limits;
  fake.calls++;
  fake.last_this = rt_type(this_arg);
  fake.last_id = id;
  fake.last_argc = argc;
  fake.last_args[0] = '\0';
  for (size_t i = 0; i < argc; i++) {
    strncat(fake.last_args, render(env, argv[i]), sizeof(fake.last_args) - strlen(fake.last_args) - 2);
    strcat(fake.last_args, ";");
  }
  if (id == THROWING_ID) {
    napi_throw_error(env, "E_JAVA", "thrown by Java");
    return NULL;
  }
  return num(env, (double)argc);
}

static void fake_released(napi_env env, uint64_t id) {
  (void)env;
  if (fake.released_count < 16) {
    fake.released[fake.released_count++] = id;
  }
}

static const rt_java_host fake_host = {fake_call, fake_released};

/* The bytes Java writes for a Java function, read as bridge.c reads arguments. */
static napi_value java_function(napi_env env, uint64_t id) {
  uint8_t bytes[9] = {TAG_JAVA_FUNCTION};
  memcpy(bytes + 1, &id, 8);
  rt_reader in = {.p = bytes, .remaining = sizeof(bytes), .max_depth = HARNESS_MAX_DEPTH,
                  .max_values = harness_limits.max_values, .java_host = &fake_host};
  napi_value f = rt_decode_value(env, &in, 0);
  rt_reader_free(&in);
  return f;
}

void test_java_functions(void) {
  memset(&fake, 0, sizeof(fake));
  addon a;
  napi_env env = env_load(&a, "callbacks", "java functions");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  napi_value f = java_function(env, 7);
  CHECK(f != NULL);
  CHECK(rt_type(f) == napi_function);
  CHECK(java_function(env, 7) == f); /* the same id is the same value while it lives */
  CHECK(java_function(env, 8) != f);
  CHECK_INT(rt_java_function_count(env), 2);
  CHECK_STR(render(env, f), "java function 7"); /* back to Java as itself */

  napi_value args[3] = {f, num(env, 5), str(env, "x")};
  answer r = env_call(env, "callWith", 3, args);
  CHECK_INT(r.outcome, OUTCOME_OK);
  CHECK_STR(render(env, r.value), "2");
  CHECK_INT(fake.last_id, 7);
  CHECK_STR(fake.last_args, "5;\"x\";");

  napi_value throwing[1] = {java_function(env, THROWING_ID)};
  r = env_call(env, "catchFrom", 1, throwing);
  CHECK_INT(r.outcome, OUTCOME_OK);
  CHECK_STR(render(env, r.value), "{caught:true,error:{name:\"Error\",message:\"thrown by Java\",code:\"E_JAVA\"},"
                                  "status:10}");
  r = env_call(env, "callWith", 1, throwing);
  CHECK_INT(r.outcome, OUTCOME_THROWN);
  CHECK_STR(r.message, "thrown by Java");
  CHECK_STR(r.code, "E_JAVA");

  napi_value stored[1] = {java_function(env, 9)};
  CHECK_INT(env_call(env, "store", 1, stored).outcome, OUTCOME_OK);
  CHECK_INT(env_call(env, "callStoredAtClose", 0, NULL).outcome, OUTCOME_OK);
  frame_close(env, mark);
  /* Freed with the frame's handles: the host heard of each once; the stored one lives on. */
  CHECK_INT(fake.released_count, 3);
  CHECK_INT(rt_java_function_count(env), 1);

  int calls = fake.calls;
  closed c = env_close(env, 1000);
  CHECK_INT(fake.calls, calls); /* the cleanup hook's call was refused: the context is closing */
  CHECK(strstr(c.warnings, "the context is closing") != NULL);
  CHECK_INT(fake.released_count, 3); /* teardown does not report: Java lets go of all at once */
  addon_close(&a);
}

/* An addon's own function: answers its receiver. */
static napi_value receiver(napi_env env, napi_callback_info info) {
  napi_value this_arg = NULL;
  napi_get_cb_info(env, info, NULL, NULL, &this_arg, NULL);
  return this_arg;
}

/* The receiver a function made by napi_create_function gets from napi_call_function with this undefined. */
static bool sees_global_for_undefined(napi_env env, napi_value f) {
  napi_value this_arg = NULL, global = NULL;
  bool same = false;
  napi_value undefined = NULL;
  napi_get_undefined(env, &undefined);
  return napi_call_function(env, undefined, f, 0, NULL, &this_arg) == napi_ok &&
         napi_get_global(env, &global) == napi_ok && napi_strict_equals(env, this_arg, global, &same) == napi_ok &&
         same;
}

/*
 * The strict flag of function values: a Java function is made strict (it sees the receiver as passed, as a
 * 'use strict' JavaScript function in Node), an addon's own function is sloppy (the global object for undefined,
 * a primitive's wrapper object), and a value struct recycled from a freed Java function is sloppy again.
 */
void test_strict_functions(void) {
  memset(&fake, 0, sizeof(fake));
  addon a;
  napi_env env = env_load(&a, "callbacks", "strict functions");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  napi_value java = java_function(env, 11);
  CHECK(java != NULL && java->strict);
  napi_value args[2] = {java, NULL};
  CHECK_INT(env_call(env, "callWith", 1, args).outcome, OUTCOME_OK);
  CHECK_INT(fake.last_this, napi_undefined); /* not the global object */
  args[0] = num(env, 5);
  args[1] = java;
  CHECK_INT(env_call(env, "callOn", 2, args).outcome, OUTCOME_OK);
  CHECK_INT(fake.last_this, napi_number); /* not a Number object */

  napi_value own = NULL;
  CHECK_INT(napi_create_function(env, "own", NAPI_AUTO_LENGTH, receiver, NULL, &own), napi_ok);
  CHECK(!own->strict);
  CHECK(sees_global_for_undefined(env, own));
  frame_close(env, mark);
  CHECK_INT(fake.released_count, 1); /* the Java function's value was freed: its struct is recycled */

  mark = frame_open(env);
  bool recycled = false;
  for (int i = 0; i < 32 && !recycled; i++) {
    napi_value f = NULL;
    CHECK_INT(napi_create_function(env, "again", NAPI_AUTO_LENGTH, receiver, NULL, &f), napi_ok);
    if (f == java) { /* the freed Java function's struct, taken from the env's free list */
      recycled = true;
      CHECK(!f->strict);
      CHECK(sees_global_for_undefined(env, f));
    }
  }
  CHECK(recycled);
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}
