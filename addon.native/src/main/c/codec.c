/* Encoding values for Java and decoding Java's arguments; see codec.h for the format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "loop.h"
#include "javafunctions.h"
#include "handles.h"
#include "valuetypes.h"

static void grow(rt_buf* b, size_t extra) {
  size_t cap = b->cap == 0 ? 256 : b->cap;
  while (cap < b->length + extra) {
    cap *= 2;
  }
  uint8_t* grown = b->borrowed ? malloc(cap) : realloc(b->data, cap);
  if (grown == NULL) {
    b->failed = true;
    return;
  }
  if (b->borrowed) {
    memcpy(grown, b->data, b->length);
    b->borrowed = false;
  }
  b->data = grown;
  b->cap = cap;
}

/* Inline, with put: writing a tag or a number is then a store, not a call of memcpy. */
static inline void reserve(rt_buf* b, size_t extra) {
  if (!b->failed && b->length + extra > b->cap) {
    grow(b, extra);
  }
}

static inline void put(rt_buf* b, const void* bytes, size_t n) {
  reserve(b, n);
  if (!b->failed && n > 0) { /* n == 0: bytes may be NULL (a detached view, 0n) */
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
  }
}

void rt_buf_u8(rt_buf* b, uint8_t v) {
  put(b, &v, 1);
}

void rt_buf_u32(rt_buf* b, uint32_t v) {
  put(b, &v, 4);
}

void rt_buf_string(rt_buf* b, const char* s, size_t length) {
  rt_buf_u8(b, TAG_STRING);
  rt_buf_u32(b, (uint32_t)length);
  put(b, s, length);
}

static void put_key(rt_buf* b, const char* key) {
  size_t length = strlen(key);
  rt_buf_u32(b, (uint32_t)length);
  put(b, key, length);
}

static void encode_number(rt_buf* out, double d) {
  /* Integral values in int32 range travel as int32 (Java Integer); everything else as a double. */
  if (d >= -2147483648.0 && d <= 2147483647.0 && d == (double)(int32_t)d && !(d == 0 && 1 / d < 0)) {
    int32_t i = (int32_t)d;
    rt_buf_u8(out, TAG_INT32);
    put(out, &i, 4);
  } else {
    rt_buf_u8(out, TAG_DOUBLE);
    put(out, &d, 8);
  }
}

static bool is_error_key(const char* key) {
  return strcmp(key, "name") == 0 || strcmp(key, "message") == 0;
}

/* ---- Encoding a value for Java ----------------------------------------------------------------------------- */

#define OPEN_NONE UINT32_MAX /* seen_entry.open_depth of a value sent in full */
#define INLINE_SEEN 16       /* small results need no heap for the bookkeeping */
#define INLINE_STEPS 16
#define PATH_SHOWN_MAX 400   /* longer paths are shown as their root, "...", and their end */

/* A value sent in full, by pointer: what TAG_REF points at, or an ancestor still being sent (a cycle). */
typedef struct seen_entry {
  napi_value value; /* NULL: a free slot */
  uint32_t number;
  uint32_t open_depth; /* the depth it is being sent at, OPEN_NONE once it is done */
} seen_entry;

/* One step of the path to the value being sent, for messages: a key already written to out, or an index. */
typedef struct path_step {
  size_t key_at; /* offset of the key's bytes in out; SIZE_MAX for an array index */
  uint32_t key_length;
  uint32_t index;
} path_step;

typedef struct encoder {
  napi_env env;
  rt_buf* out;
  rt_limits limits;
  const char* root;
  uint64_t values;
  uint32_t next_number;
  seen_entry* seen; /* open addressing, a power of two; inline_seen until it outgrows it */
  uint32_t seen_cap, seen_count;
  path_step* path; /* path[d]: from the container at depth d to its child being sent */
  uint32_t path_cap;
  char* problem;
  uint64_t* handles; /* the handle ids sent, to give back if the answer fails after all */
  uint32_t handle_count, handle_cap;
  seen_entry inline_seen[INLINE_SEEN];
  path_step inline_path[INLINE_STEPS];
} encoder;

static size_t reserve_u32(rt_buf* b) {
  size_t at = b->length;
  rt_buf_u32(b, 0);
  return at;
}

static void patch_u32(rt_buf* b, size_t at, uint32_t v) {
  if (!b->failed) {
    memcpy(b->data + at, &v, 4);
  }
}

