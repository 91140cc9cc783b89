/*
 * The raw JNI baseline: the addition the bench addon exports, called the plain JNI way (one static native
 * method, no context, no lock, no Node-API values). The same library is the native code of the plain JNI bundle
 * that the Felix cycle compares with an addon bundle (Bundle-NativeCode + System.loadLibrary).
 */
#include <jni.h>
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
