/*
 * The JNI entry points (class dev.addons.core.NativeBridge) and the conversions between Java's arguments and
 * answers and the runtime's, and the other way round, the calls of Java functions back into Java (the host of
 * javafunctions.h): nothing else. Loading is loader.c's, entering addon code is the gate's (gate.c).
 *
 * Each entry point is declared in dev_addons_core_NativeBridge.h, which the build generates from NativeBridge.java
 * with javac -h: a prototype that does not match the Java declaration does not compile.
 *
 * Nothing here may keep the class loader that loaded this copy reachable: the JVM unloads a JNI library (calls
 * JNI_OnUnload, then dlclose) only once that loader is collected, and a refreshed runtime bundle has a new loader
 * and a new copy each time. So no strong JNI global references: the classes used are looked up when needed (errors
 * are rare), except EventLoops, which threads of the async pool call without a Java frame to find it from, and
 * JavaFunctions, which every call of a Java function calls (a FindClass and a method lookup per call were a sixth
 * of a thread-safe call's time): weak global references (they do not keep the loader) and the method ids, taken at
 * JNI_OnLoad; JNI_OnUnload deletes the references and frees what this copy allocated. See docs/runtime-refresh.md
 * and docs/async.md.
 */
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev_addons_core_NativeBridge.h"
#include "gate.h"
#include "javafunctions.h"
#include "handles.h"
#include "loader.h"
#include "loop.h"
#include "valuetypes.h"

#define NATIVE_EXCEPTION "dev/addons/core/NativeException"
/* Makes the Java exception of an answer that is not OUTCOME_OK: the one place that builds AddonException. */
#define VALUE_CODEC "dev/addons/core/ValueCodec"
#define EXCEPTION_OF "exceptionOf"
#define EXCEPTION_OF_SIGNATURE "([B)Ljava/lang/RuntimeException;"

#define EVENT_LOOPS "dev/addons/core/EventLoops"
#define WAKE "wake"
#define WAKE_SIGNATURE "(JZ)V"

static jweak event_loops;  /* weak: see above */
static jmethodID wake_id;
/* Java functions call back into Java through this class (see javafunctions.h and JavaFunctions.java). */
#define JAVA_FUNCTIONS "dev/addons/core/JavaFunctions"
#define INVOKE "invoke"
#define INVOKE_SIGNATURE "(J[B)[B"
#define RELEASED "released"
#define RELEASED_SIGNATURE "(J)V"
/* Calls with only scalars (docs/callbacks.md): the id, the shape, the receiver and SCALAR_MAX_ARGS arguments. */
#define INVOKE_SCALAR "invokeScalar"
#define INVOKE_SCALAR_SIGNATURE "(JIJJJJ)J"
#define TAKE_ANSWER "takeAnswer"
#define TAKE_ANSWER_SIGNATURE "()[B"

static jweak java_functions; /* weak, as event_loops */
static jmethodID invoke_id;
static jmethodID released_id;
static jmethodID invoke_scalar_id;
static jmethodID take_answer_id;

static const char* provider_problem; /* set when another copy with another ABI provides napi_* */
/* The JVM that loaded this copy: a Java function's trampoline gets its thread's JNIEnv from it (not a reference). */
static JavaVM* java_vm;
/*
 * The JVM outlives every copy of the library: kept past JNI_OnUnload (java_vm is cleared there) for the pool's
 * threads, which belong to the provider copy (never unmapped) and may have been attached by any copy's wake.
 */
static JavaVM* process_vm;

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
  if (method == NULL) {
    return false;
  }
  jclass functions = (*jni)->FindClass(jni, JAVA_FUNCTIONS);
  if (functions == NULL) {
    return false;
  }
  invoke_id = (*jni)->GetStaticMethodID(jni, functions, INVOKE, INVOKE_SIGNATURE);
  released_id = invoke_id == NULL ? NULL : (*jni)->GetStaticMethodID(jni, functions, RELEASED, RELEASED_SIGNATURE);
  invoke_scalar_id = released_id == NULL ? NULL
                     : (*jni)->GetStaticMethodID(jni, functions, INVOKE_SCALAR, INVOKE_SCALAR_SIGNATURE);
  take_answer_id = invoke_scalar_id == NULL ? NULL
                   : (*jni)->GetStaticMethodID(jni, functions, TAKE_ANSWER, TAKE_ANSWER_SIGNATURE);
  java_functions = take_answer_id == NULL ? NULL : (*jni)->NewWeakGlobalRef(jni, functions);
  (*jni)->DeleteLocalRef(jni, functions);
  return java_functions != NULL;
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
  jclass loops = (*jni)->FindClass(jni, EVENT_LOOPS);
  wake_id = loops == NULL ? NULL : (*jni)->GetStaticMethodID(jni, loops, WAKE, WAKE_SIGNATURE);
  if (wake_id == NULL) {
    return JNI_ERR;
  }
  event_loops = (*jni)->NewWeakGlobalRef(jni, loops);
  (*jni)->DeleteLocalRef(jni, loops);
  java_vm = vm;
  process_vm = vm;
  /* The provider copy is never unmapped (NODELETE): a later loader may load the same file again, reusing it. */
  provider_problem = rt_loader_promote();
  return JNI_VERSION_1_8;
}

