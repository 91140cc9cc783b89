/*
 * The JNI entry points (class dev.addons.core.NativeBridge) and the conversions between Java's arguments and
 * answers and the runtime's: nothing else. Loading is loader.c's, entering addon code is the gate's (gate.c).
 *
 * Each entry point is declared in dev_addons_core_NativeBridge.h, which the build generates from NativeBridge.java
 * with javac -h: a prototype that does not match the Java declaration does not compile.
 *
 * Nothing here may keep the class loader that loaded this copy reachable: the JVM unloads a JNI library (calls
 * JNI_OnUnload, then dlclose) only once that loader is collected, and a refreshed runtime bundle has a new loader
 * and a new copy each time. So no JNI global references: the classes used are looked up when needed (errors are
 * rare), and JNI_OnUnload frees what this copy allocated. See docs/runtime-refresh.md.
 */
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev_addons_core_NativeBridge.h"
#include "gate.h"
#include "handles.h"
#include "loader.h"

#define NATIVE_EXCEPTION "dev/addons/core/NativeException"
/* Makes the Java exception of an answer that is not OUTCOME_OK: the one place that builds AddonException. */
#define VALUE_CODEC "dev/addons/core/ValueCodec"
#define EXCEPTION_OF "exceptionOf"
#define EXCEPTION_OF_SIGNATURE "([B)Ljava/lang/RuntimeException;"

static const char* provider_problem; /* set when another copy with another ABI provides napi_* */

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

/* The classes and the method this library calls, looked up through the loading class loader: NULL if all there. */
static jmethodID exception_of(JNIEnv* jni, jclass* codec) {
  *codec = (*jni)->FindClass(jni, VALUE_CODEC);
  return *codec == NULL ? NULL : (*jni)->GetStaticMethodID(jni, *codec, EXCEPTION_OF, EXCEPTION_OF_SIGNATURE);
}

static bool java_side_present(JNIEnv* jni) {
  jclass native_exception = (*jni)->FindClass(jni, NATIVE_EXCEPTION);
  if (native_exception == NULL) {
    return false;
  }
  (*jni)->DeleteLocalRef(jni, native_exception);
  jclass codec;
  jmethodID method = exception_of(jni, &codec);
  if (codec != NULL) {
    (*jni)->DeleteLocalRef(jni, codec);
  }
  return method != NULL;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void* reserved) {
  (void)reserved;
  JNIEnv* jni;
  if ((*vm)->GetEnv(vm, (void**)&jni, JNI_VERSION_1_8) != JNI_OK) {
    return JNI_ERR;
  }
  if (!java_side_present(jni)) {
    return JNI_ERR;
  }
  /* The provider copy is never unmapped (NODELETE): a later loader may load the same file again, reusing it. */
  provider_problem = rt_loader_promote();
  return JNI_VERSION_1_8;
}

/*
 * The class loader is gone, so no context of this copy is open any more (each holds loader classes). Free the
 * legacy registrations still remembered; the copy is unmapped after this unless it is the provider.
 */
JNIEXPORT void JNICALL JNI_OnUnload(JavaVM* vm, void* reserved) {
  (void)vm;
  (void)reserved;
  rt_loader_unload();
}

static char* java_string(JNIEnv* jni, jstring s) {
  const char* utf = (*jni)->GetStringUTFChars(jni, s, NULL);
  if (utf == NULL) {
    return NULL;
  }
  char* copy = strdup(utf);
  (*jni)->ReleaseStringUTFChars(jni, s, utf);
  return copy;
}

