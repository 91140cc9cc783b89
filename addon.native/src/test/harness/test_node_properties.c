/*
 * Properties as Node 20 has them where the runtime once differed (see docs/conformance.md): typed arrays' elements,
 * any view passing for a Buffer, functions' own `length` and `name`, redefining a non-configurable property,
 * accessors under the writable key filter, properties of primitives, the global `Object`, and napi_wrap's
 * reference needing a finalizer. Every expected value was printed by Node 20 for the same calls (a probe addon).
 */
#include <math.h>

#include "valuetypes_checks.h"

/* The element at index as a double (NAN if it is not a number). */
static double element(napi_env env, napi_value array, uint32_t index) {
  napi_value v;
  double d = NAN;
  if (napi_get_element(env, array, index, &v) == napi_ok) {
    napi_get_value_double(env, v, &d);
  }
  return d;
}

/* Sets element 0 to d and reads it back. */
static double round_trip(napi_env env, napi_value array, double d) {
  CHECK_INT(napi_set_element(env, array, 0, num(env, d)), napi_ok);
  return element(env, array, 0);
}

static const char* type_of(napi_env env, napi_value v) {
  static const char* const names[] = {"undefined", "null", "boolean", "number", "string", "symbol", "object",
                                      "function", "external", "bigint"};
  napi_valuetype type;
  return napi_typeof(env, v, &type) == napi_ok ? names[type] : "?";
}

