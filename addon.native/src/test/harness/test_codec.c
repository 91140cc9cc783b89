/*
 * The wire format between Java and C: arguments decoded from bytes as run_call does, results encoded back.
 * Bad input (truncated at every byte, unknown tags, nesting too deep) must fail cleanly and read nothing past
 * the end: each prefix is copied into a buffer of exactly its size so AddressSanitizer sees any overread.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "handles.h"

typedef struct writer {
  uint8_t data[512];
  size_t length;
} writer;

static void w_bytes(writer* w, const void* bytes, size_t n) {
  memcpy(w->data + w->length, bytes, n);
  w->length += n;
}

static void w_u8(writer* w, uint8_t v) {
  w_bytes(w, &v, 1);
}

static void w_u32(writer* w, uint32_t v) {
  w_bytes(w, &v, 4);
}

static void w_text(writer* w, const char* s) {
  w_u32(w, (uint32_t)strlen(s));
  w_bytes(w, s, strlen(s));
}

/* [undefined, null, false, true, -5, 2.5, -0.0, "héllo", [1, [2]], {a: 1, "b c": "x"}, bytes 00 ff] */
static void every_tag(writer* w) {
  w_u8(w, TAG_ARRAY);
  w_u32(w, 11);
  w_u8(w, TAG_UNDEFINED);
  w_u8(w, TAG_NULL);
  w_u8(w, TAG_FALSE);
  w_u8(w, TAG_TRUE);
  int32_t i = -5;
  w_u8(w, TAG_INT32);
  w_bytes(w, &i, 4);
  double d = 2.5, negative_zero = -0.0;
  w_u8(w, TAG_DOUBLE);
  w_bytes(w, &d, 8);
  w_u8(w, TAG_DOUBLE);
  w_bytes(w, &negative_zero, 8);
  w_u8(w, TAG_STRING);
  w_text(w, "h\xc3\xa9llo");
  w_u8(w, TAG_ARRAY);
  w_u32(w, 2);
  i = 1;
  w_u8(w, TAG_INT32);
  w_bytes(w, &i, 4);
  w_u8(w, TAG_ARRAY);
  w_u32(w, 1);
  i = 2;
  w_u8(w, TAG_INT32);
  w_bytes(w, &i, 4);
  w_u8(w, TAG_OBJECT);
  w_u32(w, 2);
  w_text(w, "a");
  i = 1;
  w_u8(w, TAG_INT32);
  w_bytes(w, &i, 4);
  w_text(w, "b c");
  w_u8(w, TAG_STRING);
  w_text(w, "x");
  w_u8(w, TAG_BYTES);
  w_u32(w, 2);
  w_bytes(w, "\x00\xff", 2);
}

/* Decodes exactly these bytes from a heap copy of their size; NULL and *error on failure. */
static napi_value decode(napi_env env, const uint8_t* bytes, size_t length, const char** error) {
  uint8_t* copy = malloc(length == 0 ? 1 : length);
  memcpy(copy, bytes, length);
  rt_reader in = {.p = copy, .remaining = length, .max_depth = HARNESS_MAX_DEPTH};
  napi_value v = rt_decode_value(env, &in, 0);
  rt_reader_free(&in);
  *error = in.error;
  if (v != NULL && in.remaining != 0) {
    *error = "bytes left over";
  }
  free(copy);
  return v;
}

void test_codec_round_trip(void) {
  napi_env env = rt_env_new("codec", "harness", 8);
  size_t baseline = env->live_values;
  writer w = {0};
  every_tag(&w);
  size_t mark = frame_open(env);
  const char* error = NULL;
  napi_value v = decode(env, w.data, w.length, &error);
  if (CHECK(v != NULL)) {
    CHECK_STR(render(env, v),
              "[undefined,null,false,true,-5,2.5,-0,\"h\xc3\xa9llo\",[1,[2]],{a:1,b c:\"x\"},bytes(00ff)]");
    rt_buf out = {0};
    char* problem = NULL;
    CHECK(rt_encode_value(env, &out, v, harness_limits, "result", &problem));
    free(problem);
    CHECK(!out.failed && out.length == w.length && memcmp(out.data, w.data, w.length) == 0); /* byte for byte */
    free(out.data);
  }
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline);
  env_close(env, 1000);

  /* An object with an accessor is not plain data: it crosses as a handle to the live object (object-model.md). */
  addon a;
  env = env_load(&a, "values", "values");
  if (env != NULL) {
    mark = frame_open(env);
    CHECK_STR(render(env, env->exports), "handle");
    frame_close(env, mark);
    env_close(env, 1000);
    addon_close(&a);
  }
}

