/*
 * Classes and prototypes: napi_define_class, napi_new_instance, napi_instanceof, napi_get_prototype; and what the
 * optional part of an object (rt_object_extra) carries besides: type tags, integrity levels (freeze, seal) and
 * the finalizers napi_add_finalizer adds. Property lookup along the chain is objects.c's; freeing is store.c's.
 *
 * Every status and every exception here is the one Node 20 gives (measured with a probe addon, see
 * docs/node-api.md "Classes and prototypes").
 *
 * There are no built-in objects but `Object` (and `Symbol`, see symbols.c) on the global object: Object.prototype is
 * stood in for by one object per env (with only its `constructor`), made when napi_get_prototype or
 * napi_get_global first needs it, which the lookups of every object without a prototype of its own then see.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

/* What V8 calls an object: napi_object, napi_function, and externals. */
static bool is_object(napi_value v) {
  return rt_is_object_like(v) || rt_type(v) == napi_external;
}

napi_value rt_proto_of(napi_env env, napi_value object) {
  if (object->extra != NULL && object->extra->proto != NULL) {
    return object->extra->proto;
  }
  return object == env->object_prototype ? NULL : env->object_prototype;
}

static napi_value object_prototype(napi_env env) {
  if (env->object_prototype == NULL) {
    env->object_prototype = rt_alloc(env, napi_object, 0);
    rt_retain(env->object_prototype); /* the env's until teardown's sweep */
  }
  return env->object_prototype;
}

/* V8's ToObject of undefined or null, which the functions taking "an object or what converts to one" do after
   their NULL checks: a TypeError, and the status Node 20 answers then (napi_object_expected, or for type tags
   napi_pending_exception). */
napi_status rt_to_object_failed(napi_env env, napi_status status) {
  napi_throw_type_error(env, NULL, "Cannot convert undefined or null to object");
  return rt_set_error(env, status);
}

static bool is_nullish(napi_value v) {
  napi_valuetype type = rt_type(v);
  return type == napi_undefined || type == napi_null;
}

/* ---- Classes ------------------------------------------------------------------------------------------- */

/* A new prototype object for cls, linked as V8's FunctionTemplate links them: cls.prototype writable only,
   cls.prototype.constructor not enumerable. The two hold each other: a cycle, kept until the context closes
   (docs/limits.md). NULL if out of memory. */
static napi_value new_prototype(napi_env env, napi_value cls) {
  napi_value prototype = rt_new_handle(env, rt_alloc(env, napi_object, 0));
  if (prototype == NULL) {
    return NULL;
  }
  napi_property_descriptor links[2] = {
      {"prototype", NULL, NULL, NULL, NULL, prototype, napi_writable, NULL},
      {"constructor", NULL, NULL, NULL, NULL, cls, napi_writable | napi_configurable, NULL},
  };
  if (rt_define_property(env, cls, &links[0], false) != napi_ok ||
      rt_define_property(env, prototype, &links[1], false) != napi_ok) {
    return NULL;
  }
  return prototype;
}

napi_status NAPI_CDECL napi_define_class(napi_env env, const char* utf8name, size_t length, napi_callback constructor,
                                         void* data, size_t property_count,
                                         const napi_property_descriptor* properties, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, result);
  CHECK_ARG(env, constructor);
  CHECK_ARG(env, utf8name);
  if (property_count > 0) {
    CHECK_ARG(env, properties);
  }
  if (length != NAPI_AUTO_LENGTH && length > INT_MAX) {
    return rt_set_error(env, napi_invalid_arg);
  }
  napi_value cls = rt_make_function(env, utf8name, length, constructor, data);
  napi_value prototype = cls == NULL ? NULL : new_prototype(env, cls);
  if (prototype == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor* d = &properties[i];
    bool is_static = (d->attributes & napi_static) != 0;
    napi_status s = rt_define_property(env, is_static ? cls : prototype, d, !is_static);
    if (s != napi_ok) {
      return s;
    }
  }
  *result = cls;
  return rt_clear_error(env);
}

/* The prototype of what `new constructor` makes: constructor.prototype, made on first use for a function of
   napi_create_function (V8 gives every such function one; this runtime only when it is asked for). */
static napi_value prototype_for_new(napi_env env, napi_value constructor) {
  rt_prop* p = rt_find_prop(constructor, "prototype");
  if (p == NULL) {
    return new_prototype(env, constructor); /* NULL if out of memory: the instance gets Object.prototype */
  }
  napi_value prototype = NULL;
  rt_get_prop(env, constructor, "prototype", &prototype);
  return prototype != NULL && is_object(prototype) ? prototype : NULL; /* not an object: Object.prototype */
}

