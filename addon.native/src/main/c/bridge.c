/*
 * JNI entry points (class dev.addons.core.NativeBridge) and the module loader.
 *
 * Addon modules are plain ELF libraries whose undefined napi_* symbols must resolve when they are dlopen()ed.
 * The JVM loads this library RTLD_LOCAL, so at load time we promote it to the global scope; the first copy
 * loaded in the process becomes the provider of napi_* for every addon and is never unloaded. All state
 * hangs off napi_env and async handles, so a second copy (another OSGi framework in the same JVM) works with
 * the provider's functions as long as both share one ABI revision, which is checked.
 *
 * Nothing here may keep the class loader that loaded this copy reachable: the JVM unloads a JNI library (calls
 * JNI_OnUnload, then dlclose) only once that loader is collected, and a refreshed runtime bundle has a new loader
 * and a new copy each time. So no JNI global references: the classes thrown are looked up when thrown (errors are
 * rare), and JNI_OnUnload frees what this copy allocated. See docs/runtime-refresh.md.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

/* Bumped whenever a struct in runtime.h changes layout: copies with different revisions must not mix. */
#define RT_ABI_REVISION 3

typedef struct rt_library {
  void* handle;
  napi_addon_register_func init;
  int32_t api_version;
  char* path;
} rt_library;

#define NATIVE_EXCEPTION "dev/addons/core/NativeException"
#define ADDON_EXCEPTION "dev/addons/api/AddonException"
#define ADDON_EXCEPTION_INIT "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/Throwable;)V"

static const char* provider_problem; /* set when another copy with another ABI provides napi_* */

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

/* Legacy modules register from a constructor, which runs only when the file is first mapped: remember them. */
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

/* ---- JNI plumbing ---------------------------------------------------------------------------------------- */

static void throw_native(JNIEnv* jni, const char* format, ...) __attribute__((format(printf, 2, 3)));

static void throw_native(JNIEnv* jni, const char* format, ...) {
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  /* From a native method of NativeBridge, FindClass searches NativeBridge's own class loader. */
  jclass type = (*jni)->FindClass(jni, NATIVE_EXCEPTION);
  if (type != NULL) { /* else NoClassDefFoundError is pending, which the caller sees instead */
    (*jni)->ThrowNew(jni, type, message);
    (*jni)->DeleteLocalRef(jni, type);
  }
}

static void promote_to_global_scope(void) {
  if (global_symbol("napi_create_int32") != NULL) {
    int (*revision)(void) = (int (*)(void))global_symbol("addon_rt_abi_revision");
    if (revision == NULL || revision() != RT_ABI_REVISION) {
      provider_problem =
          "another library in this process already provides napi_* symbols and is not a runtime of the same "
          "ABI revision; addons would call into it";
    }
    return;
  }
  Dl_info self;
  if (dladdr((void*)&promote_to_global_scope, &self) == 0 || self.dli_fname == NULL) {
    provider_problem = "cannot find this runtime library's own file (dladdr failed)";
    return;
  }
  /* NODELETE: addons of other frameworks may be bound to these symbols after this copy's loader is gone. */
  if (dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL | RTLD_NODELETE) == NULL) {
    provider_problem = "cannot make the runtime's napi_* symbols global (dlopen RTLD_GLOBAL failed)";
  }
}

/* True if the classes this library throws are visible to the loading class loader (checked once, held never). */
static bool exception_classes_present(JNIEnv* jni) {
  jclass native_exception = (*jni)->FindClass(jni, NATIVE_EXCEPTION);
  if (native_exception == NULL) {
    return false;
  }
  (*jni)->DeleteLocalRef(jni, native_exception);
  jclass addon_exception = (*jni)->FindClass(jni, ADDON_EXCEPTION);
  if (addon_exception == NULL) {
    return false;
  }
  jmethodID init = (*jni)->GetMethodID(jni, addon_exception, "<init>", ADDON_EXCEPTION_INIT);
  (*jni)->DeleteLocalRef(jni, addon_exception);
  return init != NULL;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void* reserved) {
  (void)reserved;
  JNIEnv* jni;
  if ((*vm)->GetEnv(vm, (void**)&jni, JNI_VERSION_1_8) != JNI_OK) {
    return JNI_ERR;
  }
  if (!exception_classes_present(jni)) {
    return JNI_ERR;
  }
  /* The provider copy is never unmapped (NODELETE): a later loader may load the same file again, reusing it. */
  provider_problem = NULL;
  promote_to_global_scope();
  return JNI_VERSION_1_8;
}