void test_codec_bad_input(void) {
  napi_env env = rt_env_new("codec", "harness", 8);
  size_t baseline = env->live_values;
  writer w = {0};
  every_tag(&w);
  const char* error = NULL;
  /* Every proper prefix of a valid message is truncated: refused, and whatever was decoded is released. */
  for (size_t length = 0; length < w.length; length++) {
    size_t mark = frame_open(env);
    napi_value v = decode(env, w.data, length, &error);
    frame_close(env, mark);
    if (!CHECK(v == NULL && error != NULL && strcmp(error, "truncated argument data") == 0)) {
      break;
    }
  }
  CHECK_INT(env->live_values, baseline);

  size_t mark = frame_open(env);
  uint8_t unknown[] = {99};
  CHECK(decode(env, unknown, sizeof(unknown), &error) == NULL);
  CHECK_STR(error, "unknown value tag in argument data");
  /* An array claiming four billion elements, with one present. */
  uint8_t huge[] = {TAG_ARRAY, 0xff, 0xff, 0xff, 0xff, TAG_NULL};
  CHECK(decode(env, huge, sizeof(huge), &error) == NULL);
  CHECK_STR(error, "truncated argument data");
  /* A string claiming more bytes than there are. */
  uint8_t long_string[] = {TAG_STRING, 0xff, 0xff, 0xff, 0x7f, 'a'};
  CHECK(decode(env, long_string, sizeof(long_string), &error) == NULL);
  CHECK_STR(error, "truncated argument data");
  /* Nested deeper than HARNESS_MAX_DEPTH. */
  writer deep = {0};
  for (int i = 0; i < HARNESS_MAX_DEPTH + 2; i++) {
    w_u8(&deep, TAG_ARRAY);
    w_u32(&deep, 1);
  }
  w_u8(&deep, TAG_NULL);
  CHECK(decode(env, deep.data, deep.length, &error) == NULL);
  CHECK_STR(error, "argument nested too deeply");
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline);
  env_close(env, 1000);
}

/* Shared sub-values are written once and referred back to; a cycle or a value past a limit stops the encoding. */
void test_codec_graphs(void) {
  addon a;
  napi_env env = env_load(&a, "graphs", "graphs");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  answer self = env_call(env, "selfCycle", 0, NULL);
  if (CHECK_INT(self.outcome, OUTCOME_OK)) {
    rt_buf out = {0};
    char* problem = NULL;
    CHECK(!rt_encode_value(env, &out, self.value, harness_limits, "result", &problem));
    CHECK(problem != NULL && strstr(problem, "result.a refers back to result") != NULL);
    free(problem);
    free(out.data);
  }
  answer shared = env_call(env, "shared", 0, NULL);
  if (CHECK_INT(shared.outcome, OUTCOME_OK)) {
    rt_buf out = {0};
    char* problem = NULL;
    CHECK(rt_encode_value(env, &out, shared.value, harness_limits, "result", &problem));
    CHECK(problem == NULL);
    CHECK(memchr(out.data, TAG_REF, out.length) != NULL); /* the second occurrence is a back-reference */
    free(out.data);
  }
  napi_value depth = num(env, 200);
  answer deep = env_call(env, "deep", 1, &depth);
  if (CHECK_INT(deep.outcome, OUTCOME_OK)) {
    rt_buf out = {0};
    char* problem = NULL;
    rt_limits shallow = {10, 1000000, false};
    CHECK(!rt_encode_value(env, &out, deep.value, shallow, "result", &problem));
    CHECK(problem != NULL && strstr(problem, "10") != NULL);
    free(problem);
    free(out.data);
  }
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}

static napi_value no_op(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  return NULL;
}

/* Where the flag byte of rt_encode_exception's answer is: after name, message (strings) and an undefined code. */
static size_t thrown_flag_at(const rt_buf* out) {
  uint32_t name_length, message_length;
  memcpy(&name_length, out->data + 1, 4);
  memcpy(&message_length, out->data + 1 + 4 + name_length + 1, 4);
  return 1 + 4 + name_length + 1 + 4 + message_length + 1;
}

