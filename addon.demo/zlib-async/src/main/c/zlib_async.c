/*
 * zlib_async: zlib on the async pool, each call answering a promise (a CompletableFuture in Java, a Promise in Node).
 *
 *   compress(data[, level])  the zlib stream (RFC 1950) of data, level -1 (zlib's default) .. 9
 *   decompress(data)         the bytes of a zlib stream; rejected with code Z_DATA_ERROR (corrupt input) or
 *                            ERR_ZLIB_TRUNCATED (the stream ends early)
 *   compressFile(inputPath, outputPath[, level][, onProgress])
 *                            the file deflated into a zlib stream file, in chunks on a pool thread, with
 *                            onProgress(bytesDone, bytesTotal) called through a thread-safe function (zlib_file.c)
 *   version()                zlib's version (synchronous)
 *
 * data is a Buffer (byte[] from Java), a typed array, an ArrayBuffer or a string (its UTF-8 bytes). The call copies
 * it, so that the caller may change or drop its bytes while the work runs; execute (on a pool thread) uses only the
 * job's own memory and makes no Node-API call; complete (on the env's thread) makes the Buffer and settles the
 * promise, then frees the job. Both the input copy and the output are malloc'ed and freed exactly once, in
 * complete, which also runs (with napi_cancelled or at the context's close) for work that never executed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>
#include <zlib.h>

#include "zlib_async.h"

/* A decompressed result larger than this is refused (a small corrupt or hostile stream can expand a lot). */
#define MAX_OUTPUT ((size_t)256 * 1024 * 1024)

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  bool decompress;
  int level;
  unsigned char* in;
  size_t in_length;
  unsigned char* out;
  size_t out_length;
  const char* error_code; /* NULL: success */
  const char* error_message;
} zjob;

static void free_job(zjob* job) {
  free(job->in);
  free(job->out);
  free(job);
}

static void fail(zjob* job, const char* code, const char* message) {
  job->error_code = code;
  job->error_message = message;
}

static void run_compress(zjob* job) {
  uLong bound = compressBound((uLong)job->in_length);
  job->out = malloc(bound > 0 ? bound : 1);
  if (job->out == NULL) {
    fail(job, "Z_MEM_ERROR", "out of memory");
    return;
  }
  uLongf length = bound;
  int rc = compress2(job->out, &length, job->in, (uLong)job->in_length, job->level);
  if (rc != Z_OK) {
    fail(job, rc == Z_MEM_ERROR ? "Z_MEM_ERROR" : "Z_STREAM_ERROR", "compress2 failed");
    return;
  }
  job->out_length = length;
}

static void run_decompress(zjob* job) {
  z_stream stream;
  memset(&stream, 0, sizeof(stream));
  if (inflateInit(&stream) != Z_OK) {
    fail(job, "Z_MEM_ERROR", "inflateInit failed");
    return;
  }
  size_t capacity = job->in_length < 64 ? 256 : job->in_length * 4;
  job->out = malloc(capacity);
  stream.next_in = job->in;
  stream.avail_in = (uInt)job->in_length;
  int rc = Z_OK;
  bool out_of_memory = job->out == NULL;
  while (!out_of_memory) {
    stream.next_out = job->out + stream.total_out;
    stream.avail_out = (uInt)(capacity - stream.total_out);
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR) || stream.avail_out > 0) {
      break; /* done, failed, or no progress possible: the input ended before the stream did */
    }
    if (capacity >= MAX_OUTPUT) {
      fail(job, "ERR_ZLIB_TOO_LARGE", "the decompressed data is larger than 256 MiB");
      break;
    }
    size_t grown = capacity * 2 > MAX_OUTPUT ? MAX_OUTPUT : capacity * 2;
    unsigned char* bigger = realloc(job->out, grown);
    if (bigger == NULL) {
      out_of_memory = true; /* job->out is still the old block, freed with the job */
    } else {
      job->out = bigger;
      capacity = grown;
    }
  }
  job->out_length = stream.total_out;
  if (job->error_code != NULL) {
    /* too large: said above */
  } else if (out_of_memory || rc == Z_MEM_ERROR) {
    fail(job, "Z_MEM_ERROR", "out of memory");
  } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
    fail(job, "Z_DATA_ERROR", stream.msg != NULL ? stream.msg : "invalid zlib data");
  } else if (rc != Z_STREAM_END) {
    fail(job, "ERR_ZLIB_TRUNCATED", "the zlib stream ends before its end marker");
  }
  inflateEnd(&stream);
}

/* On a pool thread: no Node-API calls, only the job's memory. */
static void Execute(napi_env env, void* data) {
  (void)env;
  zjob* job = data;
  if (job->decompress) {
    run_decompress(job);
  } else {
    run_compress(job);
  }
}

void zlib_reject(napi_env env, napi_deferred deferred, const char* code, const char* message) {
  napi_value error = NULL, code_value = NULL, message_value = NULL;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_reject_deferred(env, deferred, error);
}