/*
 * The class loader is gone, so no context of this copy is open any more (each holds loader classes). Free the
 * legacy registrations still remembered; the copy is unmapped after this unless it is the provider.
 */
JNIEXPORT void JNICALL JNI_OnUnload(JavaVM* vm, void* reserved) {
  (void)vm;
  (void)reserved;
  pthread_mutex_lock(&legacy_lock);
  while (legacy_modules != NULL) {
    legacy_entry* gone = legacy_modules;
    legacy_modules = gone->next;
    free(gone);
  }
  pthread_mutex_unlock(&legacy_lock);
}

#define BRIDGE(name) JNICALL Java_dev_addons_core_NativeBridge_##name

static char* java_string(JNIEnv* jni, jstring s) {
  const char* utf = (*jni)->GetStringUTFChars(jni, s, NULL);
  if (utf == NULL) {
    return NULL;
  }
  char* copy = strdup(utf);
  (*jni)->ReleaseStringUTFChars(jni, s, utf);
  return copy;
}

static jbyteArray to_java(JNIEnv* jni, rt_buf* b) {
  if (b->failed) {
    free(b->data);
    throw_native(jni, "out of memory while encoding a result");
    return NULL;
  }
  if (b->length > (size_t)INT32_MAX - 16) {
    free(b->data);
    throw_native(jni, "the encoded result (%zu bytes) is larger than a Java byte array can hold", b->length);
    return NULL;
  }
  jbyteArray array = (*jni)->NewByteArray(jni, (jsize)b->length);
  if (array != NULL) {
    (*jni)->SetByteArrayRegion(jni, array, 0, (jsize)b->length, (const jbyte*)b->data);
  }
  free(b->data);
  return array;
}

JNIEXPORT jstring BRIDGE(providerProblem)(JNIEnv* jni, jclass cls) {
  (void)cls;
  return provider_problem == NULL ? NULL : (*jni)->NewStringUTF(jni, provider_problem);
}

JNIEXPORT jint BRIDGE(napiVersion)(JNIEnv* jni, jclass cls) {
  (void)jni;
  (void)cls;
  return RT_NAPI_VERSION;
}

/* ---- Libraries ------------------------------------------------------------------------------------------- */

JNIEXPORT jlong BRIDGE(openLibrary)(JNIEnv* jni, jclass cls, jstring jpath) {
  (void)cls;
  char* path = java_string(jni, jpath);
  if (path == NULL) {
    return 0;
  }
  addon_rt_take_registration(); /* start clean: nothing stale from an earlier failed load */
  dlerror();
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    const char* why = dlerror();
    throw_native(jni, "%s", why != NULL ? why : "dlopen failed");
    free(path);
    return 0;
  }
  napi_module* legacy = remember_legacy(handle, take_registration());
  napi_addon_register_func init = (napi_addon_register_func)dlsym(handle, "napi_register_module_v1");
  if (init == NULL && legacy != NULL) {
    init = legacy->nm_register_func;
  }
  if (init == NULL) {
    dlclose(handle);
    forget_legacy(handle);
    throw_native(jni,
                 "no init symbol: the library neither exports napi_register_module_v1 (NAPI_MODULE_INIT / "
                 "NAPI_MODULE) nor calls napi_module_register while loading");
    free(path);
    return 0;
  }
  int32_t version = 8; /* Node's default for modules that do not say */
  int32_t (*get_version)(void) = (int32_t(*)(void))dlsym(handle, "node_api_module_get_api_version_v1");
  if (get_version != NULL) {
    version = get_version();
  }
  if (version > RT_MAX_MODULE_API_VERSION && version != NAPI_VERSION_EXPERIMENTAL) {
    dlclose(handle);
    forget_legacy(handle);
    throw_native(jni, "the module was built for Node-API version %d; this runtime supports up to %d", version,
                 RT_MAX_MODULE_API_VERSION);
    free(path);
    return 0;
  }
  rt_library* lib = calloc(1, sizeof(*lib));
  if (lib == NULL) {
    dlclose(handle);
    free(path);
    throw_native(jni, "out of memory");
    return 0;
  }
  lib->handle = handle;
  lib->init = init;
  lib->api_version = version;
  lib->path = path;
  return (jlong)(intptr_t)lib;
}

JNIEXPORT jint BRIDGE(libraryApiVersion)(JNIEnv* jni, jclass cls, jlong jlib) {
  (void)jni;
  (void)cls;
  return ((rt_library*)(intptr_t)jlib)->api_version;
}