static jbyteArray byte_array(JNIEnv* jni, rt_buf* b) {
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

/* Takes the env's warnings (NULL if none): the caller owns them. */
static char* take_warnings(napi_env env) {
  char* warnings = env->warnings;
  env->warnings = NULL;
  env->warnings_length = 0;
  return warnings;
}

JNIEXPORT jstring JNICALL Java_dev_addons_core_NativeBridge_providerProblem(JNIEnv* jni, jclass cls) {
  (void)cls;
  return provider_problem == NULL ? NULL : (*jni)->NewStringUTF(jni, provider_problem);
}

/* ---- Libraries ------------------------------------------------------------------------------------------- */

JNIEXPORT jlongArray JNICALL Java_dev_addons_core_NativeBridge_openLibrary(JNIEnv* jni, jclass cls, jstring jpath) {
  (void)cls;
  char* path = java_string(jni, jpath);
  if (path == NULL) {
    return NULL;
  }
  char error[1024];
  rt_library* lib = rt_library_open(path, error, sizeof(error));
  free(path);
  if (lib == NULL) {
    throw_native(jni, "%s", error);
    return NULL;
  }
  jlong answer[2] = {(jlong)(intptr_t)lib, lib->api_version};
  jlongArray array = (*jni)->NewLongArray(jni, 2);
  if (array == NULL) {
    rt_library_close(lib, error, sizeof(error));
    return NULL;
  }
  (*jni)->SetLongArrayRegion(jni, array, 0, 2, answer);
  return array;
}

JNIEXPORT jboolean JNICALL Java_dev_addons_core_NativeBridge_closeLibrary(JNIEnv* jni, jclass cls, jlong jlib) {
  (void)cls;
  char error[512];
  bool still_mapped = rt_library_close((rt_library*)(intptr_t)jlib, error, sizeof(error));
  if (error[0] != '\0') {
    throw_native(jni, "%s", error);
  }
  return still_mapped ? JNI_TRUE : JNI_FALSE;
}

/* ---- Environments: answers for Java ---------------------------------------------------------------------- */
/*
 * An answer is the outcome byte, its payload, then (OUTCOME_WARNINGS or-ed into the outcome) the env's warnings as
 * one string: taken last, after the call's handles were released, so that what finalizers said then is included.
 */

static void answer_failure(rt_buf* out, const char* message) {
  out->length = 0;
  rt_buf_u8(out, OUTCOME_FAILED);
  rt_buf_string(out, message, strlen(message));
}

/* THROWN and FAILED: what the gate answered, encoded. */
static void answer_not_ok(rt_gate* gate, rt_buf* out) {
  if (gate->outcome == OUTCOME_THROWN) {
    rt_buf_u8(out, OUTCOME_THROWN);
    rt_encode_exception(gate->env, out, gate->thrown);
  } else {
    answer_failure(out, gate->failure);
  }
}

/* A value that cannot be converted: "function 'f' of module 'm' returned a cyclic value: result.a refers..." */
static void answer_value(rt_gate* gate, rt_buf* out, rt_limits limits, const char* name, bool is_result) {
  char* problem = NULL;
  rt_buf_u8(out, OUTCOME_OK);
  if (rt_encode_value(gate->env, out, gate->value, limits, is_result ? "result" : name, &problem)) {
    return;
  }
  const char* format =
      is_result ? "function '%.200s' of module '%s' returned %s" : "export '%.200s' of module '%s' is %s";
  int length = problem == NULL ? -1 : snprintf(NULL, 0, format, name, gate->env->module_name, problem);
  char* message = length < 0 ? NULL : malloc((size_t)length + 1);
  if (message == NULL) {
    answer_failure(out, problem != NULL ? problem : "out of memory describing a value that cannot be converted");
  } else {
    snprintf(message, (size_t)length + 1, format, name, gate->env->module_name, problem);
    answer_failure(out, message);
    free(message);
  }
  free(problem);
}

/* Leaves the gate, then adds the warnings and hands the answer to Java. */
static jbyteArray finish(JNIEnv* jni, rt_gate* gate, rt_buf* out) {
  rt_gate_leave(gate);
  char* warnings = take_warnings(gate->env);
  if (warnings != NULL && !out->failed && out->length > 0) {
    out->data[0] = (uint8_t)(out->data[0] | OUTCOME_WARNINGS);
    rt_buf_string(out, warnings, strlen(warnings));
  }
  free(warnings);
  return byte_array(jni, out);
}

static rt_limits limits_of(jint max_depth, jlong max_values) {
  rt_limits limits = {max_depth < 0 ? 0 : (uint32_t)max_depth, max_values < 0 ? 0 : (uint64_t)max_values};
  return limits;
}

JNIEXPORT jlong JNICALL Java_dev_addons_core_NativeBridge_createEnv(JNIEnv* jni, jclass cls, jlong jlib,
                                                                    jstring jname) {
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
JNIEXPORT jbyteArray JNICALL Java_dev_addons_core_NativeBridge_initEnv(JNIEnv* jni, jclass cls, jlong jenv,
                                                                       jlong jlib) {
  (void)cls;
  rt_gate gate;
  rt_buf out = {0};
  rt_gate_enter(&gate, (napi_env)(intptr_t)jenv);
  if (rt_gate_init(&gate, ((rt_library*)(intptr_t)jlib)->init) != OUTCOME_OK) {
    answer_not_ok(&gate, &out);
  } else {
    napi_value exports = gate.value;
    uint32_t count = rt_is_object_like(exports) ? exports->prop_count : 0;
    rt_buf_u8(&out, OUTCOME_OK);
    rt_buf_u8(&out, TAG_ARRAY);
    rt_buf_u32(&out, count);
    for (uint32_t i = 0; i < count; i++) {
      rt_buf_string(&out, exports->props[i].key, strlen(exports->props[i].key));
    }
  }
  return finish(jni, &gate, &out);
}

/* The arguments Java encoded (u32 count, values) as values in the gate's scope; false with out answered if not. */
static bool decode_arguments(JNIEnv* jni, rt_gate* gate, jbyteArray jargs, uint32_t max_depth, napi_value* small,
                             size_t small_count, napi_value** argv, uint32_t* argc, rt_buf* out) {
  jsize size = jargs == NULL ? 0 : (*jni)->GetArrayLength(jni, jargs);
  uint8_t stack[1024];
  uint8_t* bytes = size <= (jsize)sizeof(stack) ? stack : malloc((size_t)size);
  if (bytes == NULL) {
    answer_failure(out, "out of memory");
    return false;
  }
  if (size > 0) {
    (*jni)->GetByteArrayRegion(jni, jargs, 0, size, (jbyte*)bytes);
  }
  rt_reader in = {.p = bytes, .remaining = (size_t)size, .max_depth = max_depth};
  *argc = 0;
  if (size >= 4) {
    memcpy(argc, bytes, 4);
    in.p += 4;
    in.remaining -= 4;
  }
  *argv = *argc <= small_count ? small : malloc(*argc * sizeof(**argv));
  uint32_t decoded = 0;
  while (*argv != NULL && decoded < *argc) {
    (*argv)[decoded] = rt_decode_value(gate->env, &in, 0);
    if ((*argv)[decoded] == NULL) {
      break;
    }
    decoded++;
  }
  rt_reader_free(&in); /* the decoded values live in the gate's handle scope */
  if (bytes != stack) {
    free(bytes);
  }
  if (*argv == NULL || decoded < *argc) {
    answer_failure(out, *argv == NULL ? "out of memory"
                        : in.error != NULL ? in.error : "out of memory decoding arguments");
    return false;
  }
  return true;
}

JNIEXPORT jbyteArray JNICALL Java_dev_addons_core_NativeBridge_call(JNIEnv* jni, jclass cls, jlong jenv,
                                                                    jstring jname, jbyteArray jargs, jint max_depth,
                                                                    jlong max_values) {
  (void)cls;
  rt_limits limits = limits_of(max_depth, max_values);
  const char* name = (*jni)->GetStringUTFChars(jni, jname, NULL);
  if (name == NULL) {
    return NULL;
  }
  rt_gate gate;
  rt_buf out = {0};
  rt_gate_enter(&gate, (napi_env)(intptr_t)jenv);
  napi_value small[8];
  napi_value* argv = small;
  uint32_t argc = 0;
  if (decode_arguments(jni, &gate, jargs, limits.max_depth, small, 8, &argv, &argc, &out)) {
    if (rt_gate_call(&gate, name, argc, argv) == OUTCOME_OK) {
      answer_value(&gate, &out, limits, name, true);
    } else {
      answer_not_ok(&gate, &out);
    }
  }
  if (argv != small) {
    free(argv);
  }
  jbyteArray answer = finish(jni, &gate, &out);
  (*jni)->ReleaseStringUTFChars(jni, jname, name);
  return answer;
}

JNIEXPORT jbyteArray JNICALL Java_dev_addons_core_NativeBridge_get(JNIEnv* jni, jclass cls, jlong jenv,
                                                                   jstring jname, jint max_depth, jlong max_values) {
  (void)cls;
  const char* name = (*jni)->GetStringUTFChars(jni, jname, NULL);
  if (name == NULL) {
    return NULL;
  }
  rt_gate gate;
  rt_buf out = {0};
  rt_gate_enter(&gate, (napi_env)(intptr_t)jenv);
  if (rt_gate_get(&gate, name) == OUTCOME_OK) {
    answer_value(&gate, &out, limits_of(max_depth, max_values), name, false);
  } else {
    answer_not_ok(&gate, &out);
  }
  jbyteArray answer = finish(jni, &gate, &out);
  (*jni)->ReleaseStringUTFChars(jni, jname, name);
  return answer;
}

/* ---- Handles: operations on values Java holds, and their release (handles.h) ------------------------------- */

JNIEXPORT jbyteArray JNICALL Java_dev_addons_core_NativeBridge_objectOp(JNIEnv* jni, jclass cls, jlong jenv, jint op,
                                                                        jlong target_id, jstring jkey,
                                                                        jbyteArray jargs, jint max_depth,
                                                                        jlong max_values, jboolean handle_result) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  rt_limits limits = limits_of(max_depth, max_values);
  const char* key = jkey == NULL ? NULL : (*jni)->GetStringUTFChars(jni, jkey, NULL);
  if (jkey != NULL && key == NULL) {
    return NULL;
  }
  rt_gate gate;
  rt_buf out = {0};
  rt_gate_enter(&gate, env);
  napi_value target = target_id == 0 ? NULL : rt_handles_value(env, (uint64_t)target_id);
  napi_value small[8];
  napi_value* argv = small;
  uint32_t argc = 0;
  if (target_id != 0 && target == NULL) {
    answer_failure(&out, "the handle was released");
  } else if (decode_arguments(jni, &gate, jargs, limits.max_depth, small, 8, &argv, &argc, &out)) {
    if (rt_gate_object_op(&gate, op, target, key, argc, argv) != OUTCOME_OK) {
      answer_not_ok(&gate, &out);
    } else if (handle_result && (rt_is_object_like(gate.value) || rt_crosses_as_handle(env, gate.value))) {
      rt_buf_u8(&out, OUTCOME_OK);
      if (!rt_encode_handle(env, &out, gate.value)) {
        answer_failure(&out, "out of memory making a handle");
      }
    } else {
      answer_value(&gate, &out, limits, key != NULL ? key : "(handle)", true);
    }
  }
  if (argv != small) {
    free(argv);
  }
  jbyteArray answer = finish(jni, &gate, &out);
  if (key != NULL) {
    (*jni)->ReleaseStringUTFChars(jni, jkey, key);
  }
  return answer;
}

JNIEXPORT jstring JNICALL Java_dev_addons_core_NativeBridge_releaseHandles(JNIEnv* jni, jclass cls, jlong jenv,
                                                                           jlongArray jpairs) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  jsize length = (*jni)->GetArrayLength(jni, jpairs);
  jlong* pairs = (*jni)->GetLongArrayElements(jni, jpairs, NULL);
  if (pairs == NULL) {
    return NULL;
  }
  rt_gate gate; /* a release may free a value and run its finalizers: addon code, inside a gate */
  rt_gate_enter(&gate, env);
  jlong unknown_id = 0, unknown_count = 0;
  for (jsize i = 0; i + 1 < length; i += 2) {
    if (!rt_handles_give_back(env, (uint64_t)pairs[i], (uint64_t)pairs[i + 1]) && unknown_id == 0) {
      unknown_id = pairs[i];
      unknown_count = pairs[i + 1];
    }
  }
  rt_gate_leave(&gate);
  (*jni)->ReleaseLongArrayElements(jni, jpairs, pairs, JNI_ABORT);
  char* warnings = take_warnings(env);
  jstring answer = warnings == NULL ? NULL : (*jni)->NewStringUTF(jni, warnings);
  free(warnings);
  if (unknown_id != 0) {
    throw_native(jni, "module '%s': handle %lld was not live with %lld sends to give back", env->module_name,
                 (long long)unknown_id, (long long)unknown_count);
    return NULL;
  }
  return answer;
}

