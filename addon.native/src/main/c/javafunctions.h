/*
 * Java functions as JavaScript functions: a Java object passed to an addon as a callback (TAG_JAVA_FUNCTION, a u64
 * id that the Java side gives it) becomes a napi_function whose callback, the trampoline, calls Java back on the
 * same thread. The value is made strict (its `strict` flag, runtime.h): it sees the receiver as passed, as a
 * 'use strict' JavaScript function would. See docs/callbacks.md.
 *
 * Each env keeps a table from id to the function value made for it, holding no reference: while the addon holds
 * the value, the same id decodes to the same value (identity, napi_strict_equals); when the value is freed, its
 * finalizer takes it out of the table and tells Java (rt_java_host.released), which lets go of the Java object.
 *
 * Nothing here knows JNI: the host (bridge.c in the JVM, a fake in the native harness) makes the actual call.
 */
#ifndef ADDON_JAVAFUNCTIONS_H
#define ADDON_JAVAFUNCTIONS_H

#include "codec.h"

typedef struct rt_java_host {
  /*
   * Calls the Java function 'id' with this_arg and argv. Answers its result (a handle in the current scope), or
   * NULL with a JavaScript exception pending in env (the Java exception, or why the call could not be made).
   * limits bound the conversion of the arguments (those of the call that passed the function last).
   */
  napi_value (*call)(napi_env env, uint64_t id, napi_value this_arg, size_t argc, napi_value* argv,
                     rt_limits limits);
  /* The function value of 'id' was freed: Java may let go of the object. Not called while the env is torn down. */
  void (*released)(napi_env env, uint64_t id);
} rt_java_host;

/*
 * The function value of 'id' in env, as a handle in the current scope: the one made before if the addon still
 * holds it, else a new one. NULL if out of memory.
 */
napi_value rt_java_function(napi_env env, uint64_t id, const rt_java_host* host, rt_limits limits);

/* The id behind a function value, if it is a Java function of this runtime copy. */
bool rt_java_function_id(napi_value v, uint64_t* id);

/* How many Java functions env has as values now (the table's size), for tests. */
size_t rt_java_function_count(napi_env env);

/* Frees the table (the values are gone by then): rt_env_free calls it. */
void rt_java_functions_free(napi_env env);

#endif