/*
 * The thrown value follows the exception's texts: flag 1 and the value, or flag 0 and nothing when it cannot be
 * converted (a cycle; a handle or a promise where the answer is read without the module's tables), which then
 * holds no handle entry.
 */
void test_codec_thrown_values(void) {
  addon a;
  napi_env env = env_load(&a, "graphs", "graphs");
  if (env == NULL) {
    return;
  }
  size_t mark = frame_open(env);
  rt_buf out = {0};
  napi_value number = num(env, 42);
  rt_encode_exception(env, &out, number, harness_limits);
  size_t flag_at = thrown_flag_at(&out);
  if (CHECK_INT((int)out.length, (int)flag_at + 6)) {
    CHECK_INT(out.data[flag_at], 1);
    CHECK_INT(out.data[flag_at + 1], TAG_INT32);
  }
  free(out.data);
  answer self = env_call(env, "selfCycle", 0, NULL);
  if (CHECK_INT(self.outcome, OUTCOME_OK)) {
    rt_buf cyclic = {0};
    rt_encode_exception(env, &cyclic, self.value, harness_limits);
    CHECK_INT((int)cyclic.length, (int)thrown_flag_at(&cyclic) + 1);
    CHECK_INT(cyclic.data[cyclic.length - 1], 0);
    free(cyclic.data);
  }
  napi_value object, function;
  CHECK_INT(napi_create_object(env, &object), napi_ok);
  CHECK_INT(napi_create_function(env, "f", NAPI_AUTO_LENGTH, no_op, NULL, &function), napi_ok);
  CHECK_INT(napi_set_named_property(env, object, "f", function), napi_ok);
  rt_buf refused = {0};
  rt_encode_exception(env, &refused, object, RT_THROWN_LIMITS_UNCONFIGURED);
  CHECK_INT(refused.data[refused.length - 1], 0);
  CHECK_INT((int)rt_handles_live(env), 0);
  free(refused.data);
  napi_deferred deferred;
  napi_value promise;
  CHECK_INT(napi_create_promise(env, &deferred, &promise), napi_ok);
  rt_buf no_promise = {0};
  rt_encode_exception(env, &no_promise, promise, RT_THROWN_LIMITS_UNCONFIGURED);
  CHECK_INT(no_promise.data[no_promise.length - 1], 0);
  free(no_promise.data);
  CHECK_INT(napi_resolve_deferred(env, deferred, number), napi_ok);
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}

/* A TAG_TYPED_ARRAY value: the kind, then 'length' bytes 0x10, 0x11... */
static void w_typed(writer* w, uint8_t kind, uint32_t length) {
  w_u8(w, TAG_TYPED_ARRAY);
  w_u8(w, kind);
  w_u32(w, length);
  for (uint32_t i = 0; i < length; i++) {
    w_u8(w, (uint8_t)(0x10 + i));
  }
}

/*
 * TAG_TYPED_ARRAY both ways: each kind decodes to a view of that kind over all of a fresh ArrayBuffer holding the
 * bytes, and encodes back byte for byte; views made by an addon send only the part of the ArrayBuffer they show,
 * nothing once it is detached; bad kinds and sizes are refused.
 */