JNIEXPORT jlong JNICALL Java_dev_addons_core_NativeBridge_liveHandles(JNIEnv* jni, jclass cls, jlong jenv) {
  (void)jni;
  (void)cls;
  return (jlong)rt_handles_live((napi_env)(intptr_t)jenv);
}

/* Runs hooks and finalizers; answers {hooks run, finalizers run}. */
JNIEXPORT jlongArray JNICALL Java_dev_addons_core_NativeBridge_teardownEnv(JNIEnv* jni, jclass cls, jlong jenv,
                                                                           jlong async_wait_millis) {
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
JNIEXPORT jstring JNICALL Java_dev_addons_core_NativeBridge_runningCode(JNIEnv* jni, jclass cls, jlong jenv) {
  (void)cls;
  char description[512];
  if (!rt_describe_running((napi_env)(intptr_t)jenv, description, sizeof(description))) {
    return NULL;
  }
  return (*jni)->NewStringUTF(jni, description);
}

JNIEXPORT jstring JNICALL Java_dev_addons_core_NativeBridge_freeEnv(JNIEnv* jni, jclass cls, jlong jenv) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  char* warnings = take_warnings(env);
  rt_env_free(env);
  jstring s = warnings == NULL ? NULL : (*jni)->NewStringUTF(jni, warnings);
  free(warnings);
  return s;
}