static size_t pointer_hash(napi_value v) {
  uint64_t x = (uint64_t)(uintptr_t)v;
  x ^= x >> 29;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 32);
}

static bool grow_seen(encoder* e) {
  if (e->seen_cap >= (1u << 30)) {
    return false; /* a billion values: far past any Java byte array, report it as out of memory */
  }
  uint32_t cap = e->seen_cap * 2;
  seen_entry* table = calloc(cap, sizeof(*table));
  if (table == NULL) {
    return false;
  }
  for (uint32_t i = 0; i < e->seen_cap; i++) {
    if (e->seen[i].value != NULL) {
      size_t j = pointer_hash(e->seen[i].value) & (cap - 1);
      while (table[j].value != NULL) {
        j = (j + 1) & (cap - 1);
      }
      table[j] = e->seen[i];
    }
  }
  if (e->seen != e->inline_seen) {
    free(e->seen);
  }
  e->seen = table;
  e->seen_cap = cap;
  return true;
}

static seen_entry* probe(encoder* e, napi_value v) {
  size_t j = pointer_hash(v) & (e->seen_cap - 1);
  while (e->seen[j].value != NULL && e->seen[j].value != v) {
    j = (j + 1) & (e->seen_cap - 1);
  }
  return &e->seen[j];
}

/* v's entry: one made earlier (*found), or a new one claimed for it. NULL when out of memory. */
static seen_entry* visit(encoder* e, napi_value v, bool* found) {
  seen_entry* s = probe(e, v);
  *found = s->value == v;
  if (*found) {
    return s;
  }
  if ((e->seen_count + 1) * 2 > e->seen_cap) {
    if (!grow_seen(e)) {
      return NULL;
    }
    s = probe(e, v);
  }
  s->value = v;
  e->seen_count++;
  return s;
}

static bool path_room(encoder* e, uint32_t depth) {
  if (depth < e->path_cap) {
    return true;
  }
  uint32_t cap = e->path_cap * 2;
  while (cap <= depth) {
    cap *= 2;
  }
  path_step* grown = malloc(cap * sizeof(*grown));
  if (grown == NULL) {
    return false;
  }
  memcpy(grown, e->path, e->path_cap * sizeof(*grown));
  if (e->path != e->inline_path) {
    free(e->path);
  }
  e->path = grown;
  e->path_cap = cap;
  return true;
}

/* root.key[3].other for the first 'depth' steps, shortened in the middle past PATH_SHOWN_MAX bytes. */
static void write_path(encoder* e, rt_buf* text, uint32_t depth) {
  put(text, e->root, strlen(e->root));
  size_t start = text->length;
  for (uint32_t d = 0; d < depth; d++) {
    path_step* step = &e->path[d];
    if (step->key_at == SIZE_MAX) {
      char index[16];
      int n = snprintf(index, sizeof(index), "[%u]", step->index);
      put(text, index, (size_t)n);
    } else if (!e->out->failed) {
      put(text, ".", 1);
      put(text, e->out->data + step->key_at, step->key_length);
    }
  }
  if (!text->failed && text->length - start > PATH_SHOWN_MAX) {
    size_t keep = PATH_SHOWN_MAX / 2;
    memmove(text->data + start + 3, text->data + text->length - keep, keep);
    memcpy(text->data + start, "...", 3);
    text->length = start + 3 + keep;
  }
}

/* Sets e->problem to the formatted text, where %P is the path to 'depth' and %A the path to 'other_depth'. */
static bool stop(encoder* e, const char* format, uint32_t depth, uint32_t other_depth, uint64_t number) {
  rt_buf text = {0};
  for (const char* f = format; *f != '\0'; f++) {
    if (f[0] == '%' && f[1] == 'P') {
      write_path(e, &text, depth);
      f++;
    } else if (f[0] == '%' && f[1] == 'A') {
      write_path(e, &text, other_depth);
      f++;
    } else if (f[0] == '%' && f[1] == 'N') {
      char digits[24];
      int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)number);
      put(&text, digits, (size_t)n);
      f++;
    } else {
      put(&text, f, 1);
    }
  }
  rt_buf_u8(&text, 0);
  if (text.failed) {
    free(text.data);
    text.data = NULL;
  }
  e->problem = (char*)text.data;
  return false;
}

