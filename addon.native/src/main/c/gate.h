/*
 * The call gate: the one way in which the runtime's callers (JNI in bridge.c, the native test harness) enter addon
 * code, as Node's napi_env__::CallIntoModule. rt_gate_enter marks the handle stack; one of the entries runs addon
 * code (the module's init, an exported function, an export's getter, a resolved function for the primitive fast
 * path) and turns an exception it left pending into the answer; rt_gate_leave releases what the call made (every
 * handle above the mark, the exception included): until then the answer's values are valid.
 *
 * Cheap on purpose: no allocation, no encoding. The answer is values; the caller converts them (bridge.c encodes
 * them for Java) before rt_gate_leave.
 */
#ifndef ADDON_GATE_H
#define ADDON_GATE_H

#include "codec.h"

typedef struct rt_gate {
  napi_env env;
  size_t mark; /* the handle stack at rt_gate_enter */
  enum rt_outcome outcome;
  napi_value value;  /* OUTCOME_OK: the result (init: the exports), valid until rt_gate_leave */
  napi_value thrown; /* OUTCOME_THROWN: the exception, valid until rt_gate_leave */
  char failure[320]; /* OUTCOME_FAILED: the runtime's message, naming module and export */
} rt_gate;

void rt_gate_enter(rt_gate* gate, napi_env env);
void rt_gate_leave(rt_gate* gate);

/* Runs the module's init with the env's exports; the exports become what it returned, as in Node. */
enum rt_outcome rt_gate_init(rt_gate* gate, napi_addon_register_func init);
/* Calls the exported function 'name' with the exports as this. */
enum rt_outcome rt_gate_call(rt_gate* gate, const char* name, size_t argc, napi_value* argv);
/* Reads the export 'name' (running its getter, if it has one). */
enum rt_outcome rt_gate_get(rt_gate* gate, const char* name);
/* Calls a function resolved before (rt_gate_resolve), with the exports as this: the primitive fast path. */
enum rt_outcome rt_gate_invoke(rt_gate* gate, napi_value function, size_t argc, napi_value* argv);

/*
 * Runs the tasks the env's loop holds (async work completions; see loop.h), each as addon code the runtime calls:
 * an exception one leaves pending is reported as a warning naming it and dropped. Answers how many ran.
 */
size_t rt_gate_run_loop(rt_gate* gate);

/*
 * An operation on a value Java holds a handle to (OP_* of NativeContract; see NativeBridge.objectOp): target is
 * that value, or NULL for the exports. key names the property (OP_GET... OP_CALL_METHOD, OP_CONSTRUCT on the
 * exports); with OP_KEY_IN_ARGUMENTS or-ed in, argv[0] is the key instead (a symbol) and the arguments follow it.
 * OP_WELL_KNOWN_SYMBOL and OP_SYMBOL_FOR answer global.Symbol[key] and Symbol.for(key). The answer is the result,
 * or the exception thrown (a getter, setter, method or constructor is addon code). A misuse JavaScript would throw
 * for (calling what is not a function) throws a TypeError, as it would.
 */
enum rt_outcome rt_gate_object_op(rt_gate* gate, int op, napi_value target, const char* key, size_t argc,
                                  napi_value* argv);

/* The function value behind an export, held until the env closes; NULL if the export is not a plain function. */
napi_value rt_gate_resolve(napi_env env, const char* name);

#endif
