/*
 * Fixture "classes": a class as Node's test/js-native-api/6_object_wrap defines it (MyObject: a `value` accessor,
 * plusOne, multiply; its constructor wraps `this` with `new`, and makes the instance with napi_new_instance when
 * called plainly), plus `observe`, which uses instances inside C and answers what it saw as one line. The same
 * library loads in Node (node -e "console.log(require('./libclasses.so').observe())"): both must say the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAPI_VERSION 9
#include <node_api.h>

#define CALL(env, call)                                      \
  do {                                                       \
    if ((call) != napi_ok) {                                 \
      napi_throw_error((env), "E_NAPI", #call " failed");    \
      return NULL;                                           \
    }                                                        \
  } while (0)

typedef struct module_state {
  napi_ref constructor; /* strong: the class lives as long as the module instance */
  int finalized;        /* instances whose destructor ran */
} module_state;

typedef struct my_object {
  double value;
  napi_ref wrapper; /* weak, from napi_wrap: deleted by the destructor */
  module_state* state;
} my_object;

static module_state* state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

static void destructor(napi_env env, void* data, void* hint) {
  (void)hint;
  my_object* object = data;
  object->state->finalized++;
  napi_delete_reference(env, object->wrapper);
  free(object);
}

static napi_value number(napi_env env, double d) {
  napi_value v = NULL;
  napi_create_double(env, d, &v);
  return v;
}

static napi_value construct(napi_env env, napi_callback_info info) {
  napi_value target, self, argv[1];
  size_t argc = 1;
  CALL(env, napi_get_new_target(env, info, &target));
  CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  module_state* state = state_of(env);
  if (target == NULL) { /* MyObject(value): made with new all the same */
    napi_value cons, instance;
    CALL(env, napi_get_reference_value(env, state->constructor, &cons));
    CALL(env, napi_new_instance(env, cons, argc, argv, &instance));
    return instance;
  }
  double value = 0;
  napi_valuetype type = napi_undefined;
  if (argc > 0) {
    CALL(env, napi_typeof(env, argv[0], &type));
  }
  if (type != napi_undefined) {
    CALL(env, napi_get_value_double(env, argv[0], &value));
  }
  my_object* object = calloc(1, sizeof(*object));
  object->value = value;
  object->state = state;
  if (napi_wrap(env, self, object, destructor, NULL, &object->wrapper) != napi_ok) {
    free(object);
    napi_throw_error(env, "E_NAPI", "napi_wrap failed");
    return NULL;
  }
  return self;
}

static my_object* this_object(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  napi_value self;
  void* object = NULL;
  if (napi_get_cb_info(env, info, argc, argv, &self, NULL) != napi_ok || napi_unwrap(env, self, &object) != napi_ok) {
    napi_throw_type_error(env, "E_NOT_MYOBJECT", "this is not a MyObject");
    return NULL;
  }
  return object;
}

static napi_value get_value(napi_env env, napi_callback_info info) {
  my_object* object = this_object(env, info, NULL, NULL);
  return object == NULL ? NULL : number(env, object->value);
}

static napi_value set_value(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  my_object* object = this_object(env, info, &argc, argv);
  if (object != NULL && argc > 0) {
    CALL(env, napi_get_value_double(env, argv[0], &object->value));
  }
  return NULL;
}

static napi_value plus_one(napi_env env, napi_callback_info info) {
  my_object* object = this_object(env, info, NULL, NULL);
  return object == NULL ? NULL : number(env, object->value += 1);
}

static napi_value multiply(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  my_object* object = this_object(env, info, &argc, argv);
  if (object == NULL) {
    return NULL;
  }
  double multiple = 1;
  if (argc > 0) {
    CALL(env, napi_get_value_double(env, argv[0], &multiple));
  }
  napi_value cons, instance, args[1] = {number(env, object->value * multiple)};
  CALL(env, napi_get_reference_value(env, object->state->constructor, &cons));
  CALL(env, napi_new_instance(env, cons, 1, args, &instance));
  return instance;
}

static napi_value finalized(napi_env env, napi_callback_info info) {
  (void)info;
  return number(env, state_of(env)->finalized);
}

/* ---- observe: what the runtime does with instances, seen from C, as one line --------------------------------- */

typedef struct line {
  char text[2048];
  size_t length;
} line;

static void say(line* out, const char* format, ...) __attribute__((format(printf, 2, 3)));

static void say(line* out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vsnprintf(out->text + out->length, sizeof(out->text) - out->length, format, args);
  va_end(args);
  if (n > 0 && out->length + (size_t)n < sizeof(out->text)) {
    out->length += (size_t)n;
  }
}

/* "status" or "status!" when it left an exception pending (cleared here). */
static void status(napi_env env, line* out, const char* what, napi_status s) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value e;
    napi_get_and_clear_last_exception(env, &e);
  }
  say(out, "%s=%d%s ", what, (int)s, pending ? "!" : "");
}