static bool out_of_memory(encoder* e) {
  e->out->failed = true; /* to_java reports it */
  return false;
}

static bool encode(encoder* e, napi_value v, uint32_t depth);

/*
 * Values with identity are sent in full once, then as references. Returns false when v is to be sent in full
 * now (it has its number); true when it was handled here: a reference written (*ok true), or a cycle or out of
 * memory (*ok false).
 */
static bool send_once(encoder* e, napi_value v, uint32_t depth, bool container, bool* ok) {
  *ok = true;
  if (depth == 0 && !container) {
    e->next_number++; /* nothing can refer to a top-level leaf; it is numbered all the same, as Java counts it */
    return false;
  }
  bool found;
  seen_entry* s = visit(e, v, &found);
  if (s == NULL) {
    *ok = out_of_memory(e);
    return true;
  }
  if (!found) {
    s->number = e->next_number++;
    s->open_depth = container ? depth : OPEN_NONE;
    return false;
  }
  if (s->open_depth != OPEN_NONE) {
    *ok = stop(e, "a cyclic value: %P refers back to %A (cycles cannot be converted to Java)", depth, s->open_depth,
               0);
    return true;
  }
  rt_buf_u8(e->out, TAG_REF);
  rt_buf_u32(e->out, s->number);
  return true;
}

static bool encode_array(encoder* e, napi_value v, uint32_t depth) {
  rt_buf_u8(e->out, TAG_ARRAY);
  size_t count_at = reserve_u32(e->out);
  uint32_t i = 0;
  for (; i < v->elem_count; i++) { /* re-read every turn: a getter further down may change the array */
    if (!path_room(e, depth)) {
      return out_of_memory(e);
    }
    e->path[depth] = (path_step){SIZE_MAX, 0, i};
    if (!encode(e, v->elems[i], depth + 1)) {
      return false;
    }
  }
  patch_u32(e->out, count_at, i);
  return true;
}

/* Plain objects: enumerable properties; errors also show their name and message. */
static bool encode_object(encoder* e, napi_value v, uint32_t depth) {
  bool error = (v->flags & RT_ERROR) != 0;
  rt_buf_u8(e->out, TAG_OBJECT);
  size_t count_at = reserve_u32(e->out);
  uint32_t count = 0;
  for (uint32_t i = 0; i < v->prop_count; i++) {
    rt_prop* p = &v->props[i];
    if (rt_is_symbol_key(p->key) || !((p->attributes & napi_enumerable) || (error && is_error_key(p->key)))) {
      continue;
    }
    if (!path_room(e, depth)) {
      return out_of_memory(e);
    }
    size_t length = strlen(p->key);
    rt_buf_u32(e->out, (uint32_t)length);
    e->path[depth] = (path_step){e->out->length, (uint32_t)length, 0};
    put(e->out, p->key, length);
    napi_value value = p->value;
    if (p->getter != NULL) {
      rt_get_prop(e->env, v, p->key, &value); /* may change v->props: p is not used after this */
    }
    if (!encode(e, value, depth + 1)) {
      return false;
    }
    count++;
  }
  patch_u32(e->out, count_at, count);
  return true;
}

/* u8 sign (1: negative), u32 word count, the magnitude's words (least significant first). */
static void encode_bigint(rt_buf* out, napi_value v) {
  rt_buf_u8(out, TAG_BIGINT);
  rt_buf_u8(out, v->u.bigint.negative ? 1 : 0);
  rt_buf_u32(out, (uint32_t)v->u.bigint.count);
  put(out, v->u.bigint.words, v->u.bigint.count * sizeof(uint64_t));
}

/* ---- Handles: values that cross as a reference to the live value (handles.h) ----------------------------------- */

static bool is_plain_object(napi_env env, napi_value v) {
  if (v->has_wrap) {
    return false;
  }
  if (v->extra != NULL) {
    if (v->extra->tagged || (v->extra->proto != NULL && v->extra->proto != env->object_prototype)) {
      return false;
    }
  }
  for (uint32_t i = 0; i < v->prop_count; i++) {
    if (v->props[i].getter != NULL || v->props[i].setter != NULL) {
      return false;
    }
  }
  return true;
}