void test_typed_array_elements(void) {
  VT_BEGIN(env);
  napi_value ab, ta, v;
  void* data;
  bool b;
  napi_create_arraybuffer(env, 16, &data, &ab);

  napi_create_typedarray(env, napi_int8_array, 1, ab, 0, &ta);
  CHECK(round_trip(env, ta, 300) == 44 && round_trip(env, ta, -1.5) == -1 && round_trip(env, ta, 1e10) == 0);
  napi_create_typedarray(env, napi_uint8_clamped_array, 1, ab, 0, &ta);
  CHECK(round_trip(env, ta, 300) == 255 && round_trip(env, ta, -1.5) == 0 && round_trip(env, ta, 2.5) == 2 &&
        round_trip(env, ta, 3.5) == 4 && round_trip(env, ta, NAN) == 0);
  napi_create_typedarray(env, napi_int16_array, 1, ab, 0, &ta);
  CHECK(round_trip(env, ta, 1e10) == -7168);
  napi_create_typedarray(env, napi_uint32_array, 1, ab, 0, &ta);
  CHECK(round_trip(env, ta, 1e10) == 1410065408 && round_trip(env, ta, -1.5) == 4294967295.0);
  napi_create_typedarray(env, napi_float32_array, 1, ab, 0, &ta);
  CHECK(round_trip(env, ta, 3.4e39) == INFINITY && round_trip(env, ta, -1.5) == -1.5);
  napi_create_typedarray(env, napi_float64_array, 1, ab, 0, &ta);
  double negative_zero = round_trip(env, ta, -0.0);
  CHECK(negative_zero == 0 && signbit(negative_zero));
  CHECK_INT(napi_set_element(env, ta, 0, str(env, "7")), napi_ok); /* ToNumber */
  CHECK(element(env, ta, 0) == 7);

  /* Integer-indexed: beyond the length and other numeric keys are not there and take nothing. */
  napi_create_typedarray(env, napi_uint8_array, 4, ab, 0, &ta);
  CHECK_INT(napi_set_element(env, ta, 5, num(env, 1)), napi_ok);
  CHECK_INT(napi_get_element(env, ta, 5, &v), napi_ok);
  CHECK_STR(type_of(env, v), "undefined");
  CHECK(napi_has_element(env, ta, 0, &b) == napi_ok && b);
  CHECK(napi_has_element(env, ta, 5, &b) == napi_ok && !b);
  CHECK(napi_delete_element(env, ta, 0, &b) == napi_ok && !b); /* elements stay */
  CHECK(napi_delete_element(env, ta, 5, &b) == napi_ok && b);
  CHECK_INT(napi_set_named_property(env, ta, "1.5", num(env, 1)), napi_ok);
  CHECK_INT(napi_get_named_property(env, ta, "1.5", &v), napi_ok);
  CHECK_STR(type_of(env, v), "undefined");
  CHECK_INT(napi_set_named_property(env, ta, "foo", num(env, 1)), napi_ok);
  CHECK_INT(napi_get_all_property_names(env, ta, napi_key_own_only, napi_key_all_properties,
                                        napi_key_numbers_to_strings, &v), napi_ok);
  CHECK_STR(render(env, v), "[\"0\",\"1\",\"2\",\"3\",\"foo\"]");

  /* BigInt kinds: a BigInt (or a string) goes in, a number throws; a BigInt comes out. */
  napi_create_typedarray(env, napi_bigint64_array, 1, ab, 8, &ta);
  CHECK_STR(vt_status_and_exception(env, napi_set_element(env, ta, 0, num(env, 300))),
            "9 TypeError: Cannot convert 300 to a BigInt");
  napi_value big;
  napi_create_bigint_int64(env, -5, &big);
  CHECK_INT(napi_set_element(env, ta, 0, big), napi_ok);
  int64_t i64 = 0;
  bool lossless = false;
  CHECK(napi_get_element(env, ta, 0, &v) == napi_ok &&
        napi_get_value_bigint_int64(env, v, &i64, &lossless) == napi_ok && i64 == -5 && lossless);
  CHECK_INT(napi_set_element(env, ta, 0, str(env, "7")), napi_ok);
  CHECK(napi_get_element(env, ta, 0, &v) == napi_ok &&
        napi_get_value_bigint_int64(env, v, &i64, &lossless) == napi_ok && i64 == 7);

  /* A Buffer's elements are its bytes; any typed array or DataView passes for a Buffer (Node 20). */
  napi_value buffer, dv;
  napi_create_buffer(env, 2, &data, &buffer);
  CHECK(round_trip(env, buffer, 258) == 2 && ((uint8_t*)data)[0] == 2);
  napi_create_typedarray(env, napi_int16_array, 1, ab, 0, &ta);
  napi_create_dataview(env, 4, ab, 0, &dv);
  size_t length = 0;
  CHECK(napi_is_buffer(env, ta, &b) == napi_ok && b);
  CHECK(napi_is_buffer(env, dv, &b) == napi_ok && b);
  CHECK(napi_is_buffer(env, ab, &b) == napi_ok && !b);
  CHECK(napi_get_buffer_info(env, ta, NULL, &length) == napi_ok && length == 2);
  CHECK_INT(napi_get_element(env, dv, 0, &v), napi_ok); /* a DataView has no elements */
  CHECK_STR(type_of(env, v), "undefined");
  VT_END(env);
}

static napi_value nothing(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  return NULL;
}

/* property `key` of o as rendered text */
static const char* prop(napi_env env, napi_value o, const char* key) {
  napi_value v;
  return napi_get_named_property(env, o, key, &v) == napi_ok ? render(env, v) : "<failed>";
}