/*
 * The class loader is gone, so no context of this copy is open any more (each holds loader classes). Free the
 * legacy registrations still remembered; the copy is unmapped after this unless it is the provider.
 */
JNIEXPORT void JNICALL JNI_OnUnload(JavaVM* vm, void* reserved) {
  (void)reserved;
  JNIEnv* jni;
  if (event_loops != NULL && (*vm)->GetEnv(vm, (void**)&jni, JNI_VERSION_1_8) == JNI_OK) {
    (*jni)->DeleteWeakGlobalRef(jni, event_loops);
  }
  if (java_functions != NULL && (*vm)->GetEnv(vm, (void**)&jni, JNI_VERSION_1_8) == JNI_OK) {
    (*jni)->DeleteWeakGlobalRef(jni, java_functions);
  }
  java_functions = NULL;
  invoke_id = released_id = invoke_scalar_id = take_answer_id = NULL;
  event_loops = NULL;
  wake_id = NULL;
  java_vm = NULL;
  rt_loader_unload();
}

/*
 * Tasks or settlements wait in env's loop: EventLoops.wake(env, fromPool) schedules a drain of its context, or runs
 * it on this thread if the thread is a pool thread and the context is free (it only looks the env up, so env may be
 * freed by now). A thread not attached to the JVM is attached as a daemon. A pool thread stays attached until it
 * ends (rt_host_pool_thread_exit, in the copy that owns the pool): attaching builds a JavaThread and a
 * java.lang.Thread, and doing it on every wake cost a fifth of a round trip's CPU. That holds nothing of this copy:
 * an attached thread's Thread has no context class loader and no frame left once the upcall returned. Any other
 * thread (one calling a thread-safe function, a call settling a promise) is detached after the call, as before:
 * its end is not ours to see.
 */
static void wake_java(napi_env env, bool from_pool) {
  JNIEnv* jni;
  bool attached = false;
  jint got = (*java_vm)->GetEnv(java_vm, (void**)&jni, JNI_VERSION_1_8);
  if (got == JNI_EDETACHED) {
    JavaVMAttachArgs args = {JNI_VERSION_1_8, "addon-async", NULL};
    if ((*java_vm)->AttachCurrentThreadAsDaemon(java_vm, (void**)&jni, &args) != JNI_OK) {
      return;
    }
    attached = true;
  } else if (got != JNI_OK) {
    return;
  }
  jclass loops = (*jni)->NewLocalRef(jni, event_loops);
  if (loops != NULL) {
    (*jni)->CallStaticVoidMethod(jni, loops, wake_id, (jlong)(intptr_t)env, (jboolean)from_pool);
    if ((*jni)->ExceptionCheck(jni)) {
      (*jni)->ExceptionDescribe(jni); /* wake only schedules; an error there is a bug to see, not to hide */
      (*jni)->ExceptionClear(jni);
    }
    (*jni)->DeleteLocalRef(jni, loops);
  }
  if (attached && !from_pool) {
    (*java_vm)->DetachCurrentThread(java_vm);
  }
}

