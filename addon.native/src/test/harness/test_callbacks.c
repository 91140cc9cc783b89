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
} fake;

/* Answers its argument count; THROWING_ID throws instead, as a Java exception would. */
static napi_value fake_call(napi_env env, uint64_t id, napi_value this_arg, size_t argc, napi_value* argv,
                            rt_limits limits) {
  (void)this_arg;
  (void)limits;
  fake.calls++;
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