/* On the env's thread: settles the promise, frees the job. */
static void Complete(napi_env env, napi_status status, void* data) {
  zjob* job = data;
  napi_value result = NULL;
  if (status == napi_cancelled) {
    zlib_reject(env, job->deferred, "ERR_CANCELLED", "the work was cancelled before it ran");
  } else if (job->error_code != NULL) {
    zlib_reject(env, job->deferred, job->error_code, job->error_message);
  } else if (napi_create_buffer_copy(env, job->out_length, job->out, NULL, &result) == napi_ok) {
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    zlib_reject(env, job->deferred, "Z_MEM_ERROR", "the result buffer could not be made");
  }
  napi_delete_async_work(env, job->work);
  free_job(job);
}

static size_t element_size(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array:
    case napi_uint8_array:
    case napi_uint8_clamped_array:
      return 1;
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    default:
      return 8;
  }
}

/* A copy of data's bytes into job->in; false (with a TypeError thrown) if data has none. */
static bool copy_input(napi_env env, napi_value data, zjob* job) {
  bool is = false;
  void* bytes = NULL;
  size_t length = 0;
  napi_valuetype type = napi_undefined;
  napi_typeof(env, data, &type);
  if (type == napi_string) {
    if (napi_get_value_string_utf8(env, data, NULL, 0, &length) != napi_ok) {
      return false;
    }
    job->in = malloc(length + 1);
    if (job->in == NULL) {
      napi_throw_error(env, "Z_MEM_ERROR", "out of memory");
      return false;
    }
    napi_get_value_string_utf8(env, data, (char*)job->in, length + 1, &length);
    job->in_length = length;
    return true;
  }
  if (napi_is_buffer(env, data, &is) == napi_ok && is) {
    napi_get_buffer_info(env, data, &bytes, &length);
  } else if (napi_is_typedarray(env, data, &is) == napi_ok && is) {
    napi_typedarray_type element;
    size_t count = 0;
    napi_get_typedarray_info(env, data, &element, &count, &bytes, NULL, NULL);
    length = count * element_size(element);
  } else if (napi_is_arraybuffer(env, data, &is) == napi_ok && is) {
    napi_get_arraybuffer_info(env, data, &bytes, &length);
  } else {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "data must be bytes (a Buffer, typed array, ArrayBuffer) "
                                                        "or a string");
    return false;
  }
  job->in = malloc(length > 0 ? length : 1);
  if (job->in == NULL) {
    napi_throw_error(env, "Z_MEM_ERROR", "out of memory");
    return false;
  }
  if (length > 0) {
    memcpy(job->in, bytes, length);
  }
  job->in_length = length;
  return true;
}

static napi_value start(napi_env env, napi_callback_info info, bool decompress) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "data expected");
    return NULL;
  }
  zjob* job = calloc(1, sizeof(*job));
  if (job == NULL) {
    napi_throw_error(env, "Z_MEM_ERROR", "out of memory");
    return NULL;
  }
  job->decompress = decompress;
  job->level = Z_DEFAULT_COMPRESSION;
  if (!decompress && argc > 1 && !zlib_level(env, argv[1], &job->level)) {
    free(job);
    return NULL;
  }
  if (!copy_input(env, argv[0], job)) {
    free_job(job);
    return NULL;
  }
  napi_value promise = NULL, name = NULL;
  napi_create_string_utf8(env, decompress ? "zlib_async.decompress" : "zlib_async.compress", NAPI_AUTO_LENGTH,
                          &name);
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok) {
    free_job(job);
    return NULL;
  }
  if (napi_create_async_work(env, NULL, name, Execute, Complete, job, &job->work) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    /* The promise is returned rejected, so that the caller hears why. */
    zlib_reject(env, job->deferred, "ERR_ASYNC", "the work could not be queued");
    if (job->work != NULL) {
      napi_delete_async_work(env, job->work);
    }
    free_job(job);
  }
  return promise;
}

bool zlib_level(napi_env env, napi_value value, int* level) {
  napi_valuetype type = napi_undefined;
  napi_typeof(env, value, &type);
  int32_t chosen = 0;
  if (type == napi_undefined) {
    *level = Z_DEFAULT_COMPRESSION;
    return true;
  }
  if (napi_get_value_int32(env, value, &chosen) != napi_ok || chosen < -1 || chosen > 9) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "level must be an integer from -1 to 9");
    return false;
  }
  *level = chosen;
  return true;
}

static napi_value Compress(napi_env env, napi_callback_info info) {
  return start(env, info, false);
}

static napi_value Decompress(napi_env env, napi_callback_info info) {
  return start(env, info, true);
}

static napi_value Version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result = NULL;
  napi_create_string_utf8(env, zlibVersion(), NAPI_AUTO_LENGTH, &result);
  return result;
}

NAPI_MODULE_INIT(/* env, exports */) {
  napi_property_descriptor props[] = {
      {"compress", NULL, Compress, NULL, NULL, NULL, napi_enumerable, NULL},
      {"decompress", NULL, Decompress, NULL, NULL, NULL, napi_enumerable, NULL},
      {"compressFile", NULL, zlib_compress_file, NULL, NULL, NULL, napi_enumerable, NULL},
      {"version", NULL, Version, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) {
    return NULL;
  }
  return exports;
}
