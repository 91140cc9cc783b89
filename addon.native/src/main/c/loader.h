/*
 * Loading addon modules: dlopen/dlclose, finding the init (napi_register_module_v1 or a legacy
 * napi_module_register), the module's Node-API version, and making this library the provider of napi_* for
 * every addon in the process. No JNI here: bridge.c and the native test harness call the same functions.
 */
#ifndef ADDON_LOADER_H
#define ADDON_LOADER_H

#include "runtime.h"

typedef struct rt_library {
  void* handle;
  napi_addon_register_func init;
  int32_t api_version;
  char* path;
} rt_library;

/* The file loaded and its init found; NULL with the reason in error (e.g. dlerror's) if not. */
rt_library* rt_library_open(const char* path, char* error, size_t error_size);
/* dlclose()s and frees lib; returns true if the file is still mapped afterwards. A failed dlclose is put in error
   (empty otherwise). */
bool rt_library_close(rt_library* lib, char* error, size_t error_size);

/* Makes this copy's napi_* the ones addons bind to, unless another copy is already; NULL, or why it cannot be. */
const char* rt_loader_promote(void);
/* Frees the legacy registrations remembered: this copy is being unloaded. */
void rt_loader_unload(void);

#endif