/* ---- Bound interfaces: the primitive fast path ------------------------------------------------------------ */
/*
 * A bound Java method calls one exported function with up to four primitive arguments and a primitive result,
 * passed as raw 64-bit patterns: no Java objects, no encoding, no allocation unless the addon throws. 'types'
 * packs the signature as NativeContract says (TYPES_*, ARG_*, RET_*).
 */

#define ARG_BITS RT_CONTRACT(TYPES_ARG_BITS)
#define ARG_MASK ((1 << ARG_BITS) - 1)

JNIEXPORT jlong JNICALL Java_dev_addons_core_NativeBridge_resolveFunction(JNIEnv* jni, jclass cls, jlong jenv,
                                                                          jstring jname) {
  (void)cls;
  const char* name = (*jni)->GetStringUTFChars(jni, jname, NULL);
  if (name == NULL) {
    return 0;
  }
  napi_value target = rt_gate_resolve((napi_env)(intptr_t)jenv, name);
  (*jni)->ReleaseStringUTFChars(jni, jname, name);
  return (jlong)(intptr_t)target;
}

/* Throws the Java exception of an answer that is not OUTCOME_OK (rare: allocating is fine here). */
static void throw_answer(JNIEnv* jni, rt_buf* out) {
  jbyteArray answer = byte_array(jni, out);
  if (answer == NULL) {
    return;
  }
  jclass codec;
  jmethodID method = exception_of(jni, &codec);
  jobject e = method == NULL ? NULL : (*jni)->CallStaticObjectMethod(jni, codec, method, answer);
  if (e != NULL) {
    (*jni)->Throw(jni, (jthrowable)e);
  }
  /* else an error (NoClassDefFoundError, OutOfMemoryError) is pending and reaches the caller */
}