bool rt_crosses_as_handle(napi_env env, napi_value v) {
  if (v == NULL || rt_is_immediate(v)) {
    return false;
  }
  switch (rt_type(v)) {
    case napi_function:
    case napi_symbol:
    case napi_external:
      return true;
    case napi_object:
      return (v->flags & (RT_ARRAY | RT_ERROR | RT_BUFFER | RT_ARRAYBUFFER | RT_VIEW | RT_DATE | RT_BOXED)) == 0 &&
             !is_plain_object(env, v);
    default:
      return false;
  }
}

/* TAG_HANDLE, the id (one more send counted), the kind and its text; *id 0 if out of memory. */
static bool write_handle(napi_env env, rt_buf* out, napi_value v, uint64_t* id) {
  *id = rt_handles_send(env, v);
  if (*id == 0) {
    return false;
  }
  rt_buf_u8(out, TAG_HANDLE);
  put(out, id, 8);
  switch (rt_type(v)) {
    case napi_function:
      rt_buf_u8(out, RT_CONTRACT(HANDLE_FUNCTION));
      put_key(out, v->u.function.name == NULL ? "" : v->u.function.name);
      break;
    case napi_symbol:
      rt_buf_u8(out, RT_CONTRACT(HANDLE_SYMBOL));
      rt_buf_u8(out, v->u.symbol.description != NULL ? 1 : 0);
      if (v->u.symbol.description != NULL) {
        rt_buf_u32(out, (uint32_t)v->u.symbol.length);
        put(out, v->u.symbol.description, v->u.symbol.length);
      }
      break;
    case napi_external:
      rt_buf_u8(out, RT_CONTRACT(HANDLE_EXTERNAL));
      break;
    default:
      rt_buf_u8(out, RT_CONTRACT(HANDLE_OBJECT));
      break;
  }
  return true;
}

bool rt_encode_handle(napi_env env, rt_buf* out, napi_value v) {
  uint64_t id;
  return write_handle(env, out, v, &id);
}

static bool encode_handle(encoder* e, napi_value v, uint32_t depth) {
  if (e->limits.no_handles) {
    return stop(e, "a value that would cross as a handle at %P, where none can", depth, 0, 0);
  }
  if (e->handle_count == e->handle_cap) {
    uint32_t cap = e->handle_cap == 0 ? 8 : e->handle_cap * 2;
    uint64_t* grown = realloc(e->handles, cap * sizeof(*grown));
    if (grown == NULL) {
      return out_of_memory(e);
    }
    e->handles = grown;
    e->handle_cap = cap;
  }
  uint64_t id;
  if (!write_handle(e->env, e->out, v, &id)) {
    return out_of_memory(e);
  }
  e->handles[e->handle_count++] = id;
  return true;
}

/*
 * Buffers and ArrayBuffers cross as TAG_BYTES (Java byte[]); typed arrays and DataViews as TAG_TYPED_ARRAY with
 * their kind. Either way a copy of the bytes the value shows: a view over part of an ArrayBuffer sends that part
 * only, a view over a detached one sends none.
 */
static bool encode_bytes(encoder* e, napi_value v, uint32_t depth) {
  uint8_t* data = v->u.bytes.data;
  size_t length = v->u.bytes.length;
  bool view = (v->flags & RT_VIEW) != 0;
  if (view) {
    rt_view_bytes(v, &data, &length);
  }
  if (length > UINT32_MAX) {
    return stop(e, "a binary value of %N bytes at %P (the limit is 4 GiB - 1)", depth, 0, length);
  }
  if (view) {
    rt_buf_u8(e->out, TAG_TYPED_ARRAY);
    rt_buf_u8(e->out, v->u.view.kind == RT_DATAVIEW ? RT_WIRE_DATA_VIEW : (uint8_t)v->u.view.kind);
  } else {
    rt_buf_u8(e->out, TAG_BYTES);
  }
  rt_buf_u32(e->out, (uint32_t)length);
  put(e->out, data, length);
  return true;
}

