/* The call gate (see gate.h). */
#include "gate.h"
#include "loop.h"
#include "valuetypes.h"

#include <stdio.h>
#include <stdlib.h>

void rt_gate_enter(rt_gate* gate, napi_env env) {
  gate->env = env;
  gate->mark = env->handle_count;
  gate->outcome = OUTCOME_OK;
  gate->value = NULL;
  gate->thrown = NULL;
}

void rt_gate_leave(rt_gate* gate) {
  rt_scope_release_to(gate->env, gate->mark);
}

/*
 * After addon code ran: an exception it left pending is the answer (and no longer pending), else its result. The
 * exception's reference moves into the gate's scope, so that it lives as long as a result would.
 */
static enum rt_outcome answer(rt_gate* gate, napi_value result) {
  napi_env env = gate->env;
  napi_value thrown = env->pending_exception;
  if (thrown != NULL) {
    env->pending_exception = NULL;
    if (!rt_push_handle(env, thrown)) {
      rt_release(env, thrown);
      snprintf(gate->failure, sizeof(gate->failure), "module '%s' threw, and there was no memory left to say what",
               env->module_name);
      gate->outcome = OUTCOME_FAILED;
      return OUTCOME_FAILED;
    }
    gate->thrown = thrown;
    gate->outcome = OUTCOME_THROWN;
  } else {
    gate->value = result == NULL ? &env->undefined_value : result;
    gate->outcome = OUTCOME_OK;
  }
  return gate->outcome;
}

/* The gate proper: a napi_callback (an exported function or a getter) entered and its answer taken. */
static enum rt_outcome call_into_module(rt_gate* gate, napi_callback cb, void* data, size_t argc, napi_value* argv) {
  struct napi_callback_info__ info = {gate->env->exports, argv, argc, data, NULL};
  rt_clear_error(gate->env); /* as Node: addon code starts with no last error (not the previous call's) */
  return answer(gate, cb(gate->env, &info));
}

/* format names the module, then the export. */
static enum rt_outcome fail(rt_gate* gate, const char* format, const char* name) {
  snprintf(gate->failure, sizeof(gate->failure), format, gate->env->module_name, name);
  gate->outcome = OUTCOME_FAILED;
  return OUTCOME_FAILED;
}

/* The export named, unless the context is closing (a call from a hook or finalizer during teardown). */
static rt_prop* find_export(rt_gate* gate, const char* name) {
  napi_env env = gate->env;
  if (env->tearing_down) {
    snprintf(gate->failure, sizeof(gate->failure), "the context is closing");
    gate->outcome = OUTCOME_FAILED;
    return NULL;
  }
  rt_prop* export = rt_is_object_like(env->exports) ? rt_find_prop(env->exports, name) : NULL;
  if (export == NULL) {
    fail(gate, "module '%s' has no export '%.200s'", name);
  }
  return export;
}

enum rt_outcome rt_gate_init(rt_gate* gate, napi_addon_register_func init) {
  napi_env env = gate->env;
  napi_value exports = env->exports;
  rt_clear_error(env);
  napi_value returned = init(env, exports);
  if (env->pending_exception == NULL && returned == NULL && env->last_error.error_code != napi_ok) {
    /* Node would go on with empty exports; an init that gave up after a failed call is broken, say so. */
    const napi_extended_error_info* info;
    napi_get_last_error_info(env, &info);
    snprintf(gate->failure, sizeof(gate->failure),
             "init returned no exports after a Node-API call failed with status %d (%s)", (int)info->error_code,
             info->error_message != NULL ? info->error_message : "no message");
    gate->outcome = OUTCOME_FAILED;
    return OUTCOME_FAILED;
  }
  if (answer(gate, exports) == OUTCOME_OK && returned != NULL && returned != exports) {
    rt_retain(returned); /* module.exports = what init returned, as Node does */
    env->exports = returned;
    rt_release(env, exports);
    gate->value = returned;
  }
  return gate->outcome;
}

static enum rt_outcome read_export(rt_gate* gate, rt_prop* export) {
  if (export->getter != NULL) {
    return call_into_module(gate, export->getter, export->accessor_data, 0, NULL);
  }
  return answer(gate, export->value);
}

enum rt_outcome rt_gate_get(rt_gate* gate, const char* name) {
  rt_prop* export = find_export(gate, name); /* one lookup: a getter there is addon code, run through the gate */
  if (export == NULL) {
    return gate->outcome;
  }
  return read_export(gate, export);
}

enum rt_outcome rt_gate_call(rt_gate* gate, const char* name, size_t argc, napi_value* argv) {
  rt_prop* export = find_export(gate, name); /* one lookup: a getter there is addon code, run through the gate */
  if (export == NULL) {
    return gate->outcome;
  }
  if (read_export(gate, export) != OUTCOME_OK) {
    return gate->outcome;
  }
  napi_value target = gate->value;
  if (rt_type(target) != napi_function) {
    return fail(gate, "module '%s' exports no function named '%.200s'", name);
  }
  return rt_gate_invoke(gate, target, argc, argv);
}