static napi_value primitive_argument(napi_env env, int type, jlong bits) {
  switch (type) {
    case RT_CONTRACT(ARG_INT32):
      return rt_immediate_int32((int32_t)bits);
    case RT_CONTRACT(ARG_BOOL):
      return bits ? &env->true_value : &env->false_value;
    case RT_CONTRACT(ARG_INT64):
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

/* The result as the bound method's type wants it; false if it is not of that type. */
static bool primitive_result(napi_env env, napi_value result, int result_type, jlong* bits) {
  if (result_type == RT_CONTRACT(RET_VOID)) {
    *bits = 0;
  } else if (result_type == RT_CONTRACT(RET_BOOL)) {
    if (rt_type(result) != napi_boolean) {
      return false;
    }
    *bits = result->u.boolean ? 1 : 0;
  } else if (rt_type(result) != napi_number) {
    return false;
  } else if (result_type == RT_CONTRACT(RET_DOUBLE)) {
    double d = rt_number(result);
    memcpy(bits, &d, sizeof(d));
  } else if (result_type == RT_CONTRACT(RET_INT32)) {
    int32_t i;
    napi_get_value_int32(env, result, &i);
    *bits = i;
  } else {
    int64_t i;
    napi_get_value_int64(env, result, &i);
    *bits = i;
  }
  return true;
}

JNIEXPORT jlong JNICALL Java_dev_addons_core_NativeBridge_callPrimitive(JNIEnv* jni, jclass cls, jlong jenv,
                                                                        jlong jfunction, jint types, jlong a0,
                                                                        jlong a1, jlong a2, jlong a3) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  napi_value function = (napi_value)(intptr_t)jfunction;
  int count = (types >> RT_CONTRACT(TYPES_COUNT_SHIFT)) & 7;
  int result_type = (types >> RT_CONTRACT(TYPES_RESULT_SHIFT)) & 7;
  jlong raw[RT_CONTRACT(MAX_PRIMITIVE_ARGUMENTS)] = {a0, a1, a2, a3};
  napi_value argv[RT_CONTRACT(MAX_PRIMITIVE_ARGUMENTS)];
  rt_gate gate;
  rt_gate_enter(&gate, env);
  for (int i = 0; i < count; i++) {
    argv[i] = primitive_argument(env, (types >> (ARG_BITS * i)) & ARG_MASK, raw[i]);
    if (argv[i] == NULL) {
      rt_gate_leave(&gate);
      throw_native(jni, "out of memory");
      return 0;
    }
  }
  jlong bits = 0;
  if (rt_gate_invoke(&gate, function, (size_t)count, argv) != OUTCOME_OK) {
    rt_buf out = {0};
    answer_not_ok(&gate, &out);
    rt_gate_leave(&gate);
    throw_answer(jni, &out);
    return 0;
  }
  if (!primitive_result(env, gate.value, result_type, &bits)) {
    char message[300];
    snprintf(message, sizeof(message), "function %s of module '%s' returned a %s where the bound method expects a %s",
             function->function_name != NULL ? function->function_name : "?", env->module_name,
             type_name(gate.value), result_type == RT_CONTRACT(RET_BOOL) ? "boolean" : "number");
    rt_buf out = {0};
    answer_failure(&out, message);
    rt_gate_leave(&gate);
    throw_answer(jni, &out);
    return 0;
  }
  rt_gate_leave(&gate);
  return bits;
}