void test_function_name_and_length(void) {
  VT_BEGIN(env);
  napi_value f, names, o, cls, proto, method;
  bool b;
  napi_create_function(env, "probe", 3, nothing, NULL, &f); /* "pro" */
  CHECK_STR(prop(env, f, "name"), "\"pro\"");
  CHECK_STR(prop(env, f, "length"), "0");
  CHECK_INT(napi_set_named_property(env, f, "name", str(env, "x")), napi_ok); /* read-only: ignored */
  CHECK_STR(prop(env, f, "name"), "\"pro\"");
  napi_get_all_property_names(env, f, napi_key_own_only, napi_key_configurable, napi_key_numbers_to_strings, &names);
  CHECK_STR(render(env, names), "[\"length\",\"name\"]");
  napi_get_all_property_names(env, f, napi_key_own_only, napi_key_enumerable, napi_key_numbers_to_strings, &names);
  CHECK_STR(render(env, names), "[]");
  CHECK(napi_delete_property(env, f, str(env, "name"), &b) == napi_ok && b); /* configurable */
  napi_create_function(env, NULL, 0, nothing, NULL, &f);
  CHECK_STR(prop(env, f, "name"), "\"\"");

  /* napi_define_properties' methods and a class's static ones are anonymous; its prototype methods are named. */
  napi_create_object(env, &o);
  napi_property_descriptor d = {"meth", NULL, nothing, NULL, NULL, NULL, napi_default, NULL};
  napi_define_properties(env, o, 1, &d);
  napi_get_named_property(env, o, "meth", &method);
  CHECK_STR(prop(env, method, "name"), "\"\"");
  napi_property_descriptor cd[] = {{"im", NULL, nothing, NULL, NULL, NULL, napi_default, NULL},
                                   {"sm", NULL, nothing, NULL, NULL, NULL, napi_static, NULL}};
  CHECK_INT(napi_define_class(env, "Cls", NAPI_AUTO_LENGTH, nothing, NULL, 2, cd, &cls), napi_ok);
  CHECK_STR(prop(env, cls, "name"), "\"Cls\"");
  CHECK_STR(prop(env, cls, "length"), "0");
  napi_get_named_property(env, cls, "prototype", &proto);
  napi_get_named_property(env, proto, "im", &method);
  CHECK_STR(prop(env, method, "name"), "\"im\"");
  napi_get_named_property(env, cls, "sm", &method);
  CHECK_STR(prop(env, method, "name"), "\"\"");

  /* Node: a reference to a wrap is the finalizer's to delete, so it needs one. */
  napi_ref ref;
  CHECK_INT(napi_wrap(env, o, &ref, NULL, NULL, &ref), napi_invalid_arg);
  VT_END(env);
}

void test_redefine_and_key_filters(void) {
  VT_BEGIN(env);
  napi_value o, names, v;
  napi_create_object(env, &o);
  napi_property_descriptor read_only = {"ro", NULL, NULL, NULL, NULL, num(env, 1), napi_default, NULL};
  napi_define_properties(env, o, 1, &read_only);
  CHECK_INT(napi_define_properties(env, o, 1, &read_only), napi_ok); /* the very same: allowed */
  napi_property_descriptor other_value = {"ro", NULL, NULL, NULL, NULL, num(env, 2), napi_default, NULL};
  CHECK_INT(napi_define_properties(env, o, 1, &other_value), napi_invalid_arg);
  napi_property_descriptor enumerable = {"ro", NULL, NULL, NULL, NULL, num(env, 1), napi_enumerable, NULL};
  CHECK_INT(napi_define_properties(env, o, 1, &enumerable), napi_invalid_arg);
  napi_property_descriptor writable = {"ro", NULL, NULL, NULL, NULL, num(env, 1), napi_writable, NULL};
  CHECK_INT(napi_define_properties(env, o, 1, &writable), napi_invalid_arg);
  napi_property_descriptor nan = {"nan", NULL, NULL, NULL, NULL, num(env, NAN), napi_default, NULL};
  napi_define_properties(env, o, 1, &nan);
  CHECK_INT(napi_define_properties(env, o, 1, &nan), napi_ok); /* SameValue(NaN, NaN) */
  napi_property_descriptor zero = {"zero", NULL, NULL, NULL, NULL, num(env, 0.0), napi_default, NULL};
  napi_property_descriptor minus_zero = {"zero", NULL, NULL, NULL, NULL, num(env, -0.0), napi_default, NULL};
  napi_define_properties(env, o, 1, &zero);
  CHECK_INT(napi_define_properties(env, o, 1, &minus_zero), napi_invalid_arg);
  napi_property_descriptor text = {"text", NULL, NULL, NULL, NULL, str(env, "abc"), napi_default, NULL};
  napi_define_properties(env, o, 1, &text);
  text.value = str(env, "abc");
  CHECK_INT(napi_define_properties(env, o, 1, &text), napi_ok);
  /* A writable non-configurable property takes a new value and may become read-only. */
  napi_property_descriptor w = {"w", NULL, NULL, NULL, NULL, num(env, 1), napi_writable, NULL};
  napi_define_properties(env, o, 1, &w);
  napi_property_descriptor w_read_only = {"w", NULL, NULL, NULL, NULL, num(env, 2), napi_default, NULL};
  CHECK_INT(napi_define_properties(env, o, 1, &w_read_only), napi_ok);
  CHECK_STR(prop(env, o, "w"), "2");
  /* Node makes new functions for every descriptor: an accessor or method never redefines the same. */
  napi_property_descriptor accessor = {"acc", NULL, NULL, nothing, NULL, NULL, napi_default, NULL};
  napi_define_properties(env, o, 1, &accessor);
  CHECK_INT(napi_define_properties(env, o, 1, &accessor), napi_invalid_arg);
  napi_property_descriptor method = {"m", NULL, nothing, NULL, NULL, NULL, napi_default, NULL};
  napi_define_properties(env, o, 1, &method);
  CHECK_INT(napi_define_properties(env, o, 1, &method), napi_generic_failure);

  /* Accessors pass napi_key_writable (V8 gives them no read-only attribute). */
  napi_get_all_property_names(env, o, napi_key_own_only, napi_key_writable, napi_key_numbers_to_strings, &names);
  CHECK_STR(render(env, names), "[\"acc\"]");
  (void)v;
  VT_END(env);
}