enum rt_outcome rt_gate_invoke(rt_gate* gate, napi_value function, size_t argc, napi_value* argv) {
  return call_into_module(gate, function->u.function.callback, function->u.function.data, argc, argv);
}

napi_value rt_gate_resolve(napi_env env, const char* name) {
  rt_prop* export = rt_is_object_like(env->exports) ? rt_find_prop(env->exports, name) : NULL;
  napi_value target = export != NULL && export->getter == NULL ? export->value : NULL;
  if (target == NULL || rt_type(target) != napi_function) {
    return NULL;
  }
  rt_retain(target); /* even if the addon replaces the export, the pointer stays valid until teardown */
  return target;
}

size_t rt_gate_run_loop(rt_gate* gate) {
  return rt_loop_run(gate->env);
}

/* ---- Operations on values Java holds (handles) ------------------------------------------------------------- */

/* After a napi_* call of an operation: a pending exception or the result; a failure without one, named. */
static enum rt_outcome settle(rt_gate* gate, napi_status status, const char* what, napi_value result) {
  napi_env env = gate->env;
  if (status != napi_ok && env->pending_exception == NULL) {
    snprintf(gate->failure, sizeof(gate->failure), "module '%s': %s failed: %s (status %d)", env->module_name, what,
             rt_status_message(status), (int)status);
    gate->outcome = OUTCOME_FAILED;
    return OUTCOME_FAILED;
  }
  return answer(gate, result);
}

static enum rt_outcome type_error(rt_gate* gate, const char* format, const char* key) {
  char message[300];
  snprintf(message, sizeof(message), format, key);
  napi_throw_type_error(gate->env, NULL, message);
  return answer(gate, NULL);
}

static napi_value boolean(napi_env env, bool b) {
  return b ? &env->true_value : &env->false_value;
}

/* "Symbol(description)" of a symbol key, for messages: in 'out', cut to its size. */
static const char* key_text(napi_value key, char* out, size_t size) {
  size_t length = 0;
  char* text = rt_type(key) == napi_symbol ? rt_symbol_text(key, &length) : NULL;
  snprintf(out, size, "%s", text != NULL ? text : "the key");
  free(text);
  return out;
}

/* global.Symbol[name]: a well-known symbol (symbols.c makes them once per env), undefined for another name. */
static napi_status well_known_symbol(napi_env env, const char* name, napi_value* result) {
  napi_value global, symbol;
  napi_status status = napi_get_global(env, &global);
  if (status == napi_ok) {
    status = napi_get_named_property(env, global, "Symbol", &symbol);
  }
  if (status == napi_ok) {
    status = rt_type(symbol) == napi_function ? napi_get_named_property(env, symbol, name, result)
                                              : napi_generic_failure;
  }
  if (status == napi_ok && rt_type(*result) != napi_symbol) {
    *result = &env->undefined_value;
  }
  return status;
}

/*
 * OP_GET... OP_CALL_METHOD with OP_KEY_IN_ARGUMENTS: the key is a value (a symbol Java holds a handle to), so the
 * napi_*_property functions that take a napi_value key do the work, as for an addon's own obj[symbol].
 */
static enum rt_outcome value_key_op(rt_gate* gate, int op, napi_value target, napi_value key, size_t argc,
                                    napi_value* argv) {
  napi_env env = gate->env;
  napi_value result = NULL;
  napi_status status;
  bool flag = false;
  char text[220];
  switch (op) {
    case RT_CONTRACT(OP_GET):
      status = napi_get_property(env, target, key, &result);
      return settle(gate, status, "reading a property", result);
    case RT_CONTRACT(OP_SET):
      status = argc < 1 ? napi_invalid_arg : napi_set_property(env, target, key, argv[0]);
      return settle(gate, status, "setting a property", NULL);
    case RT_CONTRACT(OP_HAS):
      status = napi_has_property(env, target, key, &flag);
      return settle(gate, status, "asking for a property", boolean(env, flag));
    case RT_CONTRACT(OP_DELETE):
      status = napi_delete_property(env, target, key, &flag);
      return settle(gate, status, "deleting a property", boolean(env, flag));
    case RT_CONTRACT(OP_CALL_METHOD): {
      napi_value method = NULL;
      status = napi_get_property(env, target, key, &method);
      if (status != napi_ok) {
        return settle(gate, status, "reading a method", NULL);
      }
      if (rt_type(method) != napi_function) {
        return type_error(gate, "%.200s is not a function", key_text(key, text, sizeof(text)));
      }
      status = napi_call_function(env, target, method, argc, argv, &result);
      return settle(gate, status, "calling a method", result);
    }
    default:
      snprintf(gate->failure, sizeof(gate->failure), "operation %d takes no value as its key", op);
      gate->outcome = OUTCOME_FAILED;
      return OUTCOME_FAILED;
  }
}