static bool encode(encoder* e, napi_value v, uint32_t depth) {
  if (++e->values > e->limits.max_values) {
    return stop(e, "more than %N values (limit: addon.convert.maxValues); the limit was reached at %P", depth, 0,
                e->limits.max_values);
  }
  if (depth > e->limits.max_depth) {
    return stop(e, "a value nested more than %N levels deep (limit: addon.convert.maxDepth) at %P", depth, 0,
                e->limits.max_depth);
  }
  if (v == NULL) {
    rt_buf_u8(e->out, TAG_UNDEFINED);
    return true;
  }
  uint64_t java_function;
  if (rt_type(v) == napi_function && rt_java_function_id(v, &java_function)) { /* Java gets its own object back */
    rt_buf_u8(e->out, TAG_JAVA_FUNCTION);
    put(e->out, &java_function, 8);
    return true;
  }
  if (rt_crosses_as_handle(e->env, v)) {
    return encode_handle(e, v, depth);
  }
  bool ok;
  switch (rt_type(v)) {
    case napi_undefined:
      rt_buf_u8(e->out, TAG_UNDEFINED);
      return true;
    case napi_null:
      rt_buf_u8(e->out, TAG_NULL);
      return true;
    case napi_boolean:
      rt_buf_u8(e->out, v->u.boolean ? TAG_TRUE : TAG_FALSE);
      return true;
    case napi_number:
      encode_number(e->out, rt_number(v));
      return true;
    case napi_string:
      if (v->u.string.length >= RT_SHARED_STRING_MIN && send_once(e, v, depth, false, &ok)) {
        return ok;
      }
      rt_buf_string(e->out, v->u.string.data, v->u.string.length);
      return true;
    case napi_bigint:
      encode_bigint(e->out, v);
      return true;
    case napi_object:
      break;
    default:
      rt_buf_u8(e->out, TAG_UNDEFINED);
      return true;
  }
  if (v->extra != NULL && v->extra->promise != NULL) {
    if (e->limits.no_handles) { /* its future needs the module's table of promises, which that reader lacks too */
      return stop(e, "a promise at %P, where none can cross", depth, 0, 0);
    }
    uint64_t id = rt_promise_export(e->env, v);
    rt_buf_u8(e->out, TAG_PROMISE);
    put(e->out, &id, 8);
    return true;
  }
  if (v->flags & RT_DATE) {
    rt_buf_u8(e->out, TAG_DATE);
    put(e->out, &v->u.number, 8);
    return true;
  }
  if (v->flags & RT_BOXED) {
    return encode(e, v->u.boxed, depth); /* new Number(1) crosses as 1 */
  }
  bool bytes = (v->flags & (RT_BUFFER | RT_ARRAYBUFFER | RT_VIEW)) != 0;
  if (send_once(e, v, depth, !bytes, &ok)) {
    return ok;
  }
  if (bytes) {
    return encode_bytes(e, v, depth);
  }
  bool done = (v->flags & RT_ARRAY) ? encode_array(e, v, depth) : encode_object(e, v, depth);
  if (done) {
    probe(e, v)->open_depth = OPEN_NONE; /* found again: the table may have moved while the contents were sent */
  }
  return done;
}

/*
 * A number, boolean, null or undefined on its own (most results), written as encode() writes it: true if v was
 * one. It skips setting up the encoder, whose inline tables are most of a small call's encoding time.
 */
static bool encode_top_scalar(rt_buf* out, napi_value v) {
  if (rt_is_immediate(v)) { /* an int32: what encode_number writes for it, without the round trip through double */
    int32_t i = rt_immediate_value(v);
    rt_buf_u8(out, TAG_INT32);
    put(out, &i, 4);
    return true;
  }
  switch (v == NULL ? napi_undefined : rt_type(v)) {
    case napi_undefined:
      rt_buf_u8(out, TAG_UNDEFINED);
      return true;
    case napi_null:
      rt_buf_u8(out, TAG_NULL);
      return true;
    case napi_boolean:
      rt_buf_u8(out, v->u.boolean ? TAG_TRUE : TAG_FALSE);
      return true;
    case napi_number:
      encode_number(out, rt_number(v));
      return true;
    default:
      return false;
  }
}

bool rt_encode_value(napi_env env, rt_buf* out, napi_value v, rt_limits limits, const char* root, char** problem) {
  if (limits.max_values >= 1 && encode_top_scalar(out, v)) { /* one value at depth 0: within any other limits */
    *problem = NULL;
    return true;
  }
  encoder e = {.env = env, .out = out, .limits = limits, .root = root};
  if (e.limits.max_depth > RT_DEPTH_CEILING) {
    e.limits.max_depth = RT_DEPTH_CEILING;
  }
  e.seen = e.inline_seen;
  e.seen_cap = INLINE_SEEN;
  e.path = e.inline_path;
  e.path_cap = INLINE_STEPS;
  bool ok = encode(&e, v, 0);
  if (!ok || out->failed) { /* Java gets no value: the handles it would have received are given back */
    for (uint32_t i = 0; i < e.handle_count; i++) {
      rt_handles_give_back(env, e.handles[i], 1);
    }
  }
  free(e.handles);
  if (e.seen != e.inline_seen) {
    free(e.seen);
  }
  if (e.path != e.inline_path) {
    free(e.path);
  }
  if (!ok && e.problem == NULL) {
    out->failed = true; /* not even the message could be made */
  }
  if (out->failed) { /* out of memory wins: to_java reports it */
    free(e.problem);
    *problem = NULL;
    return true;
  }
  *problem = e.problem;
  return ok;
}