/* Returns true if the file is still mapped after our dlclose (another holder, or it cannot be unloaded). */
JNIEXPORT jboolean BRIDGE(closeLibrary)(JNIEnv* jni, jclass cls, jlong jlib) {
  (void)cls;
  rt_library* lib = (rt_library*)(intptr_t)jlib;
  if (dlclose(lib->handle) != 0) {
    const char* why = dlerror();
    throw_native(jni, "dlclose failed: %s", why != NULL ? why : "unknown");
  }
  void* still = dlopen(lib->path, RTLD_NOW | RTLD_NOLOAD | RTLD_LOCAL);
  if (still != NULL) {
    dlclose(still);
  } else {
    forget_legacy(lib->handle);
  }
  free(lib->path);
  free(lib);
  return still != NULL ? JNI_TRUE : JNI_FALSE;
}

/* ---- Environments ---------------------------------------------------------------------------------------- */

static jbyte outcome_byte(napi_env env, enum rt_outcome outcome) {
  return (jbyte)(outcome | (env->warnings_length > 0 ? OUTCOME_WARNINGS : 0));
}

static void fail(rt_buf* out, const char* message) {
  out->length = 0;
  rt_buf_u8(out, OUTCOME_FAILED);
  rt_buf_string(out, message, strlen(message));
}

/* After addon code ran: an exception pending becomes the answer, and is cleared. */
static bool answer_exception(napi_env env, rt_buf* out) {
  if (env->pending_exception == NULL) {
    return false;
  }
  napi_value thrown = env->pending_exception;
  env->pending_exception = NULL;
  rt_buf_u8(out, OUTCOME_THROWN);
  rt_encode_exception(env, out, thrown);
  rt_release(env, thrown);
  return true;
}

JNIEXPORT jlong BRIDGE(createEnv)(JNIEnv* jni, jclass cls, jlong jlib, jstring jname) {
  (void)cls;
  rt_library* lib = (rt_library*)(intptr_t)jlib;
  char* name = java_string(jni, jname);
  napi_env env = name == NULL ? NULL : rt_env_new(name, lib->path, lib->api_version);
  free(name);
  if (env == NULL) {
    throw_native(jni, "out of memory creating a napi_env");
    return 0;
  }
  return (jlong)(intptr_t)env;
}

/* Runs the module's init; answers the exports' property names (all of them, enumerable or not). */
JNIEXPORT jbyteArray BRIDGE(initEnv)(JNIEnv* jni, jclass cls, jlong jenv, jlong jlib) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  rt_library* lib = (rt_library*)(intptr_t)jlib;
  rt_buf out = {0};
  size_t mark = env->handle_count;
  napi_value exports = env->exports;
  napi_value returned = lib->init(env, exports);
  if (answer_exception(env, &out)) {
    /* the exception is the answer */
  } else if (returned == NULL && env->last_error.error_code != napi_ok) {
    /* Node would go on with empty exports; an init that gave up after a failed call is broken, say so. */
    const napi_extended_error_info* info;
    napi_get_last_error_info(env, &info);
    char message[300];
    snprintf(message, sizeof(message), "init returned no exports after a Node-API call failed with status %d (%s)",
             (int)info->error_code, info->error_message != NULL ? info->error_message : "no message");
    fail(&out, message);
  } else {
    if (returned != NULL && returned != exports) {
      rt_retain(returned); /* module.exports = what init returned, as Node does */
      env->exports = returned;
      rt_release(env, exports);
    }
    napi_value e = env->exports;
    rt_buf_u8(&out, OUTCOME_OK);
    rt_buf_u8(&out, TAG_ARRAY);
    uint32_t count = rt_is_object_like(e) ? e->prop_count : 0;
    rt_buf_u32(&out, count);
    for (uint32_t i = 0; i < count; i++) {
      rt_buf_string(&out, e->props[i].key, strlen(e->props[i].key));
    }
  }
  rt_scope_release_to(env, mark);
  if (!out.failed && out.length > 0) {
    out.data[0] = (uint8_t)outcome_byte(env, (enum rt_outcome)out.data[0]);
  }
  return to_java(jni, &out);
}