void test_codec_typed_arrays(void) {
  static const size_t sizes[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8};
  napi_env env = rt_env_new("codec", "harness", 8);
  size_t baseline = env->live_values;
  const char* error = NULL;
  for (int kind = 0; kind <= 11; kind++) {
    bool data_view = kind == 11;
    uint8_t wire = data_view ? RT_WIRE_DATA_VIEW : (uint8_t)kind;
    size_t size = data_view ? 1 : sizes[kind];
    writer w = {0};
    w_typed(&w, wire, (uint32_t)(2 * size));
    size_t mark = frame_open(env);
    napi_value v = decode(env, w.data, w.length, &error);
    if (!CHECK(v != NULL)) {
      frame_close(env, mark);
      continue;
    }
    bool is_typed = false, is_view = false;
    napi_is_typedarray(env, v, &is_typed);
    napi_is_dataview(env, v, &is_view);
    CHECK(is_typed == !data_view && is_view == data_view);
    size_t length = 0, offset = 99, buffer_length = 0;
    void* data = NULL;
    void* buffer_data = NULL;
    napi_value arraybuffer = NULL;
    napi_typedarray_type type = napi_int8_array;
    if (data_view) {
      CHECK_INT(napi_get_dataview_info(env, v, &length, &data, &arraybuffer, &offset), napi_ok);
      CHECK_INT(length, 2);
    } else {
      CHECK_INT(napi_get_typedarray_info(env, v, &type, &length, &data, &arraybuffer, &offset), napi_ok);
      CHECK_INT(type, kind);
      CHECK_INT(length, 2);
    }
    CHECK_INT(offset, 0);
    CHECK_INT(napi_get_arraybuffer_info(env, arraybuffer, &buffer_data, &buffer_length), napi_ok);
    CHECK_INT(buffer_length, 2 * size);
    CHECK(data != NULL && memcmp(data, w.data + 6, 2 * size) == 0);
    rt_buf out = {0};
    char* problem = NULL;
    CHECK(rt_encode_value(env, &out, v, harness_limits, "result", &problem));
    CHECK(!out.failed && out.length == w.length && memcmp(out.data, w.data, w.length) == 0);
    free(problem);
    free(out.data);
    frame_close(env, mark);
  }

  /* An int16 view sent twice is one value: the second is a reference. */
  writer twice = {0};
  w_u8(&twice, TAG_ARRAY);
  w_u32(&twice, 2);
  w_typed(&twice, RT_CONTRACT(TYPED_INT16), 4);
  w_u8(&twice, TAG_REF);
  w_u32(&twice, 1);
  size_t mark = frame_open(env);
  napi_value pair = decode(env, twice.data, twice.length, &error);
  if (CHECK(pair != NULL)) {
    napi_value first, second;
    bool same = false;
    napi_get_element(env, pair, 0, &first);
    napi_get_element(env, pair, 1, &second);
    napi_strict_equals(env, first, second, &same);
    CHECK(same);
    CHECK_STR(render(env, pair), "[Int16Array(10111213),ref(1)]"); /* sent once */
  }

  /* Every proper prefix is truncated; a bad kind or a partial element is refused. */
  writer w = {0};
  w_typed(&w, RT_CONTRACT(TYPED_FLOAT64), 16);
  for (size_t length = 0; length < w.length; length++) {
    if (!CHECK(decode(env, w.data, length, &error) == NULL && error != NULL &&
               strcmp(error, "truncated argument data") == 0)) {
      break;
    }
  }
  writer bad = {0};
  w_typed(&bad, 11, 2); /* 11: no napi_typedarray_type, and not the DataView's number */
  CHECK(decode(env, bad.data, bad.length, &error) == NULL);
  CHECK_STR(error, "unknown typed array kind in argument data");
  writer partial = {0};
  w_typed(&partial, RT_CONTRACT(TYPED_INT32), 6);
  CHECK(decode(env, partial.data, partial.length, &error) == NULL);
  CHECK_STR(error, "typed array data that is not a whole number of elements in argument data");
  frame_close(env, mark);
  CHECK_INT(env->live_values, baseline);
  env_close(env, 1000);

  /* Views an addon makes: at byte offset 8 of a larger ArrayBuffer whose byte j is 0x80 + j. */
  addon a;
  env = env_load(&a, "valuetypes", "valuetypes");
  if (env == NULL) {
    return;
  }
  mark = frame_open(env);
  napi_value int32_by_2[] = {num(env, 5), num(env, 2)};
  CHECK_STR(render(env, env_call(env, "makeTyped", 2, int32_by_2).value), "Int32Array(88898a8b8c8d8e8f)");
  napi_value view_of_3[] = {num(env, 11), num(env, 3)};
  CHECK_STR(render(env, env_call(env, "makeTyped", 2, view_of_3).value), "DataView(88898a)");
  napi_value biguint64_by_1[] = {num(env, 10), num(env, 1)};
  CHECK_STR(render(env, env_call(env, "makeTyped", 2, biguint64_by_1).value), "BigUint64Array(88898a8b8c8d8e8f)");
  napi_value empty[] = {num(env, 1), num(env, 0)};
  CHECK_STR(render(env, env_call(env, "makeTyped", 2, empty).value), "Uint8Array()");
  napi_value float32[] = {num(env, 7)};
  CHECK_STR(render(env, env_call(env, "makeDetached", 1, float32).value), "Float32Array()");
  napi_value data_view[] = {num(env, 11)};
  CHECK_STR(render(env, env_call(env, "makeDetached", 1, data_view).value), "DataView()");
  frame_close(env, mark);
  env_close(env, 1000);
  addon_close(&a);
}
