/*
 * The module loader (see loader.h).
 *
 * Addon modules are plain ELF libraries whose undefined napi_* symbols must resolve when they are dlopen()ed.
 * The JVM loads this library RTLD_LOCAL, so at load time we promote it to the global scope; the first copy
 * loaded in the process becomes the provider of napi_* for every addon and is never unloaded. All state
 * hangs off napi_env and async handles, so a second copy (another OSGi framework in the same JVM) works with
 * the provider's functions as long as both share one ABI revision, which is checked.
 */
#include "loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bumped whenever a struct in runtime.h changes layout: copies with different revisions must not mix. */
#define RT_ABI_REVISION 6

/* ---- Runtime-to-runtime entry points (the only exports besides napi_*, node_api_* and JNI) ----------- */

RT_EXPORT int addon_rt_abi_revision(void) {
  return RT_ABI_REVISION;
}

static __thread napi_module* registering;

void NAPI_CDECL napi_module_register(napi_module* mod) {
  registering = mod; /* called from the addon's constructor, inside our dlopen() on this thread */
}

RT_EXPORT napi_module* addon_rt_take_registration(void) {
  napi_module* mod = registering;
  registering = NULL;
  return mod;
}

/*
 * A symbol as addons see it: in the global scope. Not dlsym(RTLD_DEFAULT, ...), which also searches the calling
 * library's own local scope and so would find our own symbols even when nobody else can.
 */
static void* global_symbol(const char* name) {
  void* global = dlopen(NULL, RTLD_NOW);
  void* symbol = global == NULL ? NULL : dlsym(global, name);
  if (global != NULL) {
    dlclose(global);
  }
  return symbol;
}

/* The legacy registration of the provider copy, wherever napi_module_register was bound. */
static napi_module* take_registration(void) {
  napi_module* (*take)(void) = (napi_module * (*)(void)) global_symbol("addon_rt_take_registration");
  napi_module* mine = addon_rt_take_registration();
  napi_module* provider = take != NULL && take != addon_rt_take_registration ? take() : NULL;
  return mine != NULL ? mine : provider;
}

/* ---- Legacy modules register from a constructor, which runs only when the file is first mapped: remember them. */

typedef struct legacy_entry {
  void* handle;
  napi_module* module;
  struct legacy_entry* next;
} legacy_entry;

static legacy_entry* legacy_modules;
static pthread_mutex_t legacy_lock = PTHREAD_MUTEX_INITIALIZER;

static napi_module* remember_legacy(void* handle, napi_module* fresh) {
  pthread_mutex_lock(&legacy_lock);
  napi_module* found = NULL;
  for (legacy_entry* e = legacy_modules; e != NULL; e = e->next) {
    if (e->handle == handle) {
      if (fresh != NULL) {
        e->module = fresh;
      }
      found = e->module;
    }
  }
  if (found == NULL && fresh != NULL) {
    legacy_entry* e = malloc(sizeof(*e));
    if (e != NULL) {
      e->handle = handle;
      e->module = fresh;
      e->next = legacy_modules;
      legacy_modules = e;
    }
    found = fresh;
  }
  pthread_mutex_unlock(&legacy_lock);
  return found;
}

static void forget_legacy(void* handle) {
  pthread_mutex_lock(&legacy_lock);
  for (legacy_entry** p = &legacy_modules; *p != NULL; p = &(*p)->next) {
    if ((*p)->handle == handle) {
      legacy_entry* gone = *p;
      *p = gone->next;
      free(gone);
      break;
    }
  }
  pthread_mutex_unlock(&legacy_lock);
}

void rt_loader_unload(void) {
  pthread_mutex_lock(&legacy_lock);
  while (legacy_modules != NULL) {
    legacy_entry* gone = legacy_modules;
    legacy_modules = gone->next;
    free(gone);
  }
  pthread_mutex_unlock(&legacy_lock);
}