/* name, message, code: what Java needs to build an AddonException. */
void rt_describe_thrown(napi_env env, napi_value thrown, rt_thrown_text* out) {
  out->code = NULL;
  out->code_length = 0;
  if (thrown != NULL && rt_type(thrown) == napi_object) {
    napi_value message = NULL;
    napi_value code = NULL;
    rt_get_prop(env, thrown, "message", &message);
    rt_get_prop(env, thrown, "code", &code);
    out->name = (thrown->flags & RT_ERROR) ? rt_error_name(thrown) : "";
    out->name_length = strlen(out->name);
    if (message != NULL && rt_type(message) == napi_string) {
      out->message = message->u.string.data;
      out->message_length = message->u.string.length;
    } else {
      out->message = "[object Object]";
      out->message_length = strlen(out->message);
    }
    if (code != NULL && rt_type(code) == napi_string) {
      out->code = code->u.string.data;
      out->code_length = code->u.string.length;
    }
    return;
  }
  /* Anything can be thrown in JavaScript: a string, a number... Java gets its text as the message. */
  out->name = "";
  out->name_length = 0;
  const char* message = out->scratch;
  if (thrown == NULL || rt_type(thrown) == napi_undefined) {
    message = "undefined";
  } else if (rt_type(thrown) == napi_null) {
    message = "null";
  } else if (rt_type(thrown) == napi_boolean) {
    message = thrown->u.boolean ? "true" : "false";
  } else if (rt_type(thrown) == napi_number) {
    _Static_assert(sizeof(out->scratch) >= RT_NUMBER_TEXT, "scratch holds a number's text");
    rt_number_to_string(rt_number(thrown), out->scratch);
  } else if (rt_type(thrown) == napi_string) {
    message = thrown->u.string.data;
  } else if (rt_type(thrown) == napi_bigint || rt_type(thrown) == napi_symbol) {
    size_t length;
    char* text = rt_type(thrown) == napi_bigint ? rt_bigint_to_string(thrown, &length) : rt_symbol_text(thrown, &length);
    message = rt_type(thrown) == napi_bigint ? "[a BigInt too long to show]" : "Symbol(...)";
    if (text != NULL && length < sizeof(out->scratch)) {
      memcpy(out->scratch, text, length + 1);
      message = out->scratch;
    }
    free(text);
  } else {
    message = "[object]";
  }
  out->message = message;
  out->message_length = thrown != NULL && rt_type(thrown) == napi_string ? thrown->u.string.length : strlen(message);
}

void rt_encode_exception(napi_env env, rt_buf* out, napi_value thrown, rt_limits limits) {
  rt_thrown_text text;
  rt_describe_thrown(env, thrown, &text);
  rt_buf_string(out, text.name, text.name_length);
  rt_buf_string(out, text.message, text.message_length);
  if (text.code != NULL) {
    rt_buf_string(out, text.code, text.code_length);
  } else {
    rt_buf_u8(out, TAG_UNDEFINED);
  }
  /* The value itself, so that Java sees the error's own properties (path, syscall, errno...) or what was thrown. */
  size_t flag_at = out->length;
  rt_buf_u8(out, 1);
  char* problem = NULL;
  if (!rt_encode_value(env, out, thrown != NULL ? thrown : &env->undefined_value, limits, "the thrown value",
                       &problem) &&
      !out->failed) {
    out->length = flag_at; /* the exception still crosses, without its value */
    rt_buf_u8(out, 0);
  }
  free(problem);
}

static bool take(rt_reader* in, void* to, size_t n) {
  if (in->error != NULL) {
    return false;
  }
  if (in->remaining < n) {
    in->error = "truncated argument data";
    return false;
  }
  memcpy(to, in->p, n);
  in->p += n;
  in->remaining -= n;
  return true;
}