/* A value that cannot be converted: "function 'f' of module 'm' returned a cyclic value: result.a refers..." */
static void fail_conversion(rt_buf* out, napi_env env, const char* name, bool get_only, char* problem) {
  const char* format =
      get_only ? "export '%.200s' of module '%s' is %s" : "function '%.200s' of module '%s' returned %s";
  int length = snprintf(NULL, 0, format, name, env->module_name, problem);
  char* message = length < 0 ? NULL : malloc((size_t)length + 1);
  if (message == NULL) {
    fail(out, problem);
  } else {
    snprintf(message, (size_t)length + 1, format, name, env->module_name, problem);
    fail(out, message);
    free(message);
  }
  free(problem);
}

static jbyteArray run_call(JNIEnv* jni, napi_env env, jstring jname, jbyteArray jargs, bool get_only,
                           rt_limits limits) {
  rt_buf out = {0};
  char* problem = NULL;
  if (env->tearing_down) {
    fail(&out, "the context is closing");
    return to_java(jni, &out);
  }
  const char* name = (*jni)->GetStringUTFChars(jni, jname, NULL);
  if (name == NULL) {
    return NULL;
  }
  size_t mark = env->handle_count;
  napi_value exports = env->exports;
  napi_value target = NULL;
  if (rt_is_object_like(exports)) {
    rt_get_prop(env, exports, name, &target);
  }
  bool exists = rt_is_object_like(exports) && rt_find_prop(exports, name) != NULL;
  if (get_only) {
    if (!exists) {
      char message[300];
      snprintf(message, sizeof(message), "module '%s' has no export '%.200s'", env->module_name, name);
      fail(&out, message);
    } else if (!answer_exception(env, &out)) {
      rt_buf_u8(&out, OUTCOME_OK);
      if (!rt_encode_value(env, &out, target, limits, name, &problem)) {
        fail_conversion(&out, env, name, true, problem);
      }
    }
  } else if (target == NULL || rt_type(target) != napi_function) {
    char message[300];
    snprintf(message, sizeof(message), "module '%s' %s '%.200s'", env->module_name,
             exists ? "exports no function named" : "has no export", name);
    fail(&out, message);
  } else {
    jsize size = jargs == NULL ? 0 : (*jni)->GetArrayLength(jni, jargs);
    uint8_t stack[1024];
    uint8_t* bytes = size <= (jsize)sizeof(stack) ? stack : malloc((size_t)size);
    if (bytes == NULL) {
      fail(&out, "out of memory");
    } else {
      if (size > 0) {
        (*jni)->GetByteArrayRegion(jni, jargs, 0, size, (jbyte*)bytes);
      }
      rt_reader in = {.p = bytes, .remaining = (size_t)size, .max_depth = limits.max_depth};
      uint32_t argc = 0;
      if (size >= 4) {
        memcpy(&argc, bytes, 4);
        in.p += 4;
        in.remaining -= 4;
      }
      napi_value small[8];
      napi_value* argv = argc <= 8 ? small : malloc(argc * sizeof(*argv));
      uint32_t decoded = 0;
      while (argv != NULL && decoded < argc) {
        argv[decoded] = rt_decode_value(env, &in, 0);
        if (argv[decoded] == NULL) {
          break;
        }
        decoded++;
      }
      rt_reader_free(&in); /* the decoded values live in the call's handle scope */
      if (argv == NULL) {
        fail(&out, "out of memory");
      } else if (decoded < argc) {
        fail(&out, in.error != NULL ? in.error : "out of memory decoding arguments");
      } else {
        napi_value result = rt_invoke(env, target, exports, argc, argv);
        if (!answer_exception(env, &out)) {
          rt_buf_u8(&out, OUTCOME_OK);
          if (!rt_encode_value(env, &out, result, limits, "result", &problem)) {
            fail_conversion(&out, env, name, false, problem);
          }
        }
      }
      if (argv != small) {
        free(argv);
      }
      if (bytes != stack) {
        free(bytes);
      }
    }
  }
  rt_scope_release_to(env, mark);
  (*jni)->ReleaseStringUTFChars(jni, jname, name);
  if (!out.failed && out.length > 0) {
    out.data[0] = (uint8_t)outcome_byte(env, (enum rt_outcome)out.data[0]);
  }
  return to_java(jni, &out);
}

static rt_limits limits_of(jint max_depth, jlong max_values) {
  rt_limits limits = {max_depth < 0 ? 0 : (uint32_t)max_depth, max_values < 0 ? 0 : (uint64_t)max_values};
  return limits;
}

JNIEXPORT jbyteArray BRIDGE(call)(JNIEnv* jni, jclass cls, jlong jenv, jstring jname, jbyteArray jargs,
                                  jint max_depth, jlong max_values) {
  (void)cls;
  return run_call(jni, (napi_env)(intptr_t)jenv, jname, jargs, false, limits_of(max_depth, max_values));
}