void test_primitive_receivers_and_global_object(void) {
  VT_BEGIN(env);
  napi_value symbol, bare, v, global, object_ctor, object_proto, proto, o, f, made;
  bool b;
  napi_create_symbol(env, str(env, "desc"), &symbol);
  napi_create_symbol(env, NULL, &bare);
  CHECK_STR(prop(env, symbol, "description"), "\"desc\"");
  CHECK_INT(napi_get_named_property(env, bare, "description", &v), napi_ok);
  CHECK_STR(type_of(env, v), "undefined");
  CHECK_STR(prop(env, str(env, "h\xc3\xa9llo"), "length"), "5");
  CHECK_STR(prop(env, str(env, "\xf0\x9f\x98\x80"), "length"), "2"); /* UTF-16 code units */
  CHECK(napi_get_element(env, str(env, "h\xc3\xa9llo"), 1, &v) == napi_ok);
  CHECK_STR(render(env, v), "\"\xc3\xa9\"");
  CHECK(napi_has_named_property(env, str(env, "ab"), "length", &b) == napi_ok && b);
  CHECK(napi_has_named_property(env, num(env, 1), "x", &b) == napi_ok && !b);
  CHECK_INT(napi_set_named_property(env, num(env, 1), "x", num(env, 2)), napi_ok);
  CHECK_INT(napi_get_named_property(env, num(env, 1), "toFixed", &v), napi_ok); /* no built-ins: undefined */
  CHECK_STR(type_of(env, v), "undefined");
  napi_get_undefined(env, &v);
  CHECK_INT(napi_get_named_property(env, v, "x", &v), napi_object_expected);
  CHECK(napi_is_exception_pending(env, &b) == napi_ok && b); /* ToObject's TypeError, as in Node */
  napi_get_and_clear_last_exception(env, &v);

  napi_get_global(env, &global);
  CHECK_INT(napi_get_named_property(env, global, "Object", &object_ctor), napi_ok);
  CHECK_STR(type_of(env, object_ctor), "function");
  CHECK_STR(prop(env, object_ctor, "name"), "\"Object\"");
  CHECK_STR(prop(env, object_ctor, "length"), "1");
  napi_get_named_property(env, object_ctor, "prototype", &object_proto);
  napi_create_object(env, &o);
  napi_get_prototype(env, o, &proto);
  CHECK(napi_strict_equals(env, proto, object_proto, &b) == napi_ok && b);
  CHECK(napi_instanceof(env, o, object_ctor, &b) == napi_ok && b);
  CHECK(napi_instanceof(env, num(env, 1), object_ctor, &b) == napi_ok && !b);
  napi_create_function(env, "f", NAPI_AUTO_LENGTH, nothing, NULL, &f);
  CHECK(napi_instanceof(env, f, object_ctor, &b) == napi_ok && b);
  CHECK_INT(napi_new_instance(env, object_ctor, 0, NULL, &made), napi_ok);
  CHECK_STR(type_of(env, made), "object");
  napi_value five = num(env, 5);
  CHECK_INT(napi_call_function(env, global, object_ctor, 1, &five, &made), napi_ok);
  CHECK_STR(type_of(env, made), "object");
  CHECK_STR(vt_text(env, made), "5");
  VT_END(env);
}

