/* What the two files of zlib_async share: settling with an error, reading the level argument. */
#ifndef ZLIB_ASYNC_H
#define ZLIB_ASYNC_H

#include <stdbool.h>

#include <node_api.h>

/* Rejects deferred with an Error of that code and message. */
void zlib_reject(napi_env env, napi_deferred deferred, const char* code, const char* message);

/* value as a zlib level in *level: undefined is zlib's default; false (a RangeError thrown) unless -1 .. 9. */
bool zlib_level(napi_env env, napi_value value, int* level);

/* compressFile(inputPath, outputPath[, level][, onProgress]): see zlib_file.c. */
napi_value zlib_compress_file(napi_env env, napi_callback_info info);

#endif
