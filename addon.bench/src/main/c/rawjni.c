/*
 * The raw JNI baseline: the addition the bench addon exports, called the plain JNI way (one static native
 * method, no context, no lock, no Node-API values). The same library is the native code of the plain JNI bundle
 * that the Felix cycle compares with an addon bundle (Bundle-NativeCode + System.loadLibrary).
 */
#include <jni.h>
#include <malloc.h>
#include <stdint.h>

#include "bench_add.h"

JNIEXPORT jint JNICALL Java_dev_addons_bench_RawJni_add(JNIEnv* env, jclass cls, jint a, jint b) {
  (void)env;
  (void)cls;
  return bench_add(a, b);
}

JNIEXPORT jint JNICALL Java_dev_addons_bench_jnibundle_JniAdder_add(JNIEnv* env, jclass cls, jint a, jint b) {
  (void)env;
  (void)cls;
  return bench_add(a, b);
}

/* Bytes the C heap (malloc, all arenas, including large mmap()ed blocks) has handed out and not got back: the RSS
 * harness's way to tell native leaks from the JVM's own growth. */
JNIEXPORT jlong JNICALL Java_dev_addons_bench_RawJni_mallocInUse(JNIEnv* env, jclass cls) {
  (void)env;
  (void)cls;
  struct mallinfo2 m = mallinfo2();
  return (jlong)(m.uordblks + m.hblkhd);
}

/* Bytes the C heap holds from the system (arenas + mmap()ed blocks), in use or free. */
JNIEXPORT jlong JNICALL Java_dev_addons_bench_RawJni_mallocHeld(JNIEnv* env, jclass cls) {
  (void)env;
  (void)cls;
  struct mallinfo2 m = mallinfo2();
  return (jlong)(m.arena + m.hblkhd);
}

/* Gives free C heap memory back to the system (glibc malloc_trim): what RSS would be without allocator retention. */
JNIEXPORT void JNICALL Java_dev_addons_bench_RawJni_mallocTrim(JNIEnv* env, jclass cls) {
  (void)env;
  (void)cls;
  malloc_trim(0);
}