/* Calls global.Symbol[method](arg) (or Symbol(arg) for method NULL): the status and what it threw, or the result. */
static const char* call_symbol(napi_env env, const char* method, napi_value arg, napi_value* result) {
  napi_value global, symbol, fn;
  napi_get_global(env, &global);
  napi_get_named_property(env, global, "Symbol", &symbol);
  fn = symbol;
  if (method != NULL) {
    napi_get_named_property(env, symbol, method, &fn);
  }
  napi_status status = napi_call_function(env, symbol, fn, arg == NULL ? 0 : 1, &arg, result);
  return vt_status_and_exception(env, status);
}

/* node-addon-api's Napi::Symbol::For calls global.Symbol.for, Napi::Symbol::WellKnown reads global.Symbol[name]. */
void test_global_symbol(void) {
  VT_BEGIN(env);
  napi_value global, symbol, a, b, registered, v, iterator, again, descriptor_keys;
  bool same;
  napi_get_global(env, &global);
  CHECK_INT(napi_get_named_property(env, global, "Symbol", &symbol), napi_ok);
  CHECK_STR(type_of(env, symbol), "function");
  CHECK_STR(prop(env, symbol, "name"), "\"Symbol\"");
  CHECK_STR(prop(env, symbol, "length"), "0");

  CHECK_STR(call_symbol(env, "for", str(env, "app.key"), &a), "0");
  CHECK_STR(call_symbol(env, "for", str(env, "app.key"), &b), "0");
  CHECK(napi_strict_equals(env, a, b, &same) == napi_ok && same);
  CHECK_INT(node_api_symbol_for(env, "app.key", NAPI_AUTO_LENGTH, &registered), napi_ok); /* one registry */
  CHECK(napi_strict_equals(env, a, registered, &same) == napi_ok && same);
  CHECK_STR(prop(env, a, "description"), "\"app.key\"");
  CHECK_STR(call_symbol(env, "for", NULL, &v), "0");
  CHECK_STR(prop(env, v, "description"), "\"undefined\"");

  CHECK_STR(call_symbol(env, NULL, str(env, "app.key"), &v), "0"); /* Symbol(d): a new one each time */
  CHECK(napi_strict_equals(env, a, v, &same) == napi_ok && !same);
  CHECK_STR(prop(env, v, "description"), "\"app.key\"");
  CHECK_STR(call_symbol(env, NULL, num(env, 5), &v), "0");
  CHECK_STR(prop(env, v, "description"), "\"5\"");
  CHECK_STR(call_symbol(env, NULL, NULL, &v), "0");
  CHECK_STR(prop(env, v, "description"), "undefined");
  CHECK_INT(napi_new_instance(env, symbol, 0, NULL, &v), napi_pending_exception);
  CHECK_STR(vt_status_and_exception(env, napi_pending_exception), "10 TypeError: Symbol is not a constructor");

  CHECK_STR(call_symbol(env, "keyFor", a, &v), "0");
  CHECK_STR(render(env, v), "\"app.key\"");
  napi_create_symbol(env, str(env, "app.key"), &b);
  CHECK_STR(call_symbol(env, "keyFor", b, &v), "0");
  CHECK_STR(type_of(env, v), "undefined");
  CHECK_STR(call_symbol(env, "keyFor", num(env, 1), &v), "10 TypeError: 1 is not a symbol");

  CHECK_INT(napi_get_named_property(env, symbol, "iterator", &iterator), napi_ok);
  CHECK_STR(type_of(env, iterator), "symbol");
  CHECK_STR(prop(env, iterator, "description"), "\"Symbol.iterator\"");
  napi_get_named_property(env, symbol, "iterator", &again);
  CHECK(napi_strict_equals(env, iterator, again, &same) == napi_ok && same);
  napi_get_named_property(env, symbol, "toStringTag", &v);
  CHECK_STR(prop(env, v, "description"), "\"Symbol.toStringTag\"");
  CHECK_INT(napi_set_named_property(env, symbol, "iterator", num(env, 1)), napi_ok); /* read-only: ignored */
  napi_get_named_property(env, symbol, "iterator", &again);
  CHECK(napi_strict_equals(env, iterator, again, &same) == napi_ok && same);
  /* Not enumerable, as in V8: Object.keys(Symbol) is empty */
  CHECK_INT(napi_get_property_names(env, symbol, &descriptor_keys), napi_ok);
  CHECK_STR(render(env, descriptor_keys), "[]");
  VT_END(env);
}