static double value_of(napi_env env, napi_value object, const char* name) {
  napi_value v;
  double d = -1;
  if (napi_get_named_property(env, object, name, &v) == napi_ok) {
    napi_get_value_double(env, v, &d);
  }
  return d;
}

static double call_method(napi_env env, napi_value object, const char* name, size_t argc, napi_value* argv,
                          napi_value* result) {
  napi_value fn, r = NULL;
  double d = -1;
  if (napi_get_named_property(env, object, name, &fn) == napi_ok &&
      napi_call_function(env, object, fn, argc, argv, &r) == napi_ok) {
    napi_get_value_double(env, r, &d);
  }
  if (result != NULL) {
    *result = r;
  }
  return d;
}

static bool has(napi_env env, napi_value object, const char* name, bool own) {
  napi_value key;
  bool result = false;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &key);
  if (own) {
    napi_has_own_property(env, object, key, &result);
  } else {
    napi_has_property(env, object, key, &result);
  }
  return result;
}

static napi_value observe(napi_env env, napi_callback_info info) {
  (void)info;
  line out = {"", 0};
  napi_value cons, object, plain, proto, member, undefined_value, result;
  bool b = false, eq = false;
  napi_get_undefined(env, &undefined_value);
  CALL(env, napi_get_reference_value(env, state_of(env)->constructor, &cons));
  napi_value ten = number(env, 10);
  status(env, &out, "new", napi_new_instance(env, cons, 1, &ten, &object));
  say(&out, "value=%g ", value_of(env, object, "value"));
  double first = call_method(env, object, "plusOne", 0, NULL, NULL);
  say(&out, "plusOne=%g,%g ", first, call_method(env, object, "plusOne", 0, NULL, NULL));
  status(env, &out, "setValue", napi_set_named_property(env, object, "value", number(env, 5)));
  say(&out, "value=%g ownValue=%d inValue=%d inPlusOne=%d ", value_of(env, object, "value"),
      has(env, object, "value", true), has(env, object, "value", false), has(env, object, "plusOne", false));
  napi_value three = number(env, 3);
  call_method(env, object, "multiply", 1, &three, &result);
  say(&out, "multiply=%g ", result == NULL ? -1 : value_of(env, result, "value"));
  napi_instanceof(env, result, cons, &b);
  say(&out, "productIsMyObject=%d ", b);
  napi_create_object(env, &plain);
  napi_instanceof(env, plain, cons, &b);
  say(&out, "plainIsMyObject=%d ", b);
  napi_instanceof(env, three, cons, &b);
  say(&out, "numberIsMyObject=%d ", b);
  status(env, &out, "instanceofPlain", napi_instanceof(env, object, plain, &b));
  status(env, &out, "getPrototype", napi_get_prototype(env, object, &proto));
  napi_get_named_property(env, cons, "prototype", &member);
  napi_strict_equals(env, proto, member, &eq);
  say(&out, "protoIsPrototype=%d ", eq);
  napi_get_named_property(env, proto, "constructor", &member);
  napi_strict_equals(env, member, cons, &eq);
  say(&out, "constructorIsClass=%d ", eq);
  status(env, &out, "getPrototypeUndefined", napi_get_prototype(env, undefined_value, &member));
  napi_get_named_property(env, cons, "create", &member);
  napi_valuetype type = napi_undefined;
  napi_typeof(env, member, &type);
  say(&out, "staticCreate=%d instanceHasCreate=%d ", (int)type, has(env, object, "create", false));
  status(env, &out, "callPlainly", napi_call_function(env, undefined_value, cons, 1, &three, &result));
  napi_instanceof(env, result, cons, &b);
  say(&out, "plainCallIsMyObject=%d value=%g ", b, value_of(env, result, "value"));
  status(env, &out, "newNotAFunction", napi_new_instance(env, plain, 0, NULL, &result));
  status(env, &out, "wrapTwice", napi_wrap(env, object, NULL, NULL, NULL, NULL));
  status(env, &out, "wrapNumber", napi_wrap(env, three, NULL, NULL, NULL, NULL));

  static const napi_type_tag tag = {0x1234, 0x5678}, other = {0x1234, 0x5679};
  status(env, &out, "tag", napi_type_tag_object(env, object, &tag));
  status(env, &out, "tagAgain", napi_type_tag_object(env, object, &other));
  napi_check_object_type_tag(env, object, &tag, &b);
  napi_check_object_type_tag(env, object, &other, &eq);
  say(&out, "tagged=%d,%d ", b, eq);
  napi_check_object_type_tag(env, plain, &tag, &b);
  say(&out, "plainTagged=%d ", b);
  status(env, &out, "tagUndefined", napi_type_tag_object(env, undefined_value, &tag));
  status(env, &out, "checkTagUndefined", napi_check_object_type_tag(env, undefined_value, &tag, &b));
  status(env, &out, "tagNumber", napi_type_tag_object(env, three, &tag));
  status(env, &out, "freezeUndefined", napi_object_freeze(env, undefined_value));
  status(env, &out, "sealUndefined", napi_object_seal(env, undefined_value));

  napi_value frozen, sealed, array, key_a, text;
  napi_create_object(env, &frozen);
  napi_create_object(env, &sealed);
  napi_create_array(env, &array);
  napi_create_string_utf8(env, "a", 1, &key_a);
  napi_create_string_utf8(env, "changed", NAPI_AUTO_LENGTH, &text);
  napi_set_named_property(env, frozen, "a", three);
  napi_set_named_property(env, sealed, "a", three);
  napi_set_element(env, array, 0, three);
  status(env, &out, "freeze", napi_object_freeze(env, frozen));
  status(env, &out, "seal", napi_object_seal(env, sealed));
  status(env, &out, "freezeArray", napi_object_freeze(env, array));
  status(env, &out, "freezeNumber", napi_object_freeze(env, three));
  status(env, &out, "frozenSet", napi_set_named_property(env, frozen, "a", text));
  status(env, &out, "frozenAdd", napi_set_named_property(env, frozen, "b", text));
  status(env, &out, "frozenElement", napi_set_element(env, array, 0, text));
  napi_get_element(env, array, 0, &member);
  napi_typeof(env, member, &type);
  say(&out, "frozenA=%g frozenHasB=%d element=%d ", value_of(env, frozen, "a"), has(env, frozen, "b", false), (int)type);
  status(env, &out, "frozenDelete", napi_delete_property(env, frozen, key_a, &b));
  say(&out, "deleted=%d ", b);
  napi_property_descriptor define[] = {{"c", NULL, NULL, NULL, NULL, text, napi_default, NULL}};
  status(env, &out, "frozenDefine", napi_define_properties(env, frozen, 1, define));
  status(env, &out, "sealedSet", napi_set_named_property(env, sealed, "a", number(env, 4)));
  status(env, &out, "sealedAdd", napi_set_named_property(env, sealed, "b", text));
  status(env, &out, "sealedDelete", napi_delete_property(env, sealed, key_a, &b));
  say(&out, "sealedA=%g sealedHasB=%d deleted=%d ", value_of(env, sealed, "a"), has(env, sealed, "b", false), b);
  status(env, &out, "sealedDefine", napi_define_properties(env, sealed, 1, define));

  napi_ref ref;
  status(env, &out, "refNumber", napi_create_reference(env, three, 1, &ref));
  status(env, &out, "refString", napi_create_reference(env, text, 1, &ref));
  status(env, &out, "refObject", napi_create_reference(env, plain, 0, &ref));
  uint32_t count = 7;
  status(env, &out, "unrefAtZero", napi_reference_unref(env, ref, &count));
  say(&out, "count=%u ", count);
  napi_delete_reference(env, ref);
  status(env, &out, "finalizerNumber", napi_add_finalizer(env, three, NULL, destructor, NULL, NULL));
  out.text[out.length > 0 ? out.length - 1 : 0] = '\0';
  napi_value answer;
  CALL(env, napi_create_string_utf8(env, out.text, NAPI_AUTO_LENGTH, &answer));
  return answer;
}

