/*
 * node_api_types.h - Node.js-specific Node-API types.
 *
 * Part of "context-aware native addons for OSGi" (Apache License 2.0).
 *
 * This is an independent implementation of the Node-API C interface,
 * written from the public Node-API documentation and ABI-compatible with
 * the headers shipped by Node.js 20.
 */
#ifndef SRC_NODE_API_TYPES_H_
#define SRC_NODE_API_TYPES_H_

#include "js_native_api_types.h"

/* Opaque handles of the Node.js-specific services. */
typedef struct napi_callback_scope__* napi_callback_scope;
typedef struct napi_async_context__* napi_async_context;
typedef struct napi_async_work__* napi_async_work;

#if NAPI_VERSION >= 3
/* Run when the environment shuts down, see napi_add_env_cleanup_hook. */
typedef void(NAPI_CDECL* napi_cleanup_hook)(void* arg);
#endif /* NAPI_VERSION >= 3 */

#if NAPI_VERSION >= 4
typedef struct napi_threadsafe_function__* napi_threadsafe_function;
#endif /* NAPI_VERSION >= 4 */

#if NAPI_VERSION >= 4
/* How napi_release_threadsafe_function gives up a thread's claim. */
typedef enum {
  napi_tsfn_release,
  napi_tsfn_abort
} napi_threadsafe_function_release_mode;

/* Whether napi_call_threadsafe_function waits when the queue is full. */
typedef enum {
  napi_tsfn_nonblocking,
  napi_tsfn_blocking
} napi_threadsafe_function_call_mode;
#endif /* NAPI_VERSION >= 4 */

/* Async work: execute runs on a worker thread, complete on the JS thread. */
typedef void(NAPI_CDECL* napi_async_execute_callback)(napi_env env,
                                                      void* data);
typedef void(NAPI_CDECL* napi_async_complete_callback)(napi_env env,
                                                       napi_status status,
                                                       void* data);

#if NAPI_VERSION >= 4
/* Delivers one queued item of a thread-safe function on the JS thread. */
typedef void(NAPI_CDECL* napi_threadsafe_function_call_js)(
    napi_env env, napi_value js_callback, void* context, void* data);
#endif /* NAPI_VERSION >= 4 */

/* Answer of napi_get_node_version; owned by the runtime. */
typedef struct {
  uint32_t major;
  uint32_t minor;
  uint32_t patch;
  const char* release;
} napi_node_version;

#if NAPI_VERSION >= 8
typedef struct napi_async_cleanup_hook_handle__* napi_async_cleanup_hook_handle;
/* Must eventually call napi_remove_async_cleanup_hook(handle). */
typedef void(NAPI_CDECL* napi_async_cleanup_hook)(
    napi_async_cleanup_hook_handle handle, void* data);
#endif /* NAPI_VERSION >= 8 */

#endif /* SRC_NODE_API_TYPES_H_ */