/* node-addon-api's Napi::Value::IsPromise throws when napi_is_promise fails: it must answer (false if no promise). */
void test_is_promise(void) {
  VT_BEGIN(env);
  napi_value o;
  bool is_promise = true;
  napi_create_object(env, &o);
  CHECK_INT(napi_is_promise(env, o, &is_promise), napi_ok);
  CHECK(!is_promise);
  is_promise = true;
  CHECK_INT(napi_is_promise(env, num(env, 42), &is_promise), napi_ok);
  CHECK(!is_promise);
  CHECK_INT(napi_is_promise(env, NULL, &is_promise), napi_invalid_arg);
  CHECK_INT(napi_is_promise(env, o, NULL), napi_invalid_arg);
  VT_END(env);
}

/* napi_coerce_to_object of a string: a String object with the string's own length and characters, as in V8
   (node-addon-api: Napi::Value::ToObject). */
void test_string_object(void) {
  VT_BEGIN(env);
  napi_value boxed, v;
  bool b;
  CHECK_INT(napi_coerce_to_object(env, str(env, "h\xc3\xa9llo"), &boxed), napi_ok);
  CHECK_STR(prop(env, boxed, "length"), "5");
  CHECK(napi_get_element(env, boxed, 1, &v) == napi_ok);
  CHECK_STR(render(env, v), "\"\xc3\xa9\"");
  CHECK(napi_has_named_property(env, boxed, "length", &b) == napi_ok && b);
  CHECK(napi_has_own_property(env, boxed, str(env, "length"), &b) == napi_ok && b);
  CHECK(napi_has_element(env, boxed, 4, &b) == napi_ok && b);
  CHECK(napi_has_element(env, boxed, 5, &b) == napi_ok && !b);
  CHECK_INT(napi_get_element(env, boxed, 5, &v), napi_ok);
  CHECK_STR(type_of(env, v), "undefined");
  VT_END(env);
}

static napi_value returns_this(napi_env env, napi_callback_info info) {
  napi_value self = NULL;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  return self;
}

/* Where the runtime answered other than Node until the conformance suite caught it (docs/conformance.md): each
   expectation is what Node 20 printed for the same call. */