static bool take_u32(rt_reader* in, uint32_t* v) {
  return take(in, v, 4);
}

/* Reads a length-prefixed UTF-8 run in place: returns a pointer into the input, not NUL-terminated. */
static const char* take_bytes(rt_reader* in, uint32_t* length) {
  if (!take_u32(in, length)) {
    return NULL;
  }
  if (in->remaining < *length) {
    in->error = "truncated argument data";
    return NULL;
  }
  const char* s = (const char*)in->p;
  in->p += *length;
  in->remaining -= *length;
  return s;
}

/* Remembers a value sent in full for later references; false when out of memory. */
static bool number(rt_reader* in, napi_value v) {
  if (in->numbered_count == in->numbered_cap) {
    uint32_t cap = in->numbered_cap == 0 ? 16 : in->numbered_cap * 2;
    napi_value* grown = realloc(in->numbered, cap * sizeof(*grown));
    if (grown == NULL) {
      return false;
    }
    in->numbered = grown;
    in->numbered_cap = cap;
  }
  in->numbered[in->numbered_count++] = v;
  return true;
}

void rt_reader_free(rt_reader* in) {
  free(in->numbered);
  in->numbered = NULL;
  in->numbered_count = in->numbered_cap = 0;
}

_Static_assert(RT_CONTRACT(TYPED_INT8) == napi_int8_array && RT_CONTRACT(TYPED_UINT8) == napi_uint8_array &&
                   RT_CONTRACT(TYPED_UINT8_CLAMPED) == napi_uint8_clamped_array &&
                   RT_CONTRACT(TYPED_INT16) == napi_int16_array && RT_CONTRACT(TYPED_UINT16) == napi_uint16_array &&
                   RT_CONTRACT(TYPED_INT32) == napi_int32_array && RT_CONTRACT(TYPED_UINT32) == napi_uint32_array &&
                   RT_CONTRACT(TYPED_FLOAT32) == napi_float32_array &&
                   RT_CONTRACT(TYPED_FLOAT64) == napi_float64_array &&
                   RT_CONTRACT(TYPED_BIGINT64) == napi_bigint64_array &&
                   RT_CONTRACT(TYPED_BIGUINT64) == napi_biguint64_array &&
                   RT_WIRE_DATA_VIEW > napi_biguint64_array,
               "NativeContract's TYPED_ kinds are Node-API's napi_typedarray_type numbers");

/* A typed array or DataView of the kind over all of a fresh ArrayBuffer holding a copy of the bytes. */
static napi_value decode_typed_array(napi_env env, rt_reader* in) {
  uint8_t kind;
  uint32_t length;
  if (!take(in, &kind, 1)) {
    return NULL;
  }
  const char* bytes = take_bytes(in, &length);
  if (bytes == NULL) {
    return NULL;
  }
  bool data_view = kind == RT_WIRE_DATA_VIEW;
  size_t size = data_view ? 1 : kind <= napi_biguint64_array ? rt_element_size(kind) : 0;
  if (size == 0) {
    in->error = "unknown typed array kind in argument data";
    return NULL;
  }
  if (length % size != 0) {
    in->error = "typed array data that is not a whole number of elements in argument data";
    return NULL;
  }
  void* data;
  napi_value buffer, view;
  if (napi_create_arraybuffer(env, length, &data, &buffer) != napi_ok) {
    return NULL;
  }
  if (length > 0) {
    memcpy(data, bytes, length);
  }
  napi_status s = data_view ? napi_create_dataview(env, length, buffer, 0, &view)
                            : napi_create_typedarray(env, (napi_typedarray_type)kind, length / size, buffer, 0, &view);
  return s == napi_ok && number(in, view) ? view : NULL;
}

