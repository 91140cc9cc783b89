/*
 * BigInts: sign and magnitude, the magnitude as 64-bit words (least significant first, no leading zero words, none
 * at all for 0n), as napi_create_bigint_words takes them. No arithmetic: addons only make and read them.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "valuetypes.h"

napi_value rt_make_bigint(napi_env env, bool negative, const uint64_t* words, size_t count) {
  while (count > 0 && words[count - 1] == 0) {
    count--;
  }
  napi_value v = rt_alloc(env, napi_bigint, 0);
  if (v == NULL) {
    return NULL;
  }
  v->u.bigint.words = NULL;
  v->u.bigint.count = count;
  v->u.bigint.negative = negative && count > 0; /* there is no -0n */
  if (count > 0) {
    v->u.bigint.words = malloc(count * sizeof(uint64_t));
    if (v->u.bigint.words == NULL) {
      rt_release(env, v);
      return NULL;
    }
    memcpy(v->u.bigint.words, words, count * sizeof(uint64_t));
  }
  return rt_new_handle(env, v);
}

static napi_status finish(napi_env env, napi_value v, napi_value* result) {
  *result = v;
  return v == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_create_bigint_int64(napi_env env, int64_t value, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
  return finish(env, rt_make_bigint(env, value < 0, &magnitude, 1), result);
}

napi_status NAPI_CDECL napi_create_bigint_uint64(napi_env env, uint64_t value, napi_value* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, result);
  return finish(env, rt_make_bigint(env, false, &value, 1), result);
}

/* V8's limit (BigInt::kMaxLengthBits = 2^30): more words throw a RangeError. */
#define MAX_BIGINT_WORDS ((size_t)1 << 24)

napi_status NAPI_CDECL napi_create_bigint_words(napi_env env, int sign_bit, size_t word_count, const uint64_t* words,
                                                napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, words);
  CHECK_ARG(env, result);
  if (word_count > INT_MAX) {
    return rt_set_error(env, napi_invalid_arg);
  }
  if (word_count > MAX_BIGINT_WORDS) {
    napi_throw_range_error(env, NULL, "Maximum BigInt size exceeded");
    return rt_set_error(env, napi_pending_exception);
  }
  return finish(env, rt_make_bigint(env, sign_bit != 0, words, word_count), result);
}

static napi_status bigint_of(napi_env env, napi_value value) {
  CHECK_ENV(env);
  CHECK_ARG(env, value);
  if (rt_type(value) != napi_bigint) {
    return rt_set_error(env, napi_bigint_expected);
  }
  return napi_ok;
}

/* The low 64 bits of the two's complement, as BigInt.asUintN(64, value). */
static uint64_t low_word(napi_value v) {
  uint64_t low = v->u.bigint.count > 0 ? v->u.bigint.words[0] : 0;
  return v->u.bigint.negative ? 0 - low : low;
}

napi_status NAPI_CDECL napi_get_value_bigint_int64(napi_env env, napi_value value, int64_t* result, bool* lossless) {
  napi_status status = bigint_of(env, value);
  if (status != napi_ok) {
    return status;
  }
  CHECK_ARG(env, result);
  CHECK_ARG(env, lossless);
  uint64_t low = low_word(value);
  *result = (int64_t)low;
  size_t count = value->u.bigint.count;
  uint64_t magnitude = count > 0 ? value->u.bigint.words[0] : 0;
  *lossless = count <= 1 && (value->u.bigint.negative ? magnitude <= (uint64_t)1 << 63 : magnitude < (uint64_t)1 << 63);
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_value_bigint_uint64(napi_env env, napi_value value, uint64_t* result,
                                                    bool* lossless) {
  napi_status status = bigint_of(env, value);
  if (status != napi_ok) {
    return status;
  }
  CHECK_ARG(env, result);
  CHECK_ARG(env, lossless);
  *result = low_word(value);
  *lossless = value->u.bigint.count <= 1 && !value->u.bigint.negative;
  return rt_clear_error(env);
}

/*
 * As Node: with sign_bit and words both NULL, only *word_count is set (to the count needed); otherwise up to
 * *word_count words are written and *word_count becomes the count the value has.
 */
napi_status NAPI_CDECL napi_get_value_bigint_words(napi_env env, napi_value value, int* sign_bit, size_t* word_count,
                                                   uint64_t* words) {
  napi_status status = bigint_of(env, value);
  if (status != napi_ok) {
    return status;
  }
  CHECK_ARG(env, word_count);
  size_t count = value->u.bigint.count;
  if (sign_bit == NULL && words == NULL) {
    *word_count = count;
    return rt_clear_error(env);
  }
  CHECK_ARG(env, sign_bit);
  CHECK_ARG(env, words);
  size_t n = *word_count < count ? *word_count : count;
  if (n > 0) {
    memcpy(words, value->u.bigint.words, n * sizeof(uint64_t));
  }
  *sign_bit = value->u.bigint.negative ? 1 : 0;
  *word_count = count;
  return rt_clear_error(env);
}

bool rt_bigint_equals(napi_value a, napi_value b) {
  return a->u.bigint.negative == b->u.bigint.negative && a->u.bigint.count == b->u.bigint.count &&
         (a->u.bigint.count == 0 || memcmp(a->u.bigint.words, b->u.bigint.words, a->u.bigint.count * 8) == 0);
}

/* Decimal digits by repeated division of the magnitude by 10^19 (one word at a time). */
char* rt_bigint_to_string(napi_value v, size_t* length) {
  size_t count = v->u.bigint.count;
  size_t cap = count * 20 + 2;
  char* text = malloc(cap + 1);
  uint64_t* work = count > 0 ? malloc(count * sizeof(uint64_t)) : NULL;
  if (text == NULL || (count > 0 && work == NULL)) {
    free(text);
    free(work);
    return NULL;
  }
  if (count > 0) {
    memcpy(work, v->u.bigint.words, count * sizeof(uint64_t));
  }
  size_t pos = cap; /* digits are written backwards from the end */
  text[pos] = '\0';
  size_t live = count;
  const uint64_t chunk = 10000000000000000000u; /* 10^19 */
  do {
    unsigned __int128 rem = 0;
    for (size_t i = live; i-- > 0;) {
      unsigned __int128 cur = (rem << 64) | work[i];
      work[i] = (uint64_t)(cur / chunk);
      rem = cur % chunk;
    }
    while (live > 0 && work[live - 1] == 0) {
      live--;
    }
    uint64_t part = (uint64_t)rem;
    for (int d = 0; d < 19 && (live > 0 || part > 0 || d == 0); d++) {
      text[--pos] = (char)('0' + part % 10);
      part /= 10;
    }
  } while (live > 0);
  if (v->u.bigint.negative) {
    text[--pos] = '-';
  }
  *length = cap - pos;
  memmove(text, text + pos, *length + 1);
  free(work);
  return text;
}