void test_node_receivers_keys_and_throws(void) {
  VT_BEGIN(env);
  napi_value v, u, global, f, self, o, key;
  bool b;
  napi_get_undefined(env, &u);
  napi_get_global(env, &global);

  /* A throw while an exception is pending is refused, and the first exception stays. */
  CHECK_INT(napi_throw_error(env, NULL, "first"), napi_ok);
  CHECK_INT(napi_throw_type_error(env, NULL, "second"), napi_pending_exception);
  CHECK_INT(napi_throw(env, num(env, 1)), napi_pending_exception);
  CHECK_STR(vt_status_and_exception(env, napi_ok), "0 Error: first");

  /* undefined and null receivers: ToObject's TypeError, after the NULL checks of the other arguments. */
  CHECK_STR(vt_status_and_exception(env, napi_set_named_property(env, u, NULL, num(env, 1))),
            "2 TypeError: Cannot convert undefined or null to object");
  CHECK_STR(vt_status_and_exception(env, napi_set_element(env, u, 0, NULL)), "1");
  CHECK_STR(vt_status_and_exception(env, napi_get_property_names(env, u, &v)),
            "2 TypeError: Cannot convert undefined or null to object");

  /* A sloppy-mode function's `this`: the global object for undefined, a wrapper for a primitive. */
  napi_create_function(env, "returnsThis", NAPI_AUTO_LENGTH, returns_this, NULL, &f);
  CHECK_INT(napi_call_function(env, u, f, 0, NULL, &self), napi_ok);
  CHECK(napi_strict_equals(env, self, global, &b) == napi_ok && b);
  CHECK_INT(napi_call_function(env, num(env, 5), f, 0, NULL, &self), napi_ok);
  CHECK_STR(type_of(env, self), "object");
  CHECK_STR(vt_text(env, self), "5");
  CHECK_INT(napi_call_function(env, u, num(env, 5), 0, NULL, &self), napi_invalid_arg);

  /* ToPropertyKey: any key converts to a string; an external has no ToPrimitive. */
  napi_create_object(env, &o);
  napi_get_boolean(env, true, &key);
  CHECK_INT(napi_set_property(env, o, key, num(env, 1)), napi_ok);
  CHECK_STR(prop(env, o, "true"), "1");
  napi_create_object(env, &key);
  CHECK_INT(napi_set_property(env, o, key, num(env, 2)), napi_ok);
  CHECK_STR(prop(env, o, "[object Object]"), "2");
  napi_create_external(env, NULL, NULL, NULL, &key);
  CHECK_STR(vt_status_and_exception(env, napi_get_property(env, o, key, &v)),
            "9 TypeError: Cannot convert object to primitive value");

  /* 2^32-1 is no array index: a plain property, not counted by the length. */
  napi_value array;
  uint32_t length = 99;
  napi_create_array(env, &array);
  CHECK_INT(napi_set_element(env, array, UINT32_MAX, num(env, 7)), napi_ok);
  CHECK(napi_get_array_length(env, array, &length) == napi_ok && length == 0);
  CHECK_STR(prop(env, array, "4294967295"), "7");

  /* Primitive receivers and String objects: a string's length and characters are its wrapper's own keys. */
  CHECK(napi_has_own_property(env, str(env, "ab"), str(env, "1"), &b) == napi_ok && b);
  CHECK(napi_delete_property(env, str(env, "ab"), str(env, "length"), &b) == napi_ok && !b);
  napi_get_all_property_names(env, str(env, "ab"), napi_key_own_only, napi_key_writable, napi_key_numbers_to_strings,
                              &v);
  CHECK_STR(render(env, v), "[\"0\",\"1\"]");
  napi_value string_object;
  napi_coerce_to_object(env, str(env, "ab"), &string_object);
  CHECK_STR(prop(env, string_object, "length"), "2");
  napi_get_all_property_names(env, string_object, napi_key_own_only, napi_key_all_properties,
                              napi_key_numbers_to_strings, &v);
  CHECK_STR(render(env, v), "[\"0\",\"1\",\"length\"]");

  /* Latin-1 keeps the low byte of each UTF-16 unit: U+1D11E is D834 DD1E, so "4" and 0x1E. */
  char latin1[4];
  size_t written = 0;
  CHECK_INT(napi_get_value_string_latin1(env, str(env, "\xf0\x9d\x84\x9e"), latin1, sizeof(latin1), &written),
            napi_ok);
  CHECK(written == 2 && latin1[0] == '4' && latin1[1] == 0x1E);
  CHECK_INT(napi_get_value_string_latin1(env, str(env, "\xf0\x9d\x84\x9e"), latin1, 2, &written), napi_ok);
  CHECK(written == 1 && latin1[0] == '4');
  VT_END(env);
}