napi_value rt_decode_value(napi_env env, rt_reader* in, uint32_t depth) {
  uint32_t max_depth = in->max_depth < RT_DEPTH_CEILING ? in->max_depth : RT_DEPTH_CEILING;
  if (depth > max_depth) {
    in->error = "argument nested too deeply";
    return NULL;
  }
  uint8_t tag;
  if (!take(in, &tag, 1)) {
    return NULL;
  }
  switch (tag) {
    case TAG_UNDEFINED:
      return &env->undefined_value;
    case TAG_NULL:
      return &env->null_value;
    case TAG_FALSE:
      return &env->false_value;
    case TAG_TRUE:
      return &env->true_value;
    case TAG_INT32: {
      int32_t i;
      return take(in, &i, 4) ? rt_immediate_int32(i) : NULL; /* what rt_make_number makes of it, directly */
    }
    case TAG_DOUBLE: {
      double d;
      return take(in, &d, 8) ? rt_make_number(env, d) : NULL;
    }
    case TAG_STRING: {
      uint32_t length;
      const char* s = take_bytes(in, &length);
      napi_value string = s == NULL ? NULL : rt_make_string(env, s, length);
      if (string != NULL && length >= RT_SHARED_STRING_MIN && !number(in, string)) {
        return NULL;
      }
      return string;
    }
    case TAG_REF: {
      uint32_t n;
      if (!take_u32(in, &n)) {
        return NULL;
      }
      if (n >= in->numbered_count) {
        in->error = "reference to a value not sent yet in argument data";
        return NULL;
      }
      return in->numbered[n];
    }
    case TAG_ARRAY: {
      uint32_t count;
      if (!take_u32(in, &count)) {
        return NULL;
      }
      napi_value array = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
      if (array == NULL || !number(in, array)) {
        return NULL;
      }
      for (uint32_t i = 0; i < count; i++) {
        napi_value element = rt_decode_value(env, in, depth + 1);
        if (element == NULL || rt_array_push(env, array, element) != napi_ok) {
          return NULL;
        }
      }
      return array;
    }
    case TAG_OBJECT: {
      uint32_t count;
      if (!take_u32(in, &count)) {
        return NULL;
      }
      napi_value object = rt_new_handle(env, rt_alloc(env, napi_object, 0));
      if (object == NULL || !number(in, object)) {
        return NULL;
      }
      for (uint32_t i = 0; i < count; i++) {
        uint32_t length;
        const char* key = take_bytes(in, &length);
        if (key == NULL) {
          return NULL;
        }
        char* owned = strndup(key, length);
        napi_value value = owned == NULL ? NULL : rt_decode_value(env, in, depth + 1);
        napi_status s = value == NULL ? napi_generic_failure : rt_set_prop(env, object, owned, value);
        free(owned);
        if (s != napi_ok) {
          return NULL;
        }
      }
      return object;
    }
    case TAG_BYTES: {
      uint32_t length;
      const char* bytes = take_bytes(in, &length);
      napi_value buffer;
      if (bytes == NULL || napi_create_buffer_copy(env, length, bytes, NULL, &buffer) != napi_ok ||
          !number(in, buffer)) {
        return NULL;
      }
      return buffer;
    }
    case TAG_BIGINT: {
      uint8_t negative;
      uint32_t count;
      if (!take(in, &negative, 1) || !take_u32(in, &count)) {
        return NULL;
      }
      if ((size_t)count * 8 > in->remaining) {
        in->error = "truncated argument data";
        return NULL;
      }
      uint64_t* words = malloc(count == 0 ? 1 : (size_t)count * 8);
      napi_value bigint = words == NULL || !take(in, words, (size_t)count * 8)
                              ? NULL
                              : rt_make_bigint(env, negative != 0, words, count);
      free(words);
      return bigint;
    }
    case TAG_TYPED_ARRAY:
      return decode_typed_array(env, in);
    case TAG_DATE: {
      double time;
      napi_value date;
      return take(in, &time, 8) && napi_create_date(env, time, &date) == napi_ok ? date : NULL;
    }
    case TAG_JAVA_FUNCTION: {
      uint64_t id;
      if (!take(in, &id, 8)) {
        return NULL;
      }
      if (in->java_host == NULL) {
        in->error = "a Java function where none can be called";
        return NULL;
      }
      rt_limits limits = {max_depth, in->max_values, false};
      return rt_java_function(env, id, in->java_host, limits);
    }
    case TAG_HANDLE: {
      uint64_t id;
      if (!take(in, &id, 8)) {
        return NULL;
      }
      napi_value v = rt_handles_value(env, id);
      if (v == NULL) {
        in->error = "a handle that was released (or belongs to another module instance) was passed";
        return NULL;
      }
      return rt_new_handle(env, v); /* the call holds it too: whatever the addon does with the table meanwhile */
    }
    default:
      in->error = "unknown value tag in argument data";
      return NULL;
  }
}