void rt_host_pool_thread_exit(void) {
  JNIEnv* jni;
  if (process_vm != NULL && (*process_vm)->GetEnv(process_vm, (void**)&jni, JNI_VERSION_1_8) == JNI_OK) {
    (*process_vm)->DetachCurrentThread(process_vm);
  }
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

/* ---- Java functions: the calls back into Java (javafunctions.h) ------------------------------------------------ */
/*
 * A Java function's trampoline runs inside a call from Java (NativeBridge.call on this thread, the context's lock
 * held), so the thread has a JNIEnv and NativeBridge's loader (which holds JavaFunctions, referred to weakly) is
 * alive. Every local reference made here is deleted before returning: a forEach over a million elements runs in
 * one native frame of NativeBridge.call.
 */

static JNIEnv* current_jni(void) {
  JNIEnv* jni;
  if (java_vm == NULL || (*java_vm)->GetEnv(java_vm, (void**)&jni, JNI_VERSION_1_8) != JNI_OK) {
    return NULL;
  }
  return jni;
}

/* If a Java exception is pending, clears it and throws a JavaScript Error naming it instead; true if there was one. */
static bool java_failed(JNIEnv* jni, napi_env env, const char* what) {
  if (!(*jni)->ExceptionCheck(jni)) {
    return false;
  }
  jthrowable e = (*jni)->ExceptionOccurred(jni);
  (*jni)->ExceptionClear(jni);
  char message[512];
  snprintf(message, sizeof(message), "%s: a Java error occurred", what);
  jclass type = e == NULL ? NULL : (*jni)->GetObjectClass(jni, e);
  jmethodID to_string = type == NULL ? NULL : (*jni)->GetMethodID(jni, type, "toString", "()Ljava/lang/String;");
  jstring text = to_string == NULL ? NULL : (jstring)(*jni)->CallObjectMethod(jni, e, to_string);
  if ((*jni)->ExceptionCheck(jni)) {
    (*jni)->ExceptionClear(jni); /* describing it failed too (no memory): the generic message stays */
  } else if (text != NULL) {
    const char* utf = (*jni)->GetStringUTFChars(jni, text, NULL);
    if (utf != NULL) {
      snprintf(message, sizeof(message), "%s: %s", what, utf);
      (*jni)->ReleaseStringUTFChars(jni, text, utf);
    } else {
      (*jni)->ExceptionClear(jni);
    }
  }
  (*jni)->DeleteLocalRef(jni, text);
  (*jni)->DeleteLocalRef(jni, type);
  (*jni)->DeleteLocalRef(jni, e);
  napi_throw_error(env, NULL, message);
  return true;
}

static napi_value throw_null(napi_env env, const char* message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

/* The bytes of a Java function's arguments and of its answer: on the stack up to this size (a callback's usual). */
#define CALL_JAVA_STACK_BYTES 256

/* Frees what the encoder allocated when the bytes outgrew the caller's stack buffer. */
static void free_unless_borrowed(rt_buf* b) {
  if (!b->borrowed) {
    free(b->data);
  }
}

/* [this, ...args] as one value, so that values shared between them cross once (codec.h); NULL if out of memory. */
static bool encode_call(napi_env env, napi_value this_arg, size_t argc, napi_value* argv, rt_limits limits,
                        rt_buf* out) {
  napi_value all = rt_new_handle(env, rt_alloc(env, napi_object, RT_ARRAY));
  bool ok = all != NULL && rt_array_push(env, all, this_arg == NULL ? &env->undefined_value : this_arg) == napi_ok;
  for (size_t i = 0; ok && i < argc; i++) {
    ok = rt_array_push(env, all, argv[i]) == napi_ok;
  }
  if (!ok) {
    throw_null(env, "out of memory passing arguments to a Java function");
    return false;
  }
  if (limits.max_depth < RT_DEPTH_CEILING) {
    limits.max_depth++; /* the arguments sit one level below the array that carries them */
  }
  char* problem = NULL;
  if (!rt_encode_value(env, out, all, limits, "arguments", &problem)) {
    char message[600];
    snprintf(message, sizeof(message), "the arguments of a Java function cannot be converted: %s",
             problem != NULL ? problem : "out of memory");
    free(problem);
    free_unless_borrowed(out);
    throw_null(env, message);
    return false;
  }
  if (out->failed) {
    free_unless_borrowed(out);
    throw_null(env, "out of memory passing arguments to a Java function");
    return false;
  }
  return true;
}

/* Java's answer (JavaFunctions.invoke): OUTCOME_OK and the result, or OUTCOME_THROWN and name, message, code. */
static napi_value decode_java_answer(napi_env env, const uint8_t* bytes, size_t length, rt_limits limits);

static const rt_java_host jni_host;

/* An answer of JavaFunctions.invoke or takeAnswer (a local reference, deleted here) as a value; NULL if it threw. */
static napi_value read_java_answer(napi_env env, JNIEnv* jni, jbyteArray answer, rt_limits limits) {
  if (java_failed(jni, env, "calling a Java function")) {
    (*jni)->DeleteLocalRef(jni, answer);
    return NULL;
  }
  if (answer == NULL) {
    return throw_null(env, "a Java function gave no answer");
  }
  uint8_t stack[CALL_JAVA_STACK_BYTES];
  jsize size = (*jni)->GetArrayLength(jni, answer);
  uint8_t* bytes = (size_t)size <= sizeof(stack) ? stack : malloc((size_t)size);
  if (bytes != NULL) {
    (*jni)->GetByteArrayRegion(jni, answer, 0, size, (jbyte*)bytes);
  }
  (*jni)->DeleteLocalRef(jni, answer);
  if (bytes == NULL) {
    return throw_null(env, "out of memory reading the result of a Java function");
  }
  napi_value result = decode_java_answer(env, bytes, (size_t)size, limits);
  if (bytes != stack) {
    free(bytes);
  }
  return result;
}

/*
 * The scalar call (JavaFunctions.invokeScalar): a receiver and at most SCALAR_MAX_ARGS arguments that are all
 * undefined, null, booleans or numbers go as primitive parameters, each slot's kind (its codec tag) in the shape,
 * and the usual answers (null, undefined, a boolean, a number) come back as one long: no arrays, no codec, one
 * upcall. Numbers are told apart as encode_number (codec.c) does, so Java sees the same Integer, Long or Double.
 */
enum {
  SCALAR_MAX_ARGS = RT_CONTRACT(SCALAR_MAX_ARGS),
  SCALAR_COUNT_BITS = RT_CONTRACT(SCALAR_COUNT_BITS),
  SCALAR_KIND_BITS = RT_CONTRACT(SCALAR_KIND_BITS),
  SCALAR_IN_BYTES = RT_CONTRACT(SCALAR_IN_BYTES),
};
#define SCALAR_TAGGED ((uint64_t)RT_CONTRACT(SCALAR_TAGGED))

/* One slot of a scalar call: false if v is not a scalar (then the call takes the encoded path). */
static bool scalar_slot(napi_value v, unsigned slot, jint* shape, jlong* bits) {
  unsigned tag;
  *bits = 0;
  switch (v == NULL ? napi_undefined : rt_type(v)) {
    case napi_undefined:
      tag = TAG_UNDEFINED;
      break;
    case napi_null:
      tag = TAG_NULL;
      break;
    case napi_boolean:
      tag = v->u.boolean ? TAG_TRUE : TAG_FALSE;
      break;
    case napi_number: {
      double d = rt_number(v);
      if (d >= -2147483648.0 && d <= 2147483647.0 && d == (double)(int32_t)d && !(d == 0 && 1 / d < 0)) {
        tag = TAG_INT32;
        *bits = (int32_t)d;
      } else {
        tag = TAG_DOUBLE;
        memcpy(bits, &d, sizeof(d));
      }
      break;
    }
    default:
      return false;
  }
  *shape |= (jint)(tag << (SCALAR_COUNT_BITS + slot * SCALAR_KIND_BITS));
  return true;
}

/* The shape and slots of a scalar call, or false if the call is not one. */
static bool scalar_call(napi_value this_arg, size_t argc, napi_value* argv, rt_limits limits, jint* shape,
                        jlong slots[1 + SCALAR_MAX_ARGS]) {
  /* The encoded path counts the carrying array, the receiver and each argument against max_values: so here. */
  if (argc > SCALAR_MAX_ARGS || limits.max_values < argc + 2) {
    return false;
  }
  *shape = (jint)argc;
  if (!scalar_slot(this_arg, 0, shape, &slots[0])) {
    return false;
  }
  for (size_t i = 0; i < argc; i++) {
    if (!scalar_slot(argv[i], (unsigned)i + 1, shape, &slots[i + 1])) {
      return false;
    }
  }
  for (size_t i = argc + 1; i <= SCALAR_MAX_ARGS; i++) {
    slots[i] = 0;
  }
  return true;
}

/* A scalar answer (JavaFunctions.scalarAnswer) as a value; the rest is in bytes, taken from Java now. */
static napi_value scalar_answer(napi_env env, JNIEnv* jni, jclass functions, uint64_t answer, rt_limits limits) {
  if ((answer & SCALAR_TAGGED) != SCALAR_TAGGED) {
    double d;
    memcpy(&d, &answer, sizeof(d));
    napi_value number = rt_make_number(env, d);
    return number != NULL ? number : throw_null(env, "out of memory converting the result of a Java function");
  }
  switch ((answer >> 32) & 0xFFFF) {
    case TAG_UNDEFINED:
      return &env->undefined_value;
    case TAG_NULL:
      return &env->null_value;
    case TAG_FALSE:
      return &env->false_value;
    case TAG_TRUE:
      return &env->true_value;
    case TAG_INT32:
      return rt_immediate_int32((int32_t)(uint32_t)answer);
    case SCALAR_IN_BYTES:
      return read_java_answer(env, jni, (*jni)->CallStaticObjectMethod(jni, functions, take_answer_id), limits);
    default:
      return throw_null(env, "a Java function gave an answer of an unknown kind");
  }
}

static napi_value call_java_scalar(napi_env env, JNIEnv* jni, uint64_t id, jint shape,
                                   const jlong slots[1 + SCALAR_MAX_ARGS], rt_limits limits) {
  /* The weak reference as it is, without a local one per call: it cannot be cleared here, since this thread is
     inside a native method of NativeBridge, whose class loader holds JavaFunctions (see above). */
  jclass functions = (jclass)java_functions;
  if (functions == NULL) {
    return throw_null(env, "a Java function gave no answer (the runtime's classes are gone)");
  }
  _Static_assert(SCALAR_MAX_ARGS == 3, "invokeScalar's signature takes the receiver and three arguments");
  jlong answer = (*jni)->CallStaticLongMethod(jni, functions, invoke_scalar_id, (jlong)id, shape, slots[0],
                                              slots[1], slots[2], slots[3]);
  return java_failed(jni, env, "calling a Java function") ? NULL
         : scalar_answer(env, jni, functions, (uint64_t)answer, limits);
}

static napi_value call_java(napi_env env, uint64_t id, napi_value this_arg, size_t argc, napi_value* argv,
                            rt_limits limits) {
  JNIEnv* jni = current_jni();
  if (jni == NULL) {
    return throw_null(env, "a Java function was called on a thread the JVM does not know");
  }
  jint shape;
  jlong slots[1 + SCALAR_MAX_ARGS];
  if (scalar_call(this_arg, argc, argv, limits, &shape, slots)) {
    return call_java_scalar(env, jni, id, shape, slots, limits);
  }
  /* Per call, no malloc for small arguments and answers: the encoder moves to the heap only if they outgrow it. */
  uint8_t stack[CALL_JAVA_STACK_BYTES];
  rt_buf out = {.data = stack, .cap = sizeof(stack), .borrowed = true};
  if (!encode_call(env, this_arg, argc, argv, limits, &out)) {
    return NULL;
  }
  jbyteArray arguments = out.length > (size_t)INT32_MAX ? NULL : (*jni)->NewByteArray(jni, (jsize)out.length);
  if (arguments != NULL) {
    (*jni)->SetByteArrayRegion(jni, arguments, 0, (jsize)out.length, (const jbyte*)out.data);
  }
  free_unless_borrowed(&out);
  if (java_failed(jni, env, "calling a Java function") || arguments == NULL) {
    (*jni)->DeleteLocalRef(jni, arguments);
    return arguments == NULL && env->pending_exception == NULL ? throw_null(env, "arguments too large for Java")
                                                               : NULL;
  }
  jclass functions = (*jni)->NewLocalRef(jni, java_functions);
  jbyteArray answer = functions == NULL ? NULL
                      : (jbyteArray)(*jni)->CallStaticObjectMethod(jni, functions, invoke_id, (jlong)id, arguments);
  (*jni)->DeleteLocalRef(jni, arguments);
  (*jni)->DeleteLocalRef(jni, functions);
  return read_java_answer(env, jni, answer, limits);
}

static napi_value decode_java_answer(napi_env env, const uint8_t* bytes, size_t length, rt_limits limits) {
  if (length < 1) {
    return throw_null(env, "a Java function gave an empty answer");
  }
  rt_reader in = {.p = bytes + 1, .remaining = length - 1, .max_depth = limits.max_depth,
                  .max_values = limits.max_values, .java_host = &jni_host};
  napi_value result = NULL;
  if (bytes[0] == OUTCOME_OK) {
    result = rt_decode_value(env, &in, 0);
    if (result == NULL && env->pending_exception == NULL) {
      throw_null(env, in.error != NULL ? in.error : "out of memory converting the result of a Java function");
    }
  } else {
    /* name, message, code (a string or undefined): the Java exception as a JavaScript error. */
    napi_value name = rt_decode_value(env, &in, 0);
    napi_value message = name == NULL ? NULL : rt_decode_value(env, &in, 0);
    napi_value code = message == NULL ? NULL : rt_decode_value(env, &in, 0);
    bool well_formed = code != NULL && rt_type(name) == napi_string && rt_type(message) == napi_string;
    napi_value error = !well_formed ? NULL
                       : rt_make_error(env, name->u.string.data, rt_type(code) == napi_string ? code : NULL, message);
    if (error == NULL || napi_throw(env, error) != napi_ok) {
      throw_null(env, "a Java function threw, and its exception could not be converted");
    }
  }
  rt_reader_free(&in);
  return result;
}

/* The function value went: JavaFunctions lets go of the Java object (never during teardown: see released()). */
static void java_released(napi_env env, uint64_t id) {
  JNIEnv* jni = current_jni();
  if (jni == NULL) {
    rt_warn(env, "a Java function (id %llu) was freed on a thread the JVM does not know: it stays registered "
            "until the context closes", (unsigned long long)id);
    return;
  }
  jclass functions = (*jni)->NewLocalRef(jni, java_functions);
  if (functions != NULL) {
    (*jni)->CallStaticVoidMethod(jni, functions, released_id, (jlong)id);
  }
  (*jni)->DeleteLocalRef(jni, functions);
  if ((*jni)->ExceptionCheck(jni)) {
    /* A finalizer has nobody to throw to: say it, and let the context's close let go of the function. */
    (*jni)->ExceptionClear(jni);
    rt_warn(env, "letting go of a Java function (id %llu) failed in Java: it stays registered until the context "
            "closes", (unsigned long long)id);
  }
}

static const rt_java_host jni_host = {call_java, java_released};

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

/* THROWN and FAILED: what the gate answered, encoded; the thrown value within limits. */
static void answer_not_ok(rt_gate* gate, rt_buf* out, rt_limits limits) {
  if (gate->outcome == OUTCOME_THROWN) {
    rt_buf_u8(out, OUTCOME_THROWN);
    rt_encode_exception(gate->env, out, gate->thrown, limits);
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

/* Leaves the gate, then adds the env's warnings to the answer. */
static void leave_with_warnings(rt_gate* gate, rt_buf* out) {
  rt_gate_leave(gate);
  char* warnings = take_warnings(gate->env);
  if (warnings != NULL && !out->failed && out->length > 0) {
    out->data[0] = (uint8_t)(out->data[0] | OUTCOME_WARNINGS);
    rt_buf_string(out, warnings, strlen(warnings));
  }
  free(warnings);
}

/* Leaves the gate, then adds the warnings and hands the answer to Java. */
static jbyteArray finish(JNIEnv* jni, rt_gate* gate, rt_buf* out) {
  leave_with_warnings(gate, out);
  return byte_array(jni, out);
}

static rt_limits limits_of(jint max_depth, jlong max_values) {
  rt_limits limits = {max_depth < 0 ? 0 : (uint32_t)max_depth, max_values < 0 ? 0 : (uint64_t)max_values, false};
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
  env->wake = wake_java;
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
    answer_not_ok(&gate, &out, RT_THROWN_LIMITS_UNCONFIGURED); /* Java decodes init's answer without handles */
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
  jbyteArray answer = finish(jni, &gate, &out);
  rt_store_trim(gate.env); /* the context may stay idle from now on: keep only what the module holds */
  return answer;
}

/*
 * The arguments Java encoded (u32 count, values) as values in the gate's scope; false with out answered if not.
 * The values copy what they need: the bytes may be overwritten once this returns.
 */
static bool decode_arguments(rt_gate* gate, const uint8_t* bytes, size_t size, rt_limits limits, napi_value* small,
                             size_t small_count, napi_value** argv, uint32_t* argc, rt_buf* out) {
  rt_reader in = {.p = bytes, .remaining = size, .max_depth = limits.max_depth, .max_values = limits.max_values,
                  .java_host = &jni_host};
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
  if (*argv == NULL || decoded < *argc) {
    answer_failure(out, *argv == NULL ? "out of memory"
                        : in.error != NULL ? in.error : "out of memory decoding arguments");
    return false;
  }
  return true;
}

#define NAME_ON_STACK 128

/*
 * The generic call. Java lends one buffer (its context's transport, see CallTransport.java) that holds the
 * arguments (u32 count, values: argument_length bytes) followed by the export's name (name_length bytes of UTF-8
 * and a NUL). The answer goes into the same buffer, over the arguments: its length is returned. An answer larger
 * than capacity stays in C memory: then the buffer's first 8 bytes hold its address and the negated length is
 * returned, and Java moves it into a larger buffer with moveAnswer. No Java object is made here.
 */
JNIEXPORT jlong JNICALL Java_dev_addons_core_NativeBridge_call(JNIEnv* jni, jclass cls, jlong jenv, jlong jbuffer,
                                                               jint capacity, jint argument_length,
                                                               jint name_length, jint max_depth,
                                                               jlong max_values) {
  (void)cls;
  uint8_t* buffer = (uint8_t*)(intptr_t)jbuffer;
  rt_limits limits = limits_of(max_depth, max_values);
  /* The answer overwrites the buffer, and an error message may name the export after that: copy the name. */
  char stack_name[NAME_ON_STACK];
  size_t length = (size_t)name_length;
  char* name = length < sizeof(stack_name) ? stack_name : malloc(length + 1);
  if (name == NULL) {
    throw_native(jni, "out of memory");
    return 0;
  }
  memcpy(name, buffer + argument_length, length);
  name[length] = '\0';
  rt_gate gate;
  rt_buf out = {.data = buffer, .cap = (size_t)capacity, .borrowed = true};
  rt_gate_enter(&gate, (napi_env)(intptr_t)jenv);
  napi_value small[8];
  napi_value* argv = small;
  uint32_t argc = 0;
  if (decode_arguments(&gate, buffer, (size_t)argument_length, limits, small, 8, &argv, &argc, &out)) {
    if (rt_gate_call(&gate, name, argc, argv) == OUTCOME_OK) {
      answer_value(&gate, &out, limits, name, true);
    } else {
      answer_not_ok(&gate, &out, limits);
    }
  }
  if (argv != small) {
    free(argv);
  }
  if (name != stack_name) {
    free(name);
  }
  leave_with_warnings(&gate, &out);
  if (out.failed || out.length > (size_t)INT32_MAX - 16) {
    if (!out.borrowed) {
      free(out.data);
    }
    if (out.failed) {
      throw_native(jni, "out of memory while encoding a result");
    } else {
      throw_native(jni, "the encoded result (%zu bytes) is larger than a Java buffer can hold", out.length);
    }
    return 0;
  }
  if (out.borrowed) {
    return (jlong)out.length;
  }
  memcpy(buffer, &out.data, sizeof(out.data)); /* capacity is at least 8: Java makes no smaller buffer */
  return -(jlong)out.length;
}

/*
 * The second half of a call whose answer did not fit: copies it into Java's larger buffer (to; 0 when Java could
 * not make one) and frees it.
 */
JNIEXPORT void JNICALL Java_dev_addons_core_NativeBridge_moveAnswer(JNIEnv* jni, jclass cls, jlong jfrom, jlong jto,
                                                                    jint length) {
  (void)jni;
  (void)cls;
  uint8_t* from = (uint8_t*)(intptr_t)jfrom;
  if (jto != 0) {
    memcpy((uint8_t*)(intptr_t)jto, from, (size_t)length);
  }
  free(from);
}

/* The address of a direct buffer's memory: asked once per buffer, then passed to call as a number. */
JNIEXPORT jlong JNICALL Java_dev_addons_core_NativeBridge_address(JNIEnv* jni, jclass cls, jobject buffer) {
  (void)cls;
  void* address = (*jni)->GetDirectBufferAddress(jni, buffer);
  if (address == NULL) {
    throw_native(jni, "not a direct buffer");
  }
  return (jlong)(intptr_t)address;
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
    answer_not_ok(&gate, &out, limits_of(max_depth, max_values));
  }
  jbyteArray answer = finish(jni, &gate, &out);
  (*jni)->ReleaseStringUTFChars(jni, jname, name);
  return answer;
}

/* ---- Handles: operations on values Java holds, and their release (handles.h) ------------------------------- */

/* decode_arguments of arguments Java passed as a byte[] (operations on handles, which do not use the transport). */
static bool decode_argument_array(JNIEnv* jni, rt_gate* gate, jbyteArray jargs, rt_limits limits, napi_value* small,
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
  bool ok = decode_arguments(gate, bytes, (size_t)size, limits, small, small_count, argv, argc, out);
  if (bytes != stack) {
    free(bytes);
  }
  return ok;
}

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
  } else if (decode_argument_array(jni, &gate, jargs, limits, small, 8, &argv, &argc, &out)) {
    if (rt_gate_object_op(&gate, op, target, key, argc, argv) != OUTCOME_OK) {
      answer_not_ok(&gate, &out, limits);
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

/* What a value is, for a message: "a number", "an object", "an array"... */
static const char* value_kind(napi_value v) {
  switch (rt_type(v)) {
    case napi_undefined:
      return "undefined";
    case napi_null:
      return "null";
    case napi_boolean:
      return "a boolean";
    case napi_number:
      return "a number";
    case napi_string:
      return "a string";
    case napi_symbol:
      return "a symbol";
    case napi_function:
      return "a function";
    case napi_external:
      return "an external";
    case napi_bigint:
      return "a BigInt";
    default:
      return (rt_flags(v) & RT_ARRAY) ? "an array" : "an object";
  }
}

/*
 * A direct ByteBuffer over the bytes a typed array, DataView, Buffer or ArrayBuffer shows, made here so that Java
 * never holds the address as a number; null if it shows none (detached, or empty). Runs no addon code: the caller
 * holds the context's lock for as long as Java uses the buffer. Throws IllegalArgumentException for another value.
 */
JNIEXPORT jobject JNICALL Java_dev_addons_core_NativeBridge_bytes(JNIEnv* jni, jclass cls, jlong jenv,
                                                                  jlong target_id) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  napi_value v = rt_handles_value(env, (uint64_t)target_id);
  if (v == NULL) {
    throw_native(jni, "module '%s': handle %lld was released", env->module_name, (long long)target_id);
    return NULL;
  }
  uint8_t* data = NULL;
  size_t length = 0;
  uint8_t flags = rt_flags(v);
  if (rt_type(v) == napi_object && (flags & (RT_BUFFER | RT_VIEW)) != 0) {
    rt_view_bytes(v, &data, &length);
  } else if (rt_type(v) == napi_object && (flags & RT_ARRAYBUFFER) != 0) {
    if (!v->u.bytes.detached) {
      data = v->u.bytes.data;
      length = v->u.bytes.length;
    }
  } else {
    jclass type = (*jni)->FindClass(jni, "java/lang/IllegalArgumentException");
    if (type != NULL) {
      char message[300];
      snprintf(message, sizeof(message),
               "module '%s': the value is %s, not a typed array, DataView, Buffer or ArrayBuffer", env->module_name,
               value_kind(v));
      (*jni)->ThrowNew(jni, type, message);
    }
    return NULL;
  }
  if (data == NULL || length == 0) {
    return NULL;
  }
  if (length > (size_t)INT32_MAX) {
    throw_native(jni, "module '%s': %zu bytes are more than a ByteBuffer can show", env->module_name, length);
    return NULL;
  }
  return (*jni)->NewDirectByteBuffer(jni, data, (jlong)length);
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

/* ---- The event loop (docs/async.md) ----------------------------------------------------------------------- */

JNIEXPORT jbyteArray JNICALL Java_dev_addons_core_NativeBridge_drainLoop(JNIEnv* jni, jclass cls, jlong jenv,
                                                                         jint max_depth, jlong max_values) {
  (void)cls;
  napi_env env = (napi_env)(intptr_t)jenv;
  rt_gate gate;
  rt_buf out = {0};
  rt_gate_enter(&gate, env);
  rt_gate_run_loop(&gate);
  rt_buf_u8(&out, OUTCOME_OK);
  bool settled = rt_loop_take_settled(env, &out, limits_of(max_depth, max_values));
  if (!settled && env->warnings == NULL) {
    rt_gate_leave(&gate);
    free(out.data);
    rt_loop_trim_if_idle(env);
    return NULL;
  }
  if (!settled) {
    rt_buf_u32(&out, 0);
  }
  jbyteArray answer = finish(jni, &gate, &out);
  rt_loop_trim_if_idle(env);
  return answer;
}

JNIEXPORT void JNICALL Java_dev_addons_core_NativeBridge_configurePool(JNIEnv* jni, jclass cls, jint threads) {
  (void)jni;
  (void)cls;
  rt_pool_configure(threads);
}

JNIEXPORT void JNICALL Java_dev_addons_core_NativeBridge_stopPool(JNIEnv* jni, jclass cls) {
  (void)jni;
  (void)cls;
  rt_pool_stop();
}

JNIEXPORT jint JNICALL Java_dev_addons_core_NativeBridge_poolThreads(JNIEnv* jni, jclass cls) {
  (void)jni;
  (void)cls;
  return rt_pool_started_threads();
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
    answer_not_ok(&gate, &out, RT_THROWN_LIMITS_UNCONFIGURED); /* exceptionOf reads it without the handle table */
    rt_gate_leave(&gate);
    throw_answer(jni, &out);
    return 0;
  }
  if (!primitive_result(env, gate.value, result_type, &bits)) {
    char message[300];
    snprintf(message, sizeof(message), "function %s of module '%s' returned a %s where the bound method expects a %s",
             function->u.function.name != NULL ? function->u.function.name : "?", env->module_name,
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