napi_status NAPI_CDECL napi_new_instance(napi_env env, napi_value constructor, size_t argc, const napi_value* argv,
                                         napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, constructor);
  if (argc > 0) {
    CHECK_ARG(env, argv);
  }
  CHECK_ARG(env, result);
  if (rt_type(constructor) != napi_function) {
    return rt_set_error(env, napi_invalid_arg); /* Node 20: not napi_function_expected */
  }
  napi_value prototype = prototype_for_new(env, constructor);
  if (env->pending_exception != NULL) {
    return rt_set_error(env, napi_pending_exception); /* a getter of `prototype` threw */
  }
  napi_value instance = rt_new_handle(env, rt_alloc(env, napi_object, 0));
  if (instance == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  if (prototype != NULL) {
    rt_object_extra* extra = rt_extra(instance);
    if (extra == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
    rt_retain(prototype);
    extra->proto = prototype;
  }
  struct napi_callback_info__ info = {instance, (napi_value*)argv, argc, constructor->u.function.data, constructor};
  napi_value returned = constructor->u.function.callback(env, &info);
  if (env->pending_exception != NULL) {
    return rt_set_error(env, napi_pending_exception);
  }
  /* As a JavaScript constructor: an object it returns replaces `this`; anything else is ignored. */
  *result = returned != NULL && is_object(returned) ? returned : instance;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_get_prototype(napi_env env, napi_value object, napi_value* result) {
  PREAMBLE(env);
  CHECK_ARG(env, object);
  CHECK_ARG(env, result);
  if (is_nullish(object)) {
    return rt_to_object_failed(env, napi_object_expected);
  }
  if (!is_object(object) || object == env->object_prototype) {
    /* A primitive's prototype (Number.prototype...) has no stand-in of its own: Object.prototype's answers. */
    *result = object == env->object_prototype ? &env->null_value : object_prototype(env);
    return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
  }
  napi_value prototype = object->extra != NULL ? object->extra->proto : NULL;
  *result = rt_new_handle(env, prototype != NULL ? prototype : object_prototype(env));
  return *result == NULL ? rt_set_error(env, napi_generic_failure) : rt_clear_error(env);
}

napi_status NAPI_CDECL napi_instanceof(napi_env env, napi_value object, napi_value constructor, bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, object);
  CHECK_ARG(env, result);
  *result = false;
  CHECK_ARG(env, constructor);
  if (rt_type(constructor) != napi_function) {
    napi_throw_type_error(env, "ERR_NAPI_CONS_FUNCTION", "Constructor must be a function");
    return rt_set_error(env, napi_function_expected);
  }
  if (!is_object(object) || rt_find_prop(constructor, "prototype") == NULL) {
    return rt_clear_error(env); /* no prototype yet: nothing can inherit from it */
  }
  napi_value prototype = NULL;
  rt_get_prop(env, constructor, "prototype", &prototype);
  if (env->pending_exception != NULL) {
    return rt_set_error(env, napi_pending_exception);
  }
  if (prototype == NULL || !is_object(prototype)) {
    napi_throw_type_error(env, NULL, "Function has non-object prototype in instanceof check");
    return rt_set_error(env, napi_pending_exception);
  }
  for (napi_value o = rt_proto_of(env, object); o != NULL; o = rt_proto_of(env, o)) {
    if (o == prototype) {
      *result = true;
      break;
    }
  }
  return rt_clear_error(env);
}

/* ---- The global Object ------------------------------------------------------------------------------------ */
/*
 * The one built-in: `Object` on the global object, whose `prototype` is the Object.prototype stand-in, so that an
 * addon can ask napi_instanceof(value, Object) and compare prototypes with Object.prototype as it can in Node. It
 * converts as Object(value) does: an object stays itself, a primitive gets its wrapper, undefined, null or nothing
 * give a new object. Object.prototype has no methods (no toString, no hasOwnProperty): there are no built-ins
 * besides it.
 */
static napi_value object_function(napi_env env, napi_callback_info info) {
  napi_value value = info->argc > 0 ? info->argv[0] : &env->undefined_value;
  napi_value result = NULL;
  if (is_nullish(value)) {
    napi_create_object(env, &result);
  } else {
    napi_coerce_to_object(env, value, &result);
  }
  return result;
}

bool rt_fill_global(napi_env env) {
  size_t mark = env->handle_count;
  napi_value prototype = object_prototype(env);
  napi_value object =
      prototype == NULL ? NULL : rt_make_function(env, "Object", NAPI_AUTO_LENGTH, object_function, NULL);
  rt_prop* length = object == NULL ? NULL : rt_find_prop(object, "length");
  bool ok = length != NULL;
  if (ok) {
    length->value = rt_make_number(env, 1); /* Object.length: an immediate, nothing to release */
    napi_property_descriptor links[3] = {
        {"prototype", NULL, NULL, NULL, NULL, prototype, napi_default, NULL},
        {"constructor", NULL, NULL, NULL, NULL, object, napi_writable | napi_configurable, NULL},
        {"Object", NULL, NULL, NULL, NULL, object, napi_writable | napi_configurable, NULL},
    };
    ok = rt_define_property(env, object, &links[0], false) == napi_ok &&
         rt_define_property(env, prototype, &links[1], false) == napi_ok &&
         rt_define_property(env, env->global, &links[2], false) == napi_ok;
  }
  rt_scope_release_to(env, mark);
  return ok && rt_fill_global_symbol(env);
}

/* ---- Type tags ----------------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_type_tag_object(napi_env env, napi_value object, const napi_type_tag* type_tag) {
  PREAMBLE(env);
  CHECK_ARG(env, object);
  if (is_nullish(object)) {
    return rt_to_object_failed(env, napi_pending_exception);
  }
  CHECK_ARG(env, type_tag);
  if (!is_object(object)) {
    return rt_clear_error(env); /* Node tags the temporary wrapper object: nothing to keep */
  }
  rt_object_extra* extra = rt_extra(object);
  if (extra == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  if (extra->tagged) {
    return rt_set_error(env, napi_invalid_arg); /* tagged once, for good: even with the same tag */
  }
  extra->type_tag = *type_tag;
  extra->tagged = true;
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_check_object_type_tag(napi_env env, napi_value object, const napi_type_tag* type_tag,
                                                  bool* result) {
  PREAMBLE(env);
  CHECK_ARG(env, object);
  if (is_nullish(object)) {
    return rt_to_object_failed(env, napi_pending_exception);
  }
  CHECK_ARG(env, type_tag);
  CHECK_ARG(env, result);
  const rt_object_extra* extra = is_object(object) ? object->extra : NULL;
  *result = extra != NULL && extra->tagged && extra->type_tag.lower == type_tag->lower &&
            extra->type_tag.upper == type_tag->upper;
  return rt_clear_error(env);
}

/* ---- Freeze and seal ----------------------------------------------------------------------------------- */
/*
 * As Object.freeze and Object.seal: the properties lose configurable (and, frozen, data properties writable), the
 * object takes no new property. What an addon then tries answers as Node does: assignments and napi_set_* are
 * napi_ok and change nothing (sloppy mode), napi_delete_property answers false, napi_define_properties
 * napi_invalid_arg (objects.c).
 */
static napi_status set_integrity(napi_env env, napi_value object, enum rt_integrity level) {
  PREAMBLE(env);
  CHECK_ARG(env, object);
  if (is_nullish(object)) {
    return rt_to_object_failed(env, napi_object_expected);
  }
  if (!is_object(object)) {
    return rt_clear_error(env); /* a primitive is frozen already */
  }
  rt_object_extra* extra = rt_extra(object);
  if (extra == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  for (uint32_t i = 0; i < object->prop_count; i++) {
    rt_prop* p = &object->props[i];
    p->attributes &= ~napi_configurable;
    if (level == RT_FROZEN && p->getter == NULL && p->setter == NULL) {
      p->attributes &= ~napi_writable;
    }
  }
  if (extra->integrity < (uint8_t)level) {
    extra->integrity = (uint8_t)level;
  }
  return rt_clear_error(env);
}

napi_status NAPI_CDECL napi_object_freeze(napi_env env, napi_value object) {
  return set_integrity(env, object, RT_FROZEN);
}

napi_status NAPI_CDECL napi_object_seal(napi_env env, napi_value object) {
  return set_integrity(env, object, RT_SEALED);
}

/* ---- Finalizers ---------------------------------------------------------------------------------------- */

napi_status NAPI_CDECL napi_add_finalizer(napi_env env, napi_value object, void* finalize_data,
                                          node_api_basic_finalize finalize_cb, void* finalize_hint,
                                          napi_ref* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, object);
  CHECK_ARG(env, finalize_cb);
  if (!is_object(object)) {
    return rt_set_error(env, napi_invalid_arg);
  }
  rt_object_extra* extra = rt_extra(object);
  if (extra == NULL) {
    return rt_set_error(env, napi_generic_failure);
  }
  if (extra->finalizer_count == extra->finalizer_cap) {
    uint32_t cap = extra->finalizer_cap == 0 ? 2 : extra->finalizer_cap * 2;
    rt_finalizer* grown = realloc(extra->finalizers, cap * sizeof(*grown));
    if (grown == NULL) {
      return rt_set_error(env, napi_generic_failure);
    }
    extra->finalizers = grown;
    extra->finalizer_cap = cap;
  }
  if (result != NULL) {
    napi_status s = napi_create_reference(env, object, 0, result); /* weak: the addon's to delete */
    if (s != napi_ok) {
      return s;
    }
  }
  extra->finalizers[extra->finalizer_count++] = (rt_finalizer){(napi_finalize)finalize_cb, finalize_data,
                                                               finalize_hint};
  return rt_clear_error(env);
}
