/*
 * The table of values Java holds handles to (handles.c): one id per value while its entry lives, a count of sends
 * that releases give back exactly, stale ids refused, every entry released by teardown (once: the sanitizer run
 * catches a double free or a leak).
 */
#include <stdlib.h>

#include "handles.h"
#include "harness.h"

static void count_finalizer(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  (*(int*)data)++;
}

static napi_value external(napi_env env, int* finalized) {
  napi_value v = NULL;
  napi_create_external(env, finalized, count_finalizer, NULL, &v);
  return v;
}

void test_handles_table(void) {
  napi_env env = rt_env_new("handles", "harness", 8);
  int a_freed = 0, b_freed = 0, c_freed = 0;
  size_t mark = frame_open(env);
  napi_value a = external(env, &a_freed), b = external(env, &b_freed);
  uint64_t id_a = rt_handles_send(env, a);
  CHECK(id_a != 0);
  CHECK(rt_handles_send(env, a) == id_a); /* the same value, the same id: two sends */
  uint64_t id_b = rt_handles_send(env, b);
  CHECK(id_b != id_a);
  CHECK_INT(rt_handles_live(env), 2);
  CHECK(rt_handles_value(env, id_a) == a);
  frame_close(env, mark); /* only the table holds a and b now */
  CHECK_INT(a_freed + b_freed, 0);

  /* A release gives back what one Java handle received; the entry goes with the last send. */
  CHECK(!rt_handles_give_back(env, id_a, 3)); /* more than was sent: refused, nothing changes */
  CHECK(rt_handles_give_back(env, id_a, 1));
  CHECK_INT(a_freed, 0);
  CHECK(rt_handles_value(env, id_a) == a);
  CHECK(rt_handles_give_back(env, id_a, 1));
  CHECK_INT(a_freed, 1);
  CHECK(rt_handles_value(env, id_a) == NULL);
  CHECK(!rt_handles_give_back(env, id_a, 1)); /* a stale id */
  CHECK(!rt_handles_give_back(env, 0, 1));
  CHECK(rt_handles_value(env, 12345) == NULL);

  /* The freed slot is reused with another generation: the old id does not name the new value. */
  mark = frame_open(env);
  napi_value c = external(env, &c_freed);
  uint64_t id_c = rt_handles_send(env, c);
  frame_close(env, mark);
  CHECK(id_c != id_a && (uint32_t)id_c == (uint32_t)id_a);
  CHECK(rt_handles_value(env, id_a) == NULL);
  CHECK(rt_handles_value(env, id_c) == c);

  /* Many values: the index grows and finds each one again. */
  mark = frame_open(env);
  uint64_t ids[100];
  napi_value values[100];
  for (int i = 0; i < 100; i++) {
    napi_create_object(env, &values[i]);
    ids[i] = rt_handles_send(env, values[i]);
  }
  frame_close(env, mark);
  bool all_found = true;
  for (int i = 0; i < 100; i++) {
    all_found = all_found && rt_handles_send(env, values[i]) == ids[i] && rt_handles_give_back(env, ids[i], 1);
  }
  CHECK(all_found);
  for (int i = 0; i < 50; i++) {
    rt_handles_give_back(env, ids[i], 1);
  }
  CHECK_INT(rt_handles_live(env), 52); /* b, c and 50 objects */

  /* Teardown releases every entry (b, c and the objects), each value once. */
  env_close(env, 1000);
  CHECK_INT(b_freed, 1);
  CHECK_INT(c_freed, 1);
}