static void free_state(napi_env env, void* data, void* hint) {
  (void)hint;
  module_state* state = data;
  napi_delete_reference(env, state->constructor);
  free(state);
}

static napi_value init(napi_env env, napi_value exports) {
  module_state* state = calloc(1, sizeof(*state));
  if (state == NULL || napi_set_instance_data(env, state, free_state, NULL) != napi_ok) {
    free(state);
    return NULL;
  }
  napi_property_descriptor members[] = {
      {"value", NULL, NULL, get_value, set_value, NULL, napi_default, NULL},
      {"plusOne", NULL, plus_one, NULL, NULL, NULL, napi_default, NULL},
      {"multiply", NULL, multiply, NULL, NULL, NULL, napi_default, NULL},
      {"create", NULL, construct, NULL, NULL, NULL, napi_static, NULL},
  };
  napi_value cons;
  CALL(env, napi_define_class(env, "MyObject", NAPI_AUTO_LENGTH, construct, NULL, 4, members, &cons));
  CALL(env, napi_create_reference(env, cons, 1, &state->constructor));
  napi_property_descriptor exported[] = {
      {"MyObject", NULL, NULL, NULL, NULL, cons, napi_enumerable, NULL},
      {"observe", NULL, observe, NULL, NULL, NULL, napi_enumerable, NULL},
      {"finalized", NULL, finalized, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CALL(env, napi_define_properties(env, exports, 3, exported));
  return exports;
}

NAPI_MODULE_INIT() {
  return init(env, exports);
}