/* ---- The provider ------------------------------------------------------------------------------------------ */

const char* rt_loader_promote(void) {
  if (global_symbol("napi_create_int32") != NULL) {
    int (*revision)(void) = (int (*)(void))global_symbol("addon_rt_abi_revision");
    if (revision == NULL || revision() != RT_ABI_REVISION) {
      return "another library in this process already provides napi_* symbols and is not a runtime of the same "
             "ABI revision; addons would call into it";
    }
    return NULL;
  }
  Dl_info self;
  if (dladdr((void*)&rt_loader_promote, &self) == 0 || self.dli_fname == NULL) {
    return "cannot find this runtime library's own file (dladdr failed)";
  }
  /* NODELETE: addons of other frameworks may be bound to these symbols after this copy's loader is gone. */
  if (dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL | RTLD_NODELETE) == NULL) {
    return "cannot make the runtime's napi_* symbols global (dlopen RTLD_GLOBAL failed)";
  }
  return NULL;
}

/* ---- Libraries ------------------------------------------------------------------------------------------- */

/* Undoes a dlopen that found no usable module. */
static rt_library* refuse(void* handle, char* error, size_t error_size, const char* why) {
  dlclose(handle);
  forget_legacy(handle);
  snprintf(error, error_size, "%s", why);
  return NULL;
}

rt_library* rt_library_open(const char* path, char* error, size_t error_size) {
  addon_rt_take_registration(); /* start clean: nothing stale from an earlier failed load */
  dlerror();
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    const char* why = dlerror();
    snprintf(error, error_size, "%s", why != NULL ? why : "dlopen failed");
    return NULL;
  }
  napi_module* legacy = remember_legacy(handle, take_registration());
  napi_addon_register_func init = (napi_addon_register_func)dlsym(handle, "napi_register_module_v1");
  if (init == NULL && legacy != NULL) {
    init = legacy->nm_register_func;
  }
  if (init == NULL && legacy != NULL) {
    return refuse(handle, error, error_size,
                  "the module registered through napi_module_register with a NULL nm_register_func: there is no "
                  "init to run");
  }
  if (init == NULL) {
    return refuse(handle, error, error_size,
                  "no init symbol: the library neither exports napi_register_module_v1 (NAPI_MODULE_INIT / "
                  "NAPI_MODULE) nor calls napi_module_register while loading");
  }
  int32_t version = 8; /* Node's default for modules that do not say */
  int32_t (*get_version)(void) = (int32_t(*)(void))dlsym(handle, "node_api_module_get_api_version_v1");
  if (get_version != NULL) {
    version = get_version();
  }
  if (version > RT_MAX_MODULE_API_VERSION && version != NAPI_VERSION_EXPERIMENTAL) {
    char why[200];
    snprintf(why, sizeof(why), "the module was built for Node-API version %d; this runtime supports up to %d",
             (int)version, RT_MAX_MODULE_API_VERSION);
    return refuse(handle, error, error_size, why);
  }
  rt_library* lib = calloc(1, sizeof(*lib));
  char* copy = strdup(path);
  if (lib == NULL || copy == NULL) {
    free(lib);
    free(copy);
    return refuse(handle, error, error_size, "out of memory");
  }
  lib->handle = handle;
  lib->init = init;
  lib->api_version = version;
  lib->path = copy;
  return lib;
}

bool rt_library_close(rt_library* lib, char* error, size_t error_size) {
  error[0] = '\0';
  if (dlclose(lib->handle) != 0) {
    const char* why = dlerror();
    snprintf(error, error_size, "dlclose failed: %s", why != NULL ? why : "unknown");
  }
  void* still = dlopen(lib->path, RTLD_NOW | RTLD_NOLOAD | RTLD_LOCAL);
  if (still != NULL) {
    dlclose(still);
  } else {
    forget_legacy(lib->handle);
  }
  free(lib->path);
  free(lib);
  return still != NULL;
}
