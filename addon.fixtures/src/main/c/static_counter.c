/*
 * Fixture "static_counter": the reference page's "recipe for disaster", kept on purpose. State lives in C
 * statics, so every context sharing a mapping of this file shares it; isolated contexts each get their own.
 * Also measures concurrency: how many threads were inside this mapping, and inside one context, at once.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <node_api.h>

static int counter;                 /* shared by every context of this mapping */
static atomic_int inside_mapping;   /* threads inside spin() in any context of this mapping */
static atomic_int most_in_mapping;

typedef struct {
  atomic_int inside; /* threads inside spin() in this context */
  atomic_int most;
} PerContext;

static napi_value Increment(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, ++counter, &result);
  return result;
}

static void record_max(atomic_int* most, int now) {
  int seen = atomic_load(most);
  while (now > seen && !atomic_compare_exchange_weak(most, &seen, now)) {
  }
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Busy for the given milliseconds, counting who else is busy at the same time. */
static napi_value Spin(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double ms = 0;
  napi_get_value_double(env, argv[0], &ms);
  PerContext* mine;
  napi_get_instance_data(env, (void**)&mine);
  record_max(&mine->most, atomic_fetch_add(&mine->inside, 1) + 1);
  record_max(&most_in_mapping, atomic_fetch_add(&inside_mapping, 1) + 1);
  double until = now_ms() + ms;
  volatile uint64_t work = 0;
  while (now_ms() < until) {
    work++;
  }
  atomic_fetch_sub(&inside_mapping, 1);
  atomic_fetch_sub(&mine->inside, 1);
  napi_value result;
  napi_create_int32(env, atomic_load(&mine->most), &result);
  return result;
}

static napi_value MostInMapping(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, atomic_load(&most_in_mapping), &result);
  return result;
}

static napi_value Add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t a = 0, b = 0;
  napi_get_value_int32(env, argv[0], &a);
  napi_get_value_int32(env, argv[1], &b);
  napi_value result;
  napi_create_int32(env, a + b, &result);
  return result;
}

static void FreePerContext(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

NAPI_MODULE_INIT(/* env, exports */) {
  PerContext* mine = calloc(1, sizeof(*mine));
  napi_set_instance_data(env, mine, FreePerContext, NULL);
  napi_property_descriptor props[] = {
      {"increment", NULL, Increment, NULL, NULL, NULL, napi_default, NULL},
      {"spin", NULL, Spin, NULL, NULL, NULL, napi_default, NULL},
      {"mostInMapping", NULL, MostInMapping, NULL, NULL, NULL, napi_default, NULL},
      {"add", NULL, Add, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 4, props);
  return exports;
}