enum rt_outcome rt_gate_object_op(rt_gate* gate, int op, napi_value target, const char* key, size_t argc,
                                  napi_value* argv) {
  napi_env env = gate->env;
  if (env->tearing_down) {
    snprintf(gate->failure, sizeof(gate->failure), "the context is closing");
    gate->outcome = OUTCOME_FAILED;
    return OUTCOME_FAILED;
  }
  if (target == NULL) {
    target = env->exports;
  }
  napi_value result = NULL;
  napi_status status;
  bool flag = false;
  rt_clear_error(env); /* as for a call: addon code starts with no last error */
  if ((op & RT_CONTRACT(OP_KEY_IN_ARGUMENTS)) != 0) {
    if (argc < 1) {
      return settle(gate, napi_invalid_arg, "reading the key", NULL);
    }
    return value_key_op(gate, op & ~RT_CONTRACT(OP_KEY_IN_ARGUMENTS), target, argv[0], argc - 1, argv + 1);
  }
  switch (op) {
    case RT_CONTRACT(OP_SELF):
      return answer(gate, target);
    case RT_CONTRACT(OP_WELL_KNOWN_SYMBOL):
      status = key == NULL ? napi_invalid_arg : well_known_symbol(env, key, &result);
      return settle(gate, status, "reading a well-known symbol", result);
    case RT_CONTRACT(OP_SYMBOL_FOR):
      status = key == NULL ? napi_invalid_arg : node_api_symbol_for(env, key, NAPI_AUTO_LENGTH, &result);
      return settle(gate, status, "Symbol.for", result);
    case RT_CONTRACT(OP_GET):
      status = napi_get_named_property(env, target, key, &result);
      return settle(gate, status, "reading a property", result);
    case RT_CONTRACT(OP_SET):
      status = argc < 1 ? napi_invalid_arg : napi_set_named_property(env, target, key, argv[0]);
      return settle(gate, status, "setting a property", NULL);
    case RT_CONTRACT(OP_HAS):
      status = napi_has_named_property(env, target, key, &flag);
      return settle(gate, status, "asking for a property", boolean(env, flag));
    case RT_CONTRACT(OP_DELETE): {
      napi_value name;
      status = napi_create_string_utf8(env, key, NAPI_AUTO_LENGTH, &name);
      if (status == napi_ok) {
        status = napi_delete_property(env, target, name, &flag);
      }
      return settle(gate, status, "deleting a property", boolean(env, flag));
    }
    case RT_CONTRACT(OP_CALL_METHOD): {
      napi_value method = NULL;
      status = napi_get_named_property(env, target, key, &method);
      if (status != napi_ok) {
        return settle(gate, status, "reading a method", NULL);
      }
      if (rt_type(method) != napi_function) {
        return type_error(gate, "%.200s is not a function", key);
      }
      status = napi_call_function(env, target, method, argc, argv, &result);
      return settle(gate, status, "calling a method", result);
    }
    case RT_CONTRACT(OP_INVOKE):
      if (rt_type(target) != napi_function) {
        return type_error(gate, "%s is not a function", "the value");
      }
      status = napi_call_function(env, argc > 0 ? argv[0] : &env->undefined_value, target, argc > 0 ? argc - 1 : 0,
                                  argc > 1 ? argv + 1 : NULL, &result);
      return settle(gate, status, "calling a function", result);
    case RT_CONTRACT(OP_CONSTRUCT): {
      napi_value constructor = target;
      if (target == env->exports && key != NULL) {
        status = napi_get_named_property(env, target, key, &constructor);
        if (status != napi_ok) {
          return settle(gate, status, "reading a constructor", NULL);
        }
      }
      if (rt_type(constructor) != napi_function) {
        return type_error(gate, "%.200s is not a constructor", key != NULL ? key : "the value");
      }
      status = napi_new_instance(env, constructor, argc, argv, &result);
      return settle(gate, status, "constructing an object", result);
    }
    case RT_CONTRACT(OP_INSTANCE_OF):
      if (argc < 1 || rt_type(argv[0]) != napi_function) {
        return type_error(gate, "%s", "Right-hand side of 'instanceof' is not callable");
      }
      status = napi_instanceof(env, target, argv[0], &flag);
      return settle(gate, status, "instanceof", boolean(env, flag));
    default:
      snprintf(gate->failure, sizeof(gate->failure), "unknown operation %d", op);
      gate->outcome = OUTCOME_FAILED;
      return OUTCOME_FAILED;
  }
}
