/* Loading: inits that throw or fail, files that are no addons, legacy registration, statics shared by a mapping. */
#include <string.h>

#include "harness.h"

void test_loading_failures(void) {
  addon a;
  CHECK(!addon_open(&a, "noinit"));
  CHECK_STR(a.error, "no init symbol: the library neither exports napi_register_module_v1 (NAPI_MODULE_INIT / "
                     "NAPI_MODULE) nor calls napi_module_register while loading");
  CHECK(!addon_open(&a, "null_register"));
  CHECK_STR(a.error, "the module registered through napi_module_register with a NULL nm_register_func: there is "
                     "no init to run");
  CHECK(!addon_open(&a, "notalibrary"));
  CHECK(strstr(a.error, "libnotalibrary.so") != NULL);
  CHECK(!addon_open(&a, "future_version"));
  CHECK_STR(a.error, "the module was built for Node-API version 10; this runtime supports up to 9");

  /* An init that throws: the exception is the answer; the context is then torn down like any other. */
  if (CHECK(addon_open(&a, "throwing_init"))) {
    napi_env env = env_create(&a, "throwing");
    size_t mark = frame_open(env);
    answer init = env_init(env, &a);
    frame_close(env, mark);
    CHECK_INT(init.outcome, OUTCOME_THROWN);
    CHECK_STR(init.name, "Error");
    CHECK_STR(init.message, "init refused: no licence");
    CHECK_STR(init.code, "E_NO_LICENCE");
    CHECK_INT(env_close(env, 1000).hooks_run, 0);
    addon_close(&a);
  }
  /* An init that gives up after a failed call: a failure, with the status it saw. */
  if (CHECK(addon_open(&a, "failing_init"))) {
    napi_env env = env_create(&a, "failing");
    size_t mark = frame_open(env);
    answer init = env_init(env, &a);
    frame_close(env, mark);
    CHECK_INT(init.outcome, OUTCOME_FAILED);
    CHECK_STR(init.message, "init returned no exports after a Node-API call failed with status 1 (Invalid argument)");
    env_close(env, 1000);
    addon_close(&a);
  }
}

void test_legacy_and_static_counter(void) {
  addon a;
  napi_env env = env_load(&a, "legacy", "legacy");
  if (env != NULL) {
    size_t mark = frame_open(env);
    CHECK_STR(render(env, env_call(env, "hello", 0, NULL).value), "\"hello from a legacy module\"");
    frame_close(env, mark);
    env_close(env, 1000);
    addon_close(&a);
  }

  /* Two contexts on one mapping share its C statics (the "recipe for disaster" the docs warn about). */
  addon b, c;
  napi_env one = env_load(&b, "static_counter", "one");
  napi_env two = env_load(&c, "static_counter", "two");
  if (one == NULL || two == NULL) {
    return;
  }
  size_t m1 = frame_open(one), m2 = frame_open(two);
  CHECK_STR(render(one, env_call(one, "increment", 0, NULL).value), "1");
  CHECK_STR(render(two, env_call(two, "increment", 0, NULL).value), "2");
  napi_value argv[] = {num(one, 20), num(one, 22)};
  CHECK_STR(render(one, env_call(one, "add", 2, argv).value), "42");
  napi_value zero[] = {num(two, 0)};
  CHECK_STR(render(two, env_call(two, "spin", 1, zero).value), "1");
  frame_close(one, m1);
  frame_close(two, m2);
  CHECK_INT(env_close(one, 1000).finalizers_run, 1);
  CHECK_INT(env_close(two, 1000).finalizers_run, 1);
  addon_close(&b);
  addon_close(&c);
}