JNIEXPORT jbyteArray BRIDGE(get)(JNIEnv* jni, jclass cls, jlong jenv, jstring jname, jint max_depth,
                                 jlong max_values) {
  (void)cls;
  return run_call(jni, (napi_env)(intptr_t)jenv, jname, NULL, true, limits_of(max_depth, max_values));
}

JNIEXPORT jstring BRIDGE(drainWarnings)(JNIEnv* jni, jclass cls, jlong jenv) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  if (env->warnings_length == 0) {
    return NULL;
  }
  jstring s = (*jni)->NewStringUTF(jni, env->warnings);
  free(env->warnings);
  env->warnings = NULL;
  env->warnings_length = 0;
  return s;
}

/* Runs hooks and finalizers; answers {hooks run, finalizers run, values left alive before the sweep}. */
JNIEXPORT jlongArray BRIDGE(teardownEnv)(JNIEnv* jni, jclass cls, jlong jenv, jlong async_wait_millis) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  rt_env_teardown(env, async_wait_millis);
  jlong counts[2] = {(jlong)env->hooks_run, (jlong)env->finalizers_run};
  jlongArray array = (*jni)->NewLongArray(jni, 2);
  if (array != NULL) {
    (*jni)->SetLongArrayRegion(jni, array, 0, 2, counts);
  }
  return array;
}

/*
 * The hook or finalizer running in env now, described, or null. Called by the watchdog thread while another thread
 * tears env down: it reads only the two atomically written fields, and Java never calls it after freeEnv.
 */
JNIEXPORT jstring BRIDGE(runningCode)(JNIEnv* jni, jclass cls, jlong jenv) {
  (void)cls;
  char description[512];
  if (!rt_describe_running((napi_env)(intptr_t)jenv, description, sizeof(description))) {
    return NULL;
  }
  return (*jni)->NewStringUTF(jni, description);
}

JNIEXPORT void BRIDGE(freeEnv)(JNIEnv* jni, jclass cls, jlong jenv) {
  (void)jni;
  (void)cls;
  rt_env_free((napi_env)(intptr_t)jenv);
}

/* ---- Bound interfaces: the primitive fast path ------------------------------------------------------------ */
/*
 * A bound Java method calls one exported function with up to four primitive arguments and a primitive result,
 * passed as raw 64-bit patterns: no Java objects, no encoding. 'types' packs, 2 bits per argument: 0 int32,
 * 1 double, 2 boolean, 3 int64 (a number); bits 8-10 the result: 0 void, 1 int32, 2 double, 3 boolean, 4 int64;
 * bits 12-14 the argument count.
 */

enum { ARG_INT32 = 0, ARG_DOUBLE = 1, ARG_BOOL = 2, ARG_INT64 = 3 };
enum { RET_VOID = 0, RET_INT32 = 1, RET_DOUBLE = 2, RET_BOOL = 3, RET_INT64 = 4 };

/* The function value behind an export, kept alive until the env closes; 0 if the export is not a function. */
JNIEXPORT jlong BRIDGE(resolveFunction)(JNIEnv* jni, jclass cls, jlong jenv, jstring jname) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  const char* name = (*jni)->GetStringUTFChars(jni, jname, NULL);
  if (name == NULL) {
    return 0;
  }
  napi_value target = NULL;
  size_t mark = env->handle_count;
  if (rt_is_object_like(env->exports)) {
    rt_prop* p = rt_find_prop(env->exports, name);
    target = p != NULL && p->getter == NULL ? p->value : NULL;
  }
  (*jni)->ReleaseStringUTFChars(jni, jname, name);
  rt_scope_release_to(env, mark);
  if (target == NULL || rt_type(target) != napi_function) {
    return 0;
  }
  rt_retain(target); /* even if the addon replaces the export, the pointer stays valid until teardown */
  return (jlong)(intptr_t)target;
}

static void throw_addon_exception(JNIEnv* jni, const char* name, const char* message, const char* code) {
  jstring jmessage = (*jni)->NewStringUTF(jni, message);
  jstring jcode = code == NULL ? NULL : (*jni)->NewStringUTF(jni, code);
  jstring jname = name == NULL ? NULL : (*jni)->NewStringUTF(jni, name);
  jclass type = (*jni)->FindClass(jni, ADDON_EXCEPTION); /* through NativeBridge's loader, see throw_native */
  jmethodID init = type == NULL ? NULL : (*jni)->GetMethodID(jni, type, "<init>", ADDON_EXCEPTION_INIT);
  jobject e = init == NULL ? NULL : (*jni)->NewObject(jni, type, init, jmessage, jcode, jname, NULL);
  if (e != NULL) {
    (*jni)->Throw(jni, (jthrowable)e);
  }
  /* else an error (NoClassDefFoundError, OutOfMemoryError) is pending and reaches the caller */
}

