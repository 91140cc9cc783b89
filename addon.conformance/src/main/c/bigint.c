/* Area "BigInt": creation from int64/uint64/words, the getters with their lossless flags, wrong types. */
#include "conformance.h"

static void observe(napi_env env) {
  napi_value v;
  int64_t i64 = 0;
  uint64_t u64 = 0;
  bool lossless = false;
  OBSV("create_bigint_int64(-5)", napi_create_bigint_int64(env, -5, &v), v);
  OBSF("get_value_bigint_int64", napi_get_value_bigint_int64(env, v, &i64, &lossless), "%lld lossless %d",
       (long long)i64, lossless);
  OBSF("get_value_bigint_uint64(-5)", napi_get_value_bigint_uint64(env, v, &u64, &lossless), "%llu lossless %d",
       (unsigned long long)u64, lossless);
  OBSV("create_bigint_uint64(UINT64_MAX)", napi_create_bigint_uint64(env, UINT64_MAX, &v), v);
  OBSF("get_value_bigint_int64(UINT64_MAX)", napi_get_value_bigint_int64(env, v, &i64, &lossless), "%lld lossless %d",
       (long long)i64, lossless);
  OBSF("get_value_bigint_uint64(UINT64_MAX)", napi_get_value_bigint_uint64(env, v, &u64, &lossless),
       "%llu lossless %d", (unsigned long long)u64, lossless);
  static const uint64_t words[] = {1, 2, 0};
  OBSV("create_bigint_words(-, {1, 2, 0})", napi_create_bigint_words(env, 1, 3, words, &v), v);
  int sign = 0;
  size_t count = 0;
  OBSF("get_value_bigint_words(count only)", napi_get_value_bigint_words(env, v, NULL, &count, NULL), "count %zu",
       count);
  uint64_t out[4] = {0, 0, 0, 0};
  count = 4;
  OBSF("get_value_bigint_words", napi_get_value_bigint_words(env, v, &sign, &count, out),
       "sign %d, count %zu, words %llu %llu", sign, count, (unsigned long long)out[0], (unsigned long long)out[1]);
  count = 1;
  OBSF("get_value_bigint_words(room for 1)", napi_get_value_bigint_words(env, v, &sign, &count, out),
       "sign %d, count %zu, word %llu", sign, count, (unsigned long long)out[0]);
  OBSF("get_value_bigint_int64(words value)", napi_get_value_bigint_int64(env, v, &i64, &lossless),
       "%lld lossless %d", (long long)i64, lossless);
  OBSV("create_bigint_words(count > INT_MAX)", napi_create_bigint_words(env, 0, (size_t)INT32_MAX + 1, words, &v), v);
  OBSV("create_bigint_words(0 words)", napi_create_bigint_words(env, 0, 0, words, &v), v);
  OBSF("get_value_bigint_int64(number)", napi_get_value_bigint_int64(env, num(env, 1), &i64, &lossless), "%lld",
       (long long)i64);
  OBSF("get_value_bigint_words(string)", napi_get_value_bigint_words(env, str(env, "1"), &sign, &count, out),
       "%zu", count);
  napi_valuetype type;
  napi_create_bigint_int64(env, 1, &v);
  OBSF("typeof bigint", napi_typeof(env, v, &type), "%d", (int)type);
  double d;
  OBSF("get_value_double(bigint)", napi_get_value_double(env, v, &d), "%g", d);
}