static void throw_pending(JNIEnv* jni, napi_env env) {
  /* Reuse the encoder: it already knows how to describe any thrown value. */
  rt_buf out = {0};
  napi_value thrown = env->pending_exception;
  env->pending_exception = NULL;
  rt_encode_exception(env, &out, thrown);
  rt_release(env, thrown);
  if (out.failed) {
    free(out.data);
    throw_native(jni, "out of memory describing an exception");
    return;
  }
  /* Three strings (tag, u32 length, bytes) — the last may be TAG_UNDEFINED for "no code". */
  char* parts[3] = {NULL, NULL, NULL};
  size_t at = 0;
  for (int i = 0; i < 3 && at < out.length; i++) {
    if (out.data[at++] != TAG_STRING) {
      continue;
    }
    uint32_t length;
    memcpy(&length, out.data + at, 4);
    at += 4;
    parts[i] = strndup((const char*)out.data + at, length);
    at += length;
  }
  throw_addon_exception(jni, parts[0], parts[1] != NULL ? parts[1] : "", parts[2]);
  for (int i = 0; i < 3; i++) {
    free(parts[i]);
  }
  free(out.data);
}

static napi_value primitive_argument(napi_env env, int type, jlong bits) {
  switch (type) {
    case ARG_INT32:
      return rt_immediate_int32((int32_t)bits);
    case ARG_BOOL:
      return bits ? &env->true_value : &env->false_value;
    case ARG_INT64:
      return rt_make_number(env, (double)bits);
    default: {
      double d;
      memcpy(&d, &bits, sizeof(d));
      return rt_make_number(env, d);
    }
  }
}

static const char* type_name(napi_value v) {
  static const char* const names[] = {"undefined", "null",     "boolean",  "number", "string",
                                      "symbol",    "object",   "function", "external", "bigint"};
  napi_valuetype type = rt_type(v);
  return (size_t)type < sizeof(names) / sizeof(names[0]) ? names[type] : "value";
}

JNIEXPORT jlong BRIDGE(callPrimitive)(JNIEnv* jni, jclass cls, jlong jenv, jlong jfunction, jint types, jlong a0,
                                      jlong a1, jlong a2, jlong a3) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  napi_value function = (napi_value)(intptr_t)jfunction;
  int count = (types >> 12) & 7;
  int result_type = (types >> 8) & 7;
  jlong raw[4] = {a0, a1, a2, a3};
  napi_value argv[4];
  size_t mark = env->handle_count;
  for (int i = 0; i < count; i++) {
    argv[i] = primitive_argument(env, (types >> (2 * i)) & 3, raw[i]);
    if (argv[i] == NULL) {
      rt_scope_release_to(env, mark);
      throw_native(jni, "out of memory");
      return 0;
    }
  }
  napi_value result = rt_invoke(env, function, env->exports, (size_t)count, argv);
  jlong bits = 0;
  if (env->pending_exception != NULL) {
    throw_pending(jni, env);
  } else if (result_type == RET_VOID) {
    bits = 0;
  } else if (result_type == RET_BOOL && rt_type(result) == napi_boolean) {
    bits = result->u.boolean ? 1 : 0;
  } else if (result_type != RET_BOOL && rt_type(result) == napi_number) {
    double d = rt_number(result);
    if (result_type == RET_DOUBLE) {
      memcpy(&bits, &d, sizeof(d));
    } else if (result_type == RET_INT32) {
      int32_t i;
      napi_get_value_int32(env, result, &i);
      bits = i;
    } else {
      int64_t i;
      napi_get_value_int64(env, result, &i);
      bits = i;
    }
  } else {
    char message[200];
    snprintf(message, sizeof(message), "function %s of module '%s' returned a %s where the bound method expects a %s",
             function->function_name != NULL ? function->function_name : "?", env->module_name, type_name(result),
             result_type == RET_BOOL ? "boolean" : "number");
    throw_addon_exception(jni, NULL, message, NULL);
  }
  rt_scope_release_to(env, mark);
  return bits;
}
